// SPDX-License-Identifier: MIT
/// @file source_records.cpp  Source-file records and the keys that name sources.
#include "source_records.hpp"

#include <cstdio>
#include <sstream>

#include "fnv1a.hpp"
#include "passage_record.hpp"
#include "schema.hpp"

namespace tilde {

std::string source_id(const std::string& path) { return Fnv1a().add(path).hex(); }

std::string source_term(const std::string& path) {
    return key_term(kSourcePrefix, Fnv1a().add(path).value());
}

std::string source_term_of_id(std::string_view id) {
    return key_term(kSourcePrefix, std::stoull(std::string(id), nullptr, 16));
}

std::string id_of_source_term(std::string_view term) {
    char digits[17];
    std::snprintf(digits, sizeof digits, "%016llx", static_cast<unsigned long long>(key_of(term)));
    return digits;
}

std::string source_record_key(const std::string& path) {
    return prefixed(kMetaSourcePrefix, source_id(path));
}

std::string pending_key(const std::string& path) {
    return prefixed(kMetaPendingPrefix, source_id(path));
}

std::string format_source_record(const SourceFile& file) {
    return std::to_string(file.size) + " " + std::to_string(file.mtime_ns) + " " +
           std::to_string(file.content_hash) + " " + std::to_string(file.skipped) + " " + file.path;
}

std::optional<SourceFile> parse_source_record(std::string_view value) {
    SourceFile file;
    std::istringstream in{std::string(value)};
    if (!(in >> file.size >> file.mtime_ns >> file.content_hash >> file.skipped)) {
        return std::nullopt;
    }
    in.get();  // the space before the path, which may hold spaces itself
    std::getline(in, file.path);
    if (file.path.empty()) {
        return std::nullopt;
    }
    return file;
}

}  // namespace tilde
