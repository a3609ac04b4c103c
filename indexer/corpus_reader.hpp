// SPDX-License-Identifier: MIT
/// @file corpus_reader.hpp  Turns files and folders into Documents.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <tilde/document.hpp>

namespace tilde {

/// What the reader tells its caller as it goes.
struct CorpusCallbacks {
    /// One document read. `source_bytes` is the size of what was read for it.
    std::function<void(Document&& document, std::uint64_t source_bytes)> on_document;
    /// A file, or a line of one, was skipped: "FILE[:LINE]: reason".
    std::function<void(const std::string& message)> on_warning;
    /// A file is about to be read (for progress).
    std::function<void(const std::filesystem::path& file)> on_file;
    /// Asked before each file; false skips it (unchanged since it was indexed).
    std::function<bool(const std::filesystem::path& file)> should_read;
    /// When set, text and Markdown files are read in parts of about `part_bytes`, cut at
    /// paragraph breaks, and handed here instead of to on_document (`last` on the final part),
    /// so a 1 GiB file never sits in memory whole.
    std::function<void(Document&& part, bool last, std::uint64_t source_bytes)> on_document_part;
    std::uint64_t part_bytes = 1u << 20;  // analysis holds ~10x this in tokens
    /// The most bytes read at once for one JSON line or HTML file (which are parsed whole):
    /// a bigger one is skipped with a warning rather than taking more memory than the
    /// budget allows. JSON texts longer than `part_bytes` still go to on_document_part in parts.
    std::uint64_t max_whole_bytes = 64u << 20;
    /// When set, asked before each line of a JSON Lines file is parsed (lines count from 1);
    /// false passes over the line unread and unreported. For sampling a file cheaply.
    std::function<bool(std::uint64_t line)> read_line;
    /// A file was read to its end; `skipped_lines` of its lines were skipped with warnings.
    /// `content_hash` is content_hash() of what was read, computed on the way.
    std::function<void(const std::filesystem::path& file, std::uint64_t skipped_lines,
                       std::uint64_t content_hash)>
        on_file_done;
};

/// Counts of what the reader saw.
struct CorpusStats {
    std::uint64_t files = 0;        ///< Files read.
    std::uint64_t unsupported = 0;  ///< Files in folders with an extension tilde does not read.
    std::uint64_t skipped = 0;      ///< Files or lines skipped with a warning.
    std::uint64_t unchanged = 0;    ///< Files should_read() declined.
};

/// FNV-1a of a file's bytes as the reader sees them (decompressed for .gz).
/// @throws IoError if it cannot be read.
[[nodiscard]] std::uint64_t content_hash(const std::filesystem::path& path);

/// True for the file names tilde indexes: .txt .md .markdown .html .htm .jsonl .ndjson and
/// those two compressed with .gz.
[[nodiscard]] bool is_supported_file(const std::filesystem::path& path);

/// One file to read, and what its documents are called.
struct CorpusFile {
    std::filesystem::path path;
    std::string id;          ///< document id (or id prefix, for JSON Lines without ids)
    std::string collection;  ///< the folder indexed (source: queries)
};

/// The files `paths` name: a file is read whatever its name says (by its extension, .txt if
/// unknown); a folder is walked recursively, in name order, for supported files. Document ids
/// are paths relative to the folder given (a file given directly: its name), or JSON `id`s.
/// Folders that cannot be read, broken links and link loops are warned about and counted.
/// @throws IoError if a path given does not exist (before any is walked).
[[nodiscard]] std::vector<CorpusFile> list_corpus(const std::vector<std::filesystem::path>& paths,
                                                  const CorpusCallbacks& callbacks,
                                                  CorpusStats& stats);

/// Reads one listed file; a file that cannot be read is warned about and counted.
void read_corpus_file(const CorpusFile& file, const CorpusCallbacks& callbacks, CorpusStats& stats);

/// list_corpus(), then read_corpus_file() for each.
CorpusStats read_corpus(const std::vector<std::filesystem::path>& paths,
                        const CorpusCallbacks& callbacks);

/// Warns that `path`'s gzipped data stops before its end, and counts a skip: what came before
/// is indexed, and the file is recorded as incomplete, so the next run reads it again.
void warn_ended_early(const std::filesystem::path& path, const CorpusCallbacks& callbacks,
                      CorpusStats& stats);

/// Parsers for one file's content, exposed for tests. `name` is used in warnings and ids.
/// Markdown's front matter (text_parts.hpp) is read only at `file_start`.
Document parse_text_document(std::string_view content, std::string id, bool markdown,
                             bool file_start = true);

}  // namespace tilde
