// SPDX-License-Identifier: MIT
/// @file index_writer.hpp  Builds and updates a tilde index of passages.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tilde/document.hpp>

namespace tilde {

/// How the writer analyzes and batches documents.
struct IndexWriterOptions {
    /// "auto" detects each passage's language; "es" or "en" forces one for every document
    /// that does not carry its own `lang`.
    std::string lang = "auto";
    /// Text bytes written between commits (a crash loses at most the batch in progress).
    /// Memory grows with it: Xapian holds ~25-30 bytes of pending changes per byte of text.
    std::uint64_t batch_bytes = 8u << 20;
    /// Threads to use; 0: as many as the machine has cores (at most 16). With 2 or more,
    /// documents are analyzed on some while the index is written on others: a large run
    /// writes that many segments at once.
    unsigned threads = 0;
    /// A run updates the index in place until it has written this many bytes of text (or is
    /// told to expect as many, expect_bytes()); from then on it writes segments in parallel,
    /// which commit() merges with the index into a compact new one. Unset: 16 MB, or a
    /// sixteenth of the index on disk if that is more (a merge rewrites the whole index).
    std::optional<std::uint64_t> bulk_bytes;
    /// Memory for the writer's working tables, beyond its batches: each analysis thread's
    /// cache of recent stems (a quarter of it), and the tables in which a large run's merge
    /// adds up the run's spelling counts, in more passes over them when one would need more.
    /// Unset: the caches keep up to 131,072 stems a language, and the merge adds up all the
    /// counts in one pass a thread.
    std::optional<std::uint64_t> table_bytes;
    /// 0: as the index is (one shard for a new one). 2 or more: a new index in that many
    /// shards (docs/scaling.md): a folder of shard folders and a stub listing them, searched
    /// as one index. Each document goes to the shard its id hashes to, so later runs update
    /// it there; an existing index keeps its count.
    unsigned shards = 0;
    /// Told of what the writer noticed but carried on with (a document id used in two
    /// files); called on the thread that called the writer.
    std::function<void(const std::string&)> on_warning;
};

/// Counters the writer keeps, for progress and summaries.
struct IndexStats {
    std::uint64_t documents = 0;       ///< Documents added or replaced in this session.
    std::uint64_t passages = 0;        ///< Passages written in this session.
    std::uint64_t text_bytes = 0;      ///< Bytes of document text analyzed.
    std::uint64_t total_passages = 0;  ///< Passages in the index after the last commit.
};

/// What an index remembers of a source file, so that a later run can skip it when unchanged.
struct SourceFile {
    std::string path;        ///< As given to begin_source(): tilde-index uses the canonical path.
    std::uint64_t size = 0;  ///< Bytes on disk.
    std::int64_t mtime_ns = 0;       ///< Modification time, nanoseconds since the epoch.
    std::uint64_t content_hash = 0;  ///< 64-bit hash of the bytes read (decompressed).
    /// Lines skipped with a warning when it was read (JSON Lines): a rerun skips the file
    /// while it is unchanged and says how many of its lines are missing.
    std::uint64_t skipped = 0;
};

/// Writes documents into a tilde index (a folder holding a Xapian database, or a folder of
/// shards; docs/index-format.md).
///
/// Adding a document whose id is already indexed from the same source file (or, added
/// outside begin_source(), without one) replaces it. Work is committed in batches and on
/// commit()/destruction. Not thread-safe; only one writer may hold an index at a time.
class IndexWriter {
  public:
    /// Opens or creates the index at `index_dir`.
    /// @throws IndexVersionMismatch if it was built by another analyzer or format version,
    ///         IoError if it cannot be created or is locked by another writer.
    explicit IndexWriter(const std::filesystem::path& index_dir, IndexWriterOptions options = {});
    ~IndexWriter();  ///< Commits what is pending; errors at this point are swallowed.
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    /// Splits, analyzes and adds one document (replacing any with the same id).
    /// @throws UsageError if the id is empty.
    void add_document(const Document& document);

    /// Adds a document whose text comes in consecutive parts, each ending at a paragraph
    /// break, `last` set on the final one: a file too big to hold in memory at once. Passages
    /// are numbered and placed across parts as if the text were whole; commits may fall between
    /// parts. Parts of one document must not be interleaved with other documents.
    /// @throws UsageError if the id is empty or another document is still open.
    void add_document_part(const Document& part, bool last);

    /// Makes everything added so far durable and visible to searchers. After a large run,
    /// this merges what it wrote into the index (the time of a rewrite of the index).
    void commit();

    /// Whether commit() will merge a large run's segments into the index, as it is now.
    [[nodiscard]] bool merges_at_commit() const;

    /// Makes everything written durable without merging, and closes the writer without
    /// committing further (for an interruption): the next writer on this index carries on
    /// (a large run's segments are taken up). Documents left half-written are dropped then.
    void suspend();

    /// Says how many bytes of text the caller is about to add: when that is a large run, the
    /// writer goes straight to writing segments (see IndexWriterOptions::bulk_bytes).
    void expect_bytes(std::uint64_t bytes);

    /// True while the index has no dictionary to compress stored passages with: then give
    /// train_compression() samples of the corpus before adding documents.
    [[nodiscard]] bool wants_compression_samples() const;

    /// Trains the dictionary stored passages are compressed with (zstd) on `samples`:
    /// passage-sized texts from across the corpus, a few MB (index_paths() takes them from
    /// the files it is about to read). Passages stored from then on take about half the
    /// space. Too few samples (under 128 kB) train nothing.
    void train_compression(const std::vector<std::string>& samples);

    /// The record of source `path` from the run that finished it, if one did.
    [[nodiscard]] std::optional<SourceFile> source_file(const std::string& path) const;

    /// Starts (re)reading source `path`: the documents added until end_source() are tagged
    /// with it, and replace what an earlier run added from it when end_source() comes (until
    /// then searches see the old ones; a file never finished keeps them).
    void begin_source(const std::string& path);

    /// Records `file` as read (durable with the next commit, with its documents, so a crash
    /// before then makes the next run read it again).
    void end_source(const SourceFile& file);

    /// Every source file recorded.
    [[nodiscard]] std::vector<SourceFile> sources() const;

    /// Removes the documents of source `path` and its record (for files that are gone).
    void remove_source(const std::string& path);

    /// Counters so far.
    [[nodiscard]] const IndexStats& stats() const;

    /// The threads it works on: IndexWriterOptions::threads, or the machine's cores for 0.
    [[nodiscard]] unsigned threads() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

/// Checks every table of the index at `index` (each shard's, for a sharded one) with Xapian's
/// own checker. Returns one line per problem found ("shard-2: position table: ..."); none
/// when the index is sound.
/// @throws IndexNotFound if there is no tilde index at `index`
[[nodiscard]] std::vector<std::string> check_index(const std::filesystem::path& index);

/// Writes the index folder `index_dir` as one file, `out_file` (Xapian's single-file format,
/// compacted): easy to ship, opened read-only by Searcher, also when appended to a larger
/// file (Searcher::open_at). `out_file` is replaced only once the new one is complete.
/// @throws IndexNotFound if `index_dir` holds no index, IoError if `out_file` cannot be written
void write_single_file(const std::filesystem::path& index_dir,
                       const std::filesystem::path& out_file);

}  // namespace tilde
