// SPDX-License-Identifier: MIT
/// @file shard_writer.hpp  Writes one index folder (index_layout.hpp): the whole index, or
/// one shard of a sharded one.
///
/// A run starts by updating the current generation in place (small runs: a few files
/// changed), committing in batches; a file read again replaces its old passages in one
/// commit, its new ones hidden until then (kPendingPrefix). Once a run has written enough
/// (start_bulk()), the rest goes into fresh segments written in parallel with no fsync,
/// which commit() merges with the current generation into the next one (Xapian's compaction:
/// fully packed B-trees), applying the run's deletions, and publishes whole. A killed run's
/// segments are taken up by the next run, which carries on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <tilde/index_writer.hpp>

#include "passage_analysis.hpp"

namespace tilde {

class RecordCompressor;
class Segment;
class TaskThread;

struct ShardWriterOptions {
    /// Text written between commits: in place, a commit; in segments, a checkpoint at which
    /// every segment commits and the files finished so far are recorded.
    std::uint64_t batch_bytes = 8u << 20;
    /// Segments written at once by a large run.
    unsigned segment_writers = 1;
    /// Write on threads of their own (the generation, and each segment) while the caller
    /// reads and analyzes; else on the caller's thread.
    bool threads = false;
    /// A segment is closed for a fresh one after this many passages: small databases are
    /// written faster, and the merge packs them whole.
    std::uint64_t segment_passages = 50000;
    /// Memory the merge may use to add up a run's spelling counts, on all its threads
    /// together (gather_spelling_logs()); 0: no bound.
    std::uint64_t merge_bytes = 0;
    /// Warnings (documents with the same id in two files); may be called from any thread.
    std::function<void(const std::string&)> warn;
};

class ShardWriter {
  public:
    /// Opens the index folder `dir` (creating it when new); takes up a killed run's segments.
    /// The caller holds the index's WriterLock.
    /// @throws IoError, IndexVersionMismatch
    ShardWriter(const std::filesystem::path& dir, ShardWriterOptions options);
    ~ShardWriter();
    ShardWriter(const ShardWriter&) = delete;
    ShardWriter& operator=(const ShardWriter&) = delete;

    /// Writes a part (numbered and placed within its document), in input order.
    void add(AnalyzedPart part);

    void begin_source(const std::string& path);
    void end_source(const SourceFile& file);
    void remove_source(const std::string& path);
    [[nodiscard]] std::optional<SourceFile> source_file(const std::string& path);
    [[nodiscard]] std::vector<SourceFile> sources();

    /// The dictionary the generation compresses records with (registered), or null.
    [[nodiscard]] std::shared_ptr<const RecordCompressor> compressor() const { return compressor_; }

    /// Compress records with `compressor` from now on; the generation keeps its dictionary.
    void use_compressor(std::shared_ptr<const RecordCompressor> compressor);

    /// From now on, write into segments merged at commit().
    void start_bulk();
    [[nodiscard]] bool bulk() const { return bulk_; }

    /// Makes everything written durable and visible: a commit in place, or the merge into
    /// the next generation (after which the run updates that one in place again).
    void commit();

    /// Makes everything written durable without merging (IndexWriter::suspend()).
    void suspend();

    /// Counters so far (documents and passages written by this run).
    [[nodiscard]] IndexStats stats() const;

    /// Bytes of the current generation on disk.
    [[nodiscard]] std::uint64_t generation_bytes() const;

    [[nodiscard]] const std::filesystem::path& path() const { return dir_; }

  private:
    struct Sink;  // one segment and its thread
    struct LiveSource {
        std::string source_term;
        std::string pending_term;
        std::string path;
    };

    void warn_repeated_id(const std::string& id, const std::string& path);
    void open_generation();
    void adopt_run();
    void clean_adopted_segments();
    void on_live(std::function<void()> task);
    void wait_live();
    void add_in_place(AnalyzedPart part);
    void add_to_segment(AnalyzedPart part);
    void new_sink(Sink& sink);
    size_t sink_for(const AnalyzedPart& part);
    void checkpoint();
    void merge();
    [[nodiscard]] std::optional<SourceFile> committed_record(const std::string& path);

    ShardWriterOptions options_;
    std::shared_ptr<const RecordCompressor> compressor_;
    std::filesystem::path dir_;
    std::filesystem::path generation_;
    std::unique_ptr<Segment> live_;  // the current generation, written in place
    std::unique_ptr<TaskThread> live_thread_;
    LiveSource live_source_;                  // touched by live tasks only
    std::optional<std::string> snapshot_of_;  // for reading records while the thread writes
    bool bulk_ = false;
    std::string run_id_;
    std::unique_ptr<Segment> ledger_;  // the run's file records and deletions (metadata only)
    std::vector<std::filesystem::path> finished_segments_;
    // Files a killed run finished, and the segments of it that hold their passages: read
    // again, they go from there first.
    std::unordered_map<std::string, std::vector<std::filesystem::path>> adopted_sources_;
    std::vector<std::unique_ptr<Sink>> sinks_;
    unsigned next_segment_ = 1;
    std::unordered_set<std::uint64_t> run_texts_;      // texts made searchable by this run
    std::unordered_set<std::uint64_t> run_documents_;  // (id, file) pairs this run wrote
    std::unordered_map<std::uint64_t, std::uint32_t> run_document_sinks_;  // id -> its sink
    size_t open_sink_ = 0;          // where the open document's parts go
    std::string open_source_term_;  // the file being read, in bulk
    std::string open_source_path_;
    std::uint64_t checkpoint_bytes_ = 0;
    IndexStats stats_;
    mutable std::mutex warn_mutex_;
};

}  // namespace tilde
