// SPDX-License-Identifier: MIT
/// @file index_job.hpp  Indexing files and folders, and keeping an index in step with them:
/// what tilde-index does, for any program (the C API's tilde_index_paths() too).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <tilde/index_writer.hpp>

namespace tilde {

/// Where a run of index_paths() stands.
struct IndexProgress {
    std::uint64_t files_done = 0;   ///< Files read so far.
    std::uint64_t files_total = 0;  ///< Files to read in this run (unchanged ones left out).
    std::uint64_t bytes_done = 0;   ///< Bytes of them read so far.
    std::uint64_t bytes_total = 0;  ///< Bytes of all of them (known before the run starts).
    std::uint64_t passages = 0;     ///< Passages written so far.
    /// Every file is read, and the run's segments are being merged into the index: the last
    /// report of a large run, before a step that takes about as long as rewriting the index.
    bool merging = false;
};

struct IndexJobOptions {
    /// Remove the documents of recorded files that no longer exist.
    bool prune = false;
    /// Text files are read (and JSON texts handed on) in parts of about this many bytes, so a
    /// huge file is never held whole; analysis holds ~20 times a part.
    std::uint64_t part_bytes = 1u << 20;
    /// A JSON line or an HTML file is parsed whole: bigger ones are skipped with a warning.
    std::uint64_t max_whole_bytes = 64u << 20;
    /// Text sampled from across the files to train the index's compression dictionary, when
    /// it has none (training takes several times this in memory).
    std::uint64_t compression_sample_bytes = 4u << 20;
    /// Each skipped or repaired input: "FILE[:LINE]: reason".
    std::function<void(const std::string&)> on_warning;
    /// After each document or part written.
    std::function<void(const IndexProgress&)> on_progress;
    /// Asked after each document or part: true stops the run there (Ctrl-C). Nothing is
    /// committed then: the caller suspends the writer (IndexWriter::suspend()).
    std::function<bool()> stop;
};

/// What a run did.
struct IndexJobSummary {
    std::uint64_t files = 0;        ///< Files read.
    std::uint64_t unchanged = 0;    ///< Files skipped as unchanged since indexed.
    std::uint64_t pruned = 0;       ///< Files gone whose documents were removed.
    std::uint64_t skipped = 0;      ///< Files or lines skipped with a warning in this run.
    std::uint64_t unsupported = 0;  ///< Files of other types in the folders given.
    /// Unchanged files that had lines skipped when they were read (each warned about again).
    std::uint64_t incomplete = 0;
    /// Stopped by IndexJobOptions::stop, in the middle of `interrupted_file` (which the next
    /// run reads again from its start); the files before it are kept.
    bool interrupted = false;
    std::string interrupted_file;
};

/// Indexes `paths` into `writer` and commits: .txt .md .html .jsonl (.jsonl.gz) files, folders
/// walked recursively in name order. A file whose size and time (or, when only the time
/// changed, content) match what the index recorded is skipped; a changed one replaces what it
/// gave before, in one commit; with `prune`, recorded files that are gone are removed.
/// Stopped by `options.stop`, it returns at once, committing nothing.
/// @throws IoError if a path given does not exist (before anything is written), or writing
///         fails
IndexJobSummary index_paths(IndexWriter& writer, const std::vector<std::filesystem::path>& paths,
                            const IndexJobOptions& options = {});

}  // namespace tilde
