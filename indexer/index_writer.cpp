// SPDX-License-Identifier: MIT
/// @file index_writer.cpp  The writer's facade: documents are analyzed on a pool of threads,
/// taken back in input order, numbered across the parts of a document, and handed to the
/// shard that holds their id (shard_writer.hpp does the writing).
#include <algorithm>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_set>

#include <xapian.h>

#include <tilde/errors.hpp>
#include <tilde/index_writer.hpp>

#include "index_layout.hpp"
#include "ordered_pool.hpp"
#include "passage_analysis.hpp"
#include "record_codec.hpp"
#include "schema.hpp"
#include "shard_stub.hpp"
#include "shard_writer.hpp"

namespace tilde {
namespace fs = std::filesystem;
namespace {

constexpr std::uint64_t kMinBulkBytes = 16u << 20;

struct AnalysisJob {
    Document document;
    bool first = false;
    bool last = false;
};

struct AnalysisWorker {
    std::unique_ptr<PartAnalyzer> analyzer;
    AnalyzedPart operator()(AnalysisJob& job) const {
        return analyzer->analyze(job.document, job.first, job.last);
    }
};

using AnalysisPool = OrderedPool<AnalysisJob, AnalyzedPart, AnalysisWorker>;

// A new sharded index: the folder, empty or new, gets its stub.
ShardStub create_shards(const fs::path& folder, size_t count) {
    const FolderKind kind = classify_folder(folder);
    if (kind != FolderKind::Missing && kind != FolderKind::Empty) {
        throw UsageError("cannot create an index of " + std::to_string(count) + " shards in '" +
                         folder.string() +
                         "': it already holds an index of one shard (or other files); "
                         "index into a new folder");
    }
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) {
        throw IoError("cannot create index folder '" + folder.string() + "': " + ec.message());
    }
    return write_shard_stub(folder, count);
}

// The writer's lock lives in the index folder, which must exist first (beside a stub file).
fs::path lock_file(const fs::path& index) {
    std::error_code ec;
    if (fs::is_regular_file(index, ec)) {
        fs::path beside = index;
        beside += ".lock";
        return beside;
    }
    if (!fs::exists(index, ec)) {
        fs::create_directories(index, ec);
        if (ec) {
            throw IoError("cannot create index folder '" + index.string() + "': " + ec.message());
        }
    }
    return index / kLockFile;
}

}  // namespace

