// SPDX-License-Identifier: MIT
/// @file source_records.hpp  What an index remembers of the source files it read (so a rerun
/// skips the unchanged ones) and of the files it is replacing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <tilde/index_writer.hpp>

namespace tilde {

/// 16 hex digits of a hash of the path: names the source in terms and metadata keys.
[[nodiscard]] std::string source_id(const std::string& path);

/// The term every passage read from `path` carries (kSourcePrefix).
[[nodiscard]] std::string source_term(const std::string& path);

/// The same from the source's id (its 16 hex digits), and back.
[[nodiscard]] std::string source_term_of_id(std::string_view id);
[[nodiscard]] std::string id_of_source_term(std::string_view term);

/// The metadata key of `path`'s record (kMetaSourcePrefix).
[[nodiscard]] std::string source_record_key(const std::string& path);

/// "SIZE MTIME_NS HASH SKIPPED PATH".
[[nodiscard]] std::string format_source_record(const SourceFile& file);

/// The record, or nothing for a value tilde did not write.
[[nodiscard]] std::optional<SourceFile> parse_source_record(std::string_view value);

/// The metadata key that marks `path`'s new passages pending (kMetaPendingPrefix).
[[nodiscard]] std::string pending_key(const std::string& path);

}  // namespace tilde
