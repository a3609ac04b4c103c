// SPDX-License-Identifier: MIT
/// @file shard_stub.cpp  Reading and writing the stub that lists a sharded index's shards.
#include "shard_stub.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

#include <tilde/errors.hpp>

#include "fnv1a.hpp"
#include "index_layout.hpp"
#include "trim.hpp"

namespace tilde {
namespace {

// A stub is a short text file; a single-file index is binary and large.
constexpr std::uintmax_t kMaxStubBytes = 1 << 20;

// How a single-file glass database begins (its version block); Xapian reads any other file
// as a stub, whatever its bytes.
constexpr std::string_view kSingleFileMagic = "\x0f\x0dXapian Glass";

// Xapian follows a stub's lines as C strings, so a NUL would cut a path short: "auto a\0b"
// opens "a". A stub with NULs is refused rather than read two ways.
IndexCorrupt binary_stub(const std::filesystem::path& file) {
    return IndexCorrupt("'" + file.string() +
                        "' is neither an index nor a shard list (it holds NUL bytes)");
}

}  // namespace

std::optional<ShardStub> read_shard_stub(const std::filesystem::path& index_path) {
    std::error_code ec;
    std::filesystem::path file = index_path;
    if (std::filesystem::is_directory(index_path, ec)) {
        file = index_path / kShardStubName;
        if (!std::filesystem::is_regular_file(file, ec)) {
            return std::nullopt;
        }
    } else if (!std::filesystem::is_regular_file(index_path, ec) ||
               std::filesystem::file_size(index_path, ec) > kMaxStubBytes) {
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    if (text.starts_with(kSingleFileMagic)) {
        return std::nullopt;  // a single-file index
    }
    if (text.find('\0') != std::string::npos) {
        throw binary_stub(file);
    }
    if (is_generation_stub(text)) {
        check_stub_chain(file);
        return std::nullopt;  // one index naming its current generation (index_layout.hpp)
    }
    ShardStub stub{file, {}};
    const std::filesystem::path base = file.parent_path();
    std::istringstream lines(text);
    std::string raw;
    int number = 0;
    auto bad = [&](const std::string& why) {
        return IndexCorrupt("shard list '" + file.string() + "' line " + std::to_string(number) +
                            ": " + why);
    };
    while (std::getline(lines, raw)) {
        ++number;
        const std::string line(trim_spaces(raw));
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const size_t space = line.find_first_of(" \t");
        const std::string kind = line.substr(0, space);
        const std::string rest(space == std::string::npos ? "" : trim_spaces(line.substr(space)));
        ShardLocation shard;
        shard.entry = kind + " " + rest;
        if (kind == "auto" || kind == "glass") {
            if (rest.empty()) {
                throw bad("'" + kind + "' needs the shard's folder");
            }
            // Relative to the stub, as Xapian reads stubs.
            shard.path = std::filesystem::path(rest).is_absolute() ? std::filesystem::path(rest)
                                                                   : base / rest;
        } else if (kind == "remote") {
            // Xapian's TCP form; the other (a program to run) needs no server, but tilde
            // would have to trust the stub to run commands.
            const size_t colon = rest.rfind(':');
            unsigned port = 0;
            bool valid = !rest.empty() && rest[0] == ':' && colon != std::string::npos && colon > 1;
            if (valid) {
                const char* last = rest.data() + rest.size();
                auto [end, error] = std::from_chars(rest.data() + colon + 1, last, port);
                valid = error == std::errc() && end == last && port > 0 && port <= 65535;
            }
            if (!valid) {
                throw bad("expected 'remote :HOST:PORT' (a xapian-tcpsrv server), not '" + line +
                          "'");
            }
            shard.host = rest.substr(1, colon - 1);
            shard.port = port;
        } else if (stub.shards.empty()) {
            return std::nullopt;  // some other text file
        } else {
            throw bad("unknown shard kind '" + kind +
                      "'; use 'auto FOLDER' or 'remote :HOST:PORT'");
        }
        stub.shards.push_back(std::move(shard));
    }
    if (stub.shards.empty()) {
        if (file.filename() == kShardStubName) {
            throw bad("lists no shards");
        }
        return std::nullopt;
    }
    check_stub_chain(file);
    return stub;
}

// Xapian follows stubs that list stubs without end: one that lists itself, or two that list
// each other, would recurse until the stack runs out. Followed here first, a few levels deep.
void check_stub_chain(const std::filesystem::path& file, std::vector<std::filesystem::path> seen) {
    constexpr size_t kMaxDepth = 4;
    std::error_code ec;
    const std::filesystem::path here = std::filesystem::weakly_canonical(file, ec);
    if (std::find(seen.begin(), seen.end(), here) != seen.end()) {
        throw IndexCorrupt("shard list '" + seen.front().string() + "' leads back to '" +
                           here.string() +
                           "': stubs that list each other (or themselves) "
                           "are not an index");
    }
    if (seen.size() >= kMaxDepth) {
        throw IndexCorrupt("shard list '" + seen.front().string() + "' nests stubs more than " +
                           std::to_string(kMaxDepth) + " deep");
    }
    seen.push_back(here);
    std::ifstream in(file, std::ios::binary);
    for (std::string raw; std::getline(in, raw);) {
        const std::string line(trim_spaces(raw));
        if (!line.starts_with("auto ") && !line.starts_with("glass ")) {
            continue;
        }
        std::filesystem::path target(std::string(trim_spaces(line.substr(line.find(' ')))));
        if (!target.is_absolute()) {
            target = file.parent_path() / target;
        }
        if (std::filesystem::is_directory(target, ec)) {
            target /= kShardStubName;  // a folder is a stub when it holds one
        }
        if (std::filesystem::is_regular_file(target, ec) &&
            std::filesystem::file_size(target, ec) <= kMaxStubBytes) {
            std::ifstream probe(target, std::ios::binary);
            const std::string head((std::istreambuf_iterator<char>(probe)),
                                   std::istreambuf_iterator<char>());
            if (head.starts_with(kSingleFileMagic)) {
                continue;  // a single-file index
            }
            if (head.find('\0') != std::string::npos) {
                throw binary_stub(target);
            }
            check_stub_chain(target, seen);  // another stub
        }
    }
}

ShardStub write_shard_stub(const std::filesystem::path& folder, size_t count) {
    ShardStub stub{folder / kShardStubName, {}};
    std::ostringstream text;
    text << "# A tilde index in " << count
         << " shards (tilde-index --shards): each document is in shard (hash of its id) mod "
         << count << ".\n# Xapian stub format: 'auto FOLDER' or 'remote :HOST:PORT' a line.\n";
    for (size_t i = 1; i <= count; ++i) {
        ShardLocation shard;
        shard.entry = "auto shard-" + std::to_string(i);
        shard.path = folder / ("shard-" + std::to_string(i));
        text << shard.entry << '\n';
        stub.shards.push_back(std::move(shard));
    }
    std::filesystem::path partial = stub.file;
    partial += ".partial";
    {
        std::ofstream out(partial, std::ios::trunc);
        out << text.str();
        out.flush();
        if (!out) {
            throw IoError("cannot write shard list '" + partial.string() + "'");
        }
    }
    std::error_code ec;
    std::filesystem::rename(partial, stub.file, ec);
    if (ec) {
        throw IoError("cannot write shard list '" + stub.file.string() + "': " + ec.message());
    }
    return stub;
}

size_t shard_of(std::string_view doc_id, size_t count) {
    return static_cast<size_t>(Fnv1a().add(doc_id).value() % count);
}

}  // namespace tilde