class IndexWriter::Impl {
  public:
    Impl(const fs::path& index_path, IndexWriterOptions options)
        : path_(index_path.string()), options_(std::move(options)) {
        Language forced = Language::Unknown;
        if (options_.lang != "auto") {
            std::optional<Language> parsed = parse_language(options_.lang);
            if (!parsed || *parsed == Language::Unknown) {
                throw UsageError("unknown language '" + options_.lang + "': use es, en or auto");
            }
            forced = *parsed;
        }
        threads_ = options_.threads;
        if (threads_ == 0) {
            threads_ = std::clamp(std::thread::hardware_concurrency(), 1u, 16u);
        }
        const unsigned threads = threads_;
        // Refused before the lock file is made: nothing is written among a user's files.
        if (classify_folder(index_path) == FolderKind::Other && !read_shard_stub(index_path)) {
            throw UsageError("cannot create an index in '" + path_ +
                             "': it is a file or a folder of other files; index into a new or "
                             "empty folder");
        }
        std::optional<ShardStub> stub = read_shard_stub(index_path);
        if (stub && options_.shards != 0 && options_.shards != stub->shards.size()) {
            throw UsageError("index '" + path_ + "' has " + std::to_string(stub->shards.size()) +
                             " shards, not " + std::to_string(options_.shards) +
                             " (each document's shard follows from the count); index into a "
                             "new folder to change it");
        }
        for (const ShardLocation& shard : stub ? stub->shards : std::vector<ShardLocation>{}) {
            if (shard.remote()) {
                throw UsageError("cannot add to index '" + path_ + "': its shard '" + shard.entry +
                                 "' is remote; index on the machine that holds it");
            }
        }
        lock_.emplace(lock_file(index_path), path_);
        if (!stub && options_.shards >= 2) {
            stub = create_shards(index_path, options_.shards);
        }
        std::vector<fs::path> shard_dirs;
        if (!stub) {
            shard_dirs.push_back(index_path);
        } else {
            for (const ShardLocation& shard : stub->shards) {
                shard_dirs.push_back(shard.path);
            }
        }
        ShardWriterOptions per_shard;
        per_shard.batch_bytes =
            std::max<std::uint64_t>(options_.batch_bytes / shard_dirs.size(), 1);
        per_shard.segment_writers =
            std::max<unsigned>(1, threads / static_cast<unsigned>(shard_dirs.size()));
        per_shard.threads = threads >= 2;
        // A budget's working tables: a quarter for the stem caches, the rest for the merges.
        const std::uint64_t table_bytes = options_.table_bytes.value_or(0);
        per_shard.merge_bytes = table_bytes / 4 * 3 / shard_dirs.size();
        per_shard.warn = [this](const std::string& message) {
            std::lock_guard lock(warnings_mutex_);
            warnings_.push_back(message);
        };
        for (const fs::path& dir : shard_dirs) {
            shards_.push_back(std::make_unique<ShardWriter>(dir, per_shard));
        }
        // Analysis is about a fifth of the work; the rest is Xapian's, on the shards' threads.
        const unsigned analysis_threads = threads >= 2 ? std::max(1u, threads / 3) : 0;
        pool_limit_ = analysis_threads;
        constexpr std::uint64_t kBytesPerCachedStem = 100;  // two strings in a hash node
        const std::size_t stem_cache_words =
            options_.table_bytes
                ? static_cast<std::size_t>(
                      table_bytes / 4 / (std::max(1u, analysis_threads) * 2 * kBytesPerCachedStem))
                : Analyzer::kMaxCachedStems;
        // Parts in flight: each thread's, and as many more ready, so that no stage waits long.
        pool_ = std::make_unique<AnalysisPool>(
            analysis_threads, 2 * analysis_threads + 1, [forced, stem_cache_words] {
                return AnalysisWorker{std::make_unique<PartAnalyzer>(forced, stem_cache_words)};
            });
        if (options_.bulk_bytes) {
            bulk_bytes_ = *options_.bulk_bytes;
        } else {
            std::uint64_t index_bytes = 0;
            for (const auto& shard : shards_) {
                index_bytes += shard->generation_bytes();
            }
            bulk_bytes_ = std::max(kMinBulkBytes, index_bytes / 16);
        }
        want_bulk_ =
            bulk_bytes_ == 0 || std::any_of(shards_.begin(), shards_.end(),
                                            [](const auto& shard) { return shard->bulk(); });
    }

    ~Impl() {
        if (suspended_) {
            return;
        }
        try {
            commit();
        } catch (...) {
            // Destructors must not throw; an explicit commit() reports the error.
        }
    }

    void suspend() {
        drain();
        for (auto& shard : shards_) {
            shard->suspend();
        }
        suspended_ = true;
    }

    const std::string& path() const { return path_; }

    void add_document_part(const Document& document, bool last) {
        if (document.id.empty()) {
            throw UsageError("document has an empty id");
        }
        if (!open_document_.empty() && document.id != open_document_) {
            throw UsageError("document '" + open_document_ +
                             "' is not finished; its last part must come before document '" +
                             document.id + "'");
        }
        const bool first = open_document_.empty();
        open_document_ = last ? std::string() : document.id;
        run_bytes_ += document.text.size();
        if (!want_bulk_ && run_bytes_ >= bulk_bytes_) {
            want_bulk_ = true;
        }
        pool_->submit({document, first, last});
        while (pool_->in_flight() > pool_limit_) {
            write_next();
        }
        report_warnings();
    }

    void commit() {
        drain();
        if (std::any_of(shards_.begin(), shards_.end(), [](const auto& s) { return s->bulk(); })) {
            // Shards merge independently: in parallel.
            std::vector<std::future<void>> merges;
            for (auto& shard : shards_) {
                merges.push_back(std::async(std::launch::async, [&shard] { shard->commit(); }));
            }
            for (auto& merge : merges) {
                merge.get();
            }
            run_bytes_ = 0;
            want_bulk_ = false;
        } else {
            for (auto& shard : shards_) {
                shard->commit();
            }
        }
        report_warnings();
    }

