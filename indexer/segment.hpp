// SPDX-License-Identifier: MIT
/// @file segment.hpp  One glass database being written with passages: the current generation
/// of an index when a run updates it in place, or one segment of a large run. Each text is
/// searchable in one copy; spelling data and the document count are kept exact.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyzer.hpp"
#include "passage_analysis.hpp"
#include "record_codec.hpp"
#include "spelling_counts.hpp"

namespace tilde {

/// What the writer decided for a part's passages.
struct PartPlacement {
    /// Per passage: the searchable copy of its text. Empty: decide here, by looking the
    /// text up in this database (when it is the whole index).
    std::vector<bool> indexed;
    std::string source_term;   ///< kSourcePrefix term of the file it came from, or empty
    std::string pending_term;  ///< kPendingPrefix term while its file replaces an older read
};

/// What a database is to the index.
enum class SegmentRole {
    /// A generation: searched as it is, spelling data applied at each commit, synced.
    Index,
    /// One of a run's segments, read only by the merge: no fsync, a commit every
    /// kFlushPassages passages (Xapian's in-memory changes grow slow past a few thousand
    /// documents), and its spelling changes logged for the merge to add up once.
    RunSegment,
};

class Segment {
  public:
    /// Passages between the commits of a run segment.
    static constexpr std::uint64_t kFlushPassages = 1000;

    /// A run segment's B-tree block size, Xapian's largest. It is written once and read once,
    /// by the merge, so fewer and larger blocks mean fewer reads, writes and splits: 9% less
    /// CPU for one thread on 60 MB of the bench corpus, for 5 MB more peak RSS (bench/README.md).
    /// The merge writes the generation with Xapian's default 8 KB blocks, which searches read.
    static constexpr unsigned kRunSegmentBlockSize = 65536;

    /// Opens the glass database at `path` for writing (creating it if needed); a new one is
    /// marked with the index format and analyzer.
    /// @throws IoError if it cannot be opened or is locked, IndexVersionMismatch if another
    ///         format or analyzer wrote it
    Segment(const std::filesystem::path& path, SegmentRole role);
    Segment(const Segment&) = delete;
    Segment& operator=(const Segment&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

    /// Compress the records of passages added from now on (record_codec.hpp).
    void set_compressor(std::shared_ptr<const RecordCompressor> compressor) {
        compressor_ = std::move(compressor);
    }
    [[nodiscard]] Xapian::WritableDatabase& db() { return db_; }

    /// Writes a part's passages. A document's first part replaces the earlier passages of
    /// the same id from the same source (`replaced_earlier` says so); passages of that id from
    /// another source stay, and the id is returned in `duplicate_of` (the other source's term).
    /// Both are for warnings.
    void add(AnalyzedPart& part, const PartPlacement& placement, std::string* duplicate_of,
             bool* replaced_earlier = nullptr);

    /// Deletes the passages carrying `term`, except those carrying `unless_term`: their
    /// spellings are taken back, and a text whose searchable copy goes while stored copies
    /// stay gets one of them indexed. Returns how many passages went.
    std::uint64_t delete_passages(const std::string& term, const std::string& unless_term = {});

    /// Deletes passages by docid (as delete_passages does).
    void delete_docids(const std::vector<Xapian::docid>& docids);

    /// Makes every text that has stored copies but no searchable one searchable in one of
    /// them, and every text searchable in several copies searchable in the first only.
    /// (After a merge; a scan of the text-key terms.)
    void repair_repeated_texts();

    /// Text bytes added since the last commit.
    [[nodiscard]] std::uint64_t pending_bytes() const { return pending_bytes_; }

    /// Passages added since the database was opened.
    [[nodiscard]] std::uint64_t passages_added() const { return passages_added_; }

    /// Writes the batch's spelling changes (or, in a run segment, its log of them) and the
    /// document count, and commits.
    void commit();

  private:
    void add_passage(AnalyzedPassage& passage, const AnalyzedPart& part,
                     const PartPlacement& placement, bool indexed);
    void index_stored_copy(Xapian::docid copy);
    void make_stored_copy(Xapian::docid copy, std::uint64_t key);

    std::filesystem::path path_;
    SegmentRole role_;
    Xapian::WritableDatabase db_;
    std::shared_ptr<const RecordCompressor> compressor_;
    Analyzer analyzer_;  // for passages whose spellings are taken back or that become searchable
    SpellingCounts spellings_;
    std::uint64_t pending_bytes_ = 0;
    std::uint64_t passages_added_ = 0;
    std::uint64_t uncommitted_passages_ = 0;
};

/// Metadata for merging databases with Xapian's compaction, which keeps the first value of a
/// key several inputs hold: here the last non-empty one wins (a run's file records replace
/// the generation's), and spelling forms add up.
class MergeResolver final : public Xapian::Compactor {
  public:
    std::string resolve_duplicate_metadata(const std::string& key, size_t count,
                                           const std::string tags[]) override;
};

/// Where a run segment logs its spelling changes, one entry a commit.
[[nodiscard]] std::filesystem::path spelling_log_path(const std::filesystem::path& segment);

/// Adds up the spelling logs of run segments (what their committed revisions wrote) into new
/// databases holding just the spelling data, `out` + "-PART-PARTS", each with a share of the
/// words (every word's changes in one), `threads` at a time. Merged with the segments, they
/// give the generation their words without rewriting its spelling data afterwards.
/// `memory_bytes` (0: no bound) is what the shares being added up at once may take together:
/// a share whose words outgrow its part is added up again as two, so a small budget costs
/// more passes over the logs, not more memory. Returns the databases' paths.
[[nodiscard]] std::vector<std::filesystem::path> gather_spelling_logs(
    const std::vector<std::filesystem::path>& segments, const std::filesystem::path& out,
    unsigned threads, std::uint64_t memory_bytes = 0);

/// The number of documents in `db`: its distinct document-id terms.
[[nodiscard]] std::uint64_t count_documents(const Xapian::Database& db);

}  // namespace tilde
