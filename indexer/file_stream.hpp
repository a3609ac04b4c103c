// SPDX-License-Identifier: MIT
/// @file file_stream.hpp  Reading a corpus file, maybe gzipped, in chunks or lines, hashing
/// what is read on the way (the content hash tilde-index records).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace tilde {

/// Whether `status` is a pipe, a device or a socket: never read as a document, since reading
/// one could wait forever (a pipe with no writer, a terminal) or never end (/dev/zero).
bool is_special_file(const std::filesystem::file_status& status);

/// The warning that skips `path`, which is not a regular file: "PATH: not a regular file (a
/// named pipe), skipped".
std::string not_a_regular_file(const std::filesystem::path& path,
                               const std::filesystem::file_status& status);

/// Streams a file through zlib (which passes uncompressed files through) in 64 kB chunks, and
/// returns the FNV-1a hash of the bytes read. @throws IoError naming the file, also when it
/// is not a regular file (checked on the file opened, without waiting for a pipe's writer).
/// `ended_early`, when given, says whether gzipped data stopped before its end (a cut-off
/// download): what came before was passed on, and the rest is missing.
std::uint64_t for_each_chunk(const std::filesystem::path& path,
                             const std::function<void(std::string_view)>& on_chunk,
                             bool* ended_early = nullptr);

using OnLine = std::function<void(const std::string& line, std::uint64_t number)>;
using OnLongLine = std::function<void(std::uint64_t number, std::uint64_t bytes)>;

/// Calls `on_line(line, number)` for every line of a (possibly gzipped) file, streaming;
/// returns the content hash. A line longer than `max_line` is not kept: `on_long_line(number,
/// bytes)` is called for it instead (a gzip of zeros is one endless line). Gzipped data that
/// stops before its end sets `ended_early`, and its last line, cut off, is not passed on.
std::uint64_t for_each_line(const std::filesystem::path& path, std::uint64_t max_line,
                            const OnLine& on_line, const OnLongLine& on_long_line,
                            bool* ended_early = nullptr);

/// A whole file (HTML, which libxml2 parses at once) of at most `max_bytes`, and its hash.
/// @throws IoError naming the file when it is bigger (--memory).
std::string read_whole_file(const std::filesystem::path& path, std::uint64_t& hash,
                            std::uint64_t max_bytes, bool* ended_early = nullptr);

}  // namespace tilde