    void expect_bytes(std::uint64_t bytes) {
        if (bytes >= bulk_bytes_) {
            want_bulk_ = true;
        }
    }

    bool wants_compression_samples() const { return !shards_.front()->compressor(); }

    // Segments written, or about to be by the documents commit() still writes.
    bool merges_at_commit() const {
        return std::any_of(shards_.begin(), shards_.end(),
                           [](const auto& shard) { return shard->bulk(); }) ||
               (want_bulk_ && pool_->in_flight() > 0);
    }

    void train_compression(const std::vector<std::string>& samples) {
        drain();
        std::string dictionary = train_record_dictionary(samples);
        if (dictionary.empty()) {
            return;
        }
        auto compressor = std::make_shared<const RecordCompressor>(std::move(dictionary));
        for (auto& shard : shards_) {
            shard->use_compressor(compressor);
        }
    }

    // Sharded, each shard holds the record: the file counts as read only if all agree (a
    // crash between shard commits leaves them apart, and the file is read again).
    std::optional<SourceFile> source_file(const std::string& path) {
        std::optional<SourceFile> agreed;
        for (auto& shard : shards_) {
            std::optional<SourceFile> file = shard->source_file(path);
            if (!file ||
                (agreed && (agreed->size != file->size || agreed->mtime_ns != file->mtime_ns ||
                            agreed->content_hash != file->content_hash))) {
                return std::nullopt;
            }
            agreed = std::move(file);
        }
        return agreed;
    }

    void begin_source(const std::string& path) {
        drain();
        start_bulk_if_wanted();
        for (auto& shard : shards_) {
            shard->begin_source(path);
        }
        source_open_ = true;
    }

    void end_source(const SourceFile& file) {
        drain();
        for (auto& shard : shards_) {
            shard->end_source(file);
        }
        source_open_ = false;
        report_warnings();
    }

    void remove_source(const std::string& path) {
        drain();
        for (auto& shard : shards_) {
            shard->remove_source(path);
        }
    }

    // Recorded in any shard: --prune removes what any of them holds.
    std::vector<SourceFile> sources() {
        drain();
        std::vector<SourceFile> out;
        std::unordered_set<std::string> seen;
        for (auto& shard : shards_) {
            for (SourceFile& file : shard->sources()) {
                if (seen.insert(file.path).second) {
                    out.push_back(std::move(file));
                }
            }
        }
        return out;
    }

    [[nodiscard]] unsigned threads() const { return threads_; }

    const IndexStats& stats() {
        stats_ = {};
        for (const auto& shard : shards_) {
            const IndexStats shard_stats = shard->stats();
            stats_.documents += shard_stats.documents;
            stats_.passages += shard_stats.passages;
            stats_.text_bytes += shard_stats.text_bytes;
            stats_.total_passages += shard_stats.total_passages;
        }
        return stats_;
    }

  private:
    // The oldest analyzed part, numbered within its document, to its shard.
    void write_next() {
        AnalyzedPart part = pool_->next();
        if (part.first) {
            passages_before_ = 0;
            bytes_before_ = 0;
            if (!source_open_) {
                start_bulk_if_wanted();  // between documents: never mid-document
            }
        }
        const auto passages = static_cast<std::uint32_t>(part.passages.size());
        const auto bytes = static_cast<std::uint32_t>(part.text_bytes);
        place_after(part, passages_before_, bytes_before_);
        passages_before_ += passages;
        bytes_before_ += bytes;
        const size_t shard = shards_.size() == 1 ? 0 : shard_of(part.id, shards_.size());
        shards_[shard]->add(std::move(part));
    }

    // Index operations stay in input order: what is analyzed is written first.
    void drain() {
        while (pool_->in_flight() > 0) {
            write_next();
        }
    }

    void start_bulk_if_wanted() {
        if (!want_bulk_) {
            return;
        }
        for (auto& shard : shards_) {
            shard->start_bulk();
        }
    }

    void report_warnings() {
        std::vector<std::string> warnings;
        {
            std::lock_guard lock(warnings_mutex_);
            warnings.swap(warnings_);
        }
        if (options_.on_warning) {
            for (const std::string& warning : warnings) {
                options_.on_warning(warning);
            }
        }
    }

    std::string path_;
    IndexWriterOptions options_;
    std::optional<WriterLock> lock_;
    std::vector<std::unique_ptr<ShardWriter>> shards_;
    std::mutex warnings_mutex_;
    std::vector<std::string> warnings_;
    std::uint64_t bulk_bytes_ = kMinBulkBytes;
    std::uint64_t run_bytes_ = 0;
    bool want_bulk_ = false;
    bool source_open_ = false;
    bool suspended_ = false;
    std::string open_document_;
    std::uint32_t passages_before_ = 0;  // of the open document's parts written so far
    std::uint32_t bytes_before_ = 0;
    IndexStats stats_;
    unsigned threads_ = 1;
    size_t pool_limit_ = 1;               // parts left in flight between calls
    std::unique_ptr<AnalysisPool> pool_;  // last: its threads stop first
};

namespace {

// One line for a write that failed: the index named, and a full disk said plainly (Xapian
// reports it inside its own message, once for each table it was writing).
IoError write_error(const std::string& index, const std::string& what, const Xapian::Error& error) {
    const std::string description = error.get_description();
    if (description.find("No space left on device") != std::string::npos) {
        return IoError("cannot write index '" + index +
                       "': no space left on device (what was committed before is kept; free "
                       "some space and run again)");
    }
    if (description.find("File too large") != std::string::npos) {
        return IoError("cannot write index '" + index +
                       "': file too large for this file system or its limits");
    }
    return IoError(what + ": " + description);
}

}  // namespace

IndexWriter::IndexWriter(const fs::path& index_dir, IndexWriterOptions options)
    : impl_(std::make_unique<Impl>(index_dir, std::move(options))) {}

IndexWriter::~IndexWriter() = default;

void IndexWriter::add_document(const Document& document) {
    add_document_part(document, /*last=*/true);
}

void IndexWriter::add_document_part(const Document& part, bool last) {
    try {
        impl_->add_document_part(part, last);
    } catch (const Xapian::Error& error) {
        throw write_error(impl_->path(), "cannot add document '" + part.id + "'", error);
    }
}

void IndexWriter::commit() {
    try {
        impl_->commit();
    } catch (const Xapian::Error& error) {
        throw write_error(impl_->path(), "cannot commit index '" + impl_->path() + "'", error);
    }
}

void IndexWriter::suspend() {
    try {
        impl_->suspend();
    } catch (const Xapian::Error& error) {
        throw write_error(impl_->path(), "cannot save index '" + impl_->path() + "'", error);
    }
}

void IndexWriter::expect_bytes(std::uint64_t bytes) { impl_->expect_bytes(bytes); }

bool IndexWriter::wants_compression_samples() const { return impl_->wants_compression_samples(); }

bool IndexWriter::merges_at_commit() const { return impl_->merges_at_commit(); }

void IndexWriter::train_compression(const std::vector<std::string>& samples) {
    try {
        impl_->train_compression(samples);
    } catch (const Xapian::Error& error) {
        throw IoError("cannot store the compression dictionary: " + error.get_description());
    }
}

const IndexStats& IndexWriter::stats() const { return impl_->stats(); }

unsigned IndexWriter::threads() const { return impl_->threads(); }

std::optional<SourceFile> IndexWriter::source_file(const std::string& path) const {
    try {
        return impl_->source_file(path);
    } catch (const Xapian::Error& error) {
        throw IoError("cannot read the index's file records: " + error.get_description());
    }
}

void IndexWriter::begin_source(const std::string& path) {
    try {
        impl_->begin_source(path);
    } catch (const Xapian::Error& error) {
        throw IoError("cannot replace the documents of '" + path + "': " + error.get_description());
    }
}

void IndexWriter::end_source(const SourceFile& file) {
    try {
        impl_->end_source(file);
    } catch (const Xapian::Error& error) {
        throw write_error(impl_->path(), "cannot record '" + file.path + "'", error);
    }
}

std::vector<SourceFile> IndexWriter::sources() const {
    try {
        return impl_->sources();
    } catch (const Xapian::Error& error) {
        throw IoError("cannot read the index's file records: " + error.get_description());
    }
}

void IndexWriter::remove_source(const std::string& path) {
    try {
        impl_->remove_source(path);
    } catch (const Xapian::Error& error) {
        throw IoError("cannot remove the documents of '" + path + "': " + error.get_description());
    }
}

}  // namespace tilde
