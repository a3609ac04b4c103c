// SPDX-License-Identifier: MIT
/// @file shard_writer.cpp  One index folder written in place, its source records, and parts
/// handed to a bulk run's segments (the run itself: shard_run.cpp).
#include "shard_writer.hpp"

#include <algorithm>
#include <atomic>

#include <xapian.h>

#include <tilde/errors.hpp>

#include "fnv1a.hpp"
#include "index_layout.hpp"
#include "passage_record.hpp"
#include "read_retry.hpp"
#include "record_codec.hpp"
#include "schema.hpp"
#include "segment.hpp"
#include "shard_run.hpp"
#include "source_records.hpp"
#include "task_thread.hpp"
#include "text_parts.hpp"

namespace tilde {
namespace fs = std::filesystem;
namespace {

// The other source's path for a warning, from its record (or its term when unrecorded).
std::string source_name(const Xapian::Database& db, const std::string& term) {
    if (term.empty()) {
        return "a document added without a file";
    }
    const std::string id = id_of_source_term(term);
    if (auto file = parse_source_record(db.get_metadata(prefixed(kMetaSourcePrefix, id)))) {
        return "'" + file->path + "'";
    }
    return "another file";
}

}  // namespace

ShardWriter::ShardWriter(const fs::path& dir, ShardWriterOptions options)
    : options_(std::move(options)), dir_(dir) {
    options_.segment_writers = std::max(1u, options_.segment_writers);
    switch (classify_folder(dir_)) {
        case FolderKind::Missing: {
            std::error_code ec;
            fs::create_directories(dir_, ec);
            if (ec) {
                throw IoError("cannot create index folder '" + dir_.string() +
                              "': " + ec.message());
            }
            break;
        }
        case FolderKind::Empty:
        case FolderKind::Index:
            break;
        case FolderKind::OldLayout: {
            std::string format;
            try {
                format = Xapian::Database(dir_.string()).get_metadata(std::string(kMetaFormat));
            } catch (const Xapian::Error&) {
            }
            throw IndexVersionMismatch("cannot add to index '" + dir_.string() +
                                       "': it was built with format '" + format +
                                       "', this build writes '" + std::string(kIndexFormat) +
                                       "'; rerun tilde-index into a new folder");
        }
        case FolderKind::Sharded:
        case FolderKind::Other:
            throw UsageError("cannot create an index in '" + dir_.string() +
                             "': the folder holds other files; index into a new or empty folder");
    }
    open_generation();
    adopt_run();
}

ShardWriter::~ShardWriter() {
    try {
        wait_live();
    } catch (...) {
        // The explicit commit() reports write errors; a destructor must not throw.
    }
    sinks_.clear();  // finishes queued work
}

void ShardWriter::open_generation() {
    std::optional<fs::path> current = current_generation(dir_);
    std::error_code ec;
    // A generation not named by the stub is what a killed merge left.
    for (const fs::directory_entry& entry : fs::directory_iterator(dir_, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(kGenerationPrefix) && (!current || entry.path() != *current)) {
            fs::remove_all(entry.path(), ec);
        }
    }
    if (current) {
        generation_ = *current;
        live_ = std::make_unique<Segment>(generation_, SegmentRole::Index);
    } else {
        generation_ = next_generation(dir_);
        live_ = std::make_unique<Segment>(generation_, SegmentRole::Index);
        publish_generation(dir_, generation_);  // from here on the folder opens as an index
    }
    if (options_.threads) {
        live_thread_ = std::make_unique<TaskThread>(kWaitingParts);
    }
    stats_.total_passages = live_->db().get_doccount();
    compressor_ = register_index_dictionaries(live_->db());
    live_->set_compressor(compressor_);
}

void ShardWriter::use_compressor(std::shared_ptr<const RecordCompressor> compressor) {
    wait_live();
    Xapian::WritableDatabase& db = live_->db();
    db.set_metadata(dictionary_key(compressor->id()), compressor->dictionary());
    db.set_metadata(std::string(kMetaDictionary), dictionary_key(compressor->id()));
    db.commit();  // before any record it compresses
    compressor_ = std::move(compressor);
    live_->set_compressor(compressor_);
    for (auto& sink : sinks_) {
        sink->wait();
        sink->segment->set_compressor(compressor_);
    }
}

void ShardWriter::on_live(std::function<void()> task) {
    if (live_thread_) {
        live_thread_->post(std::move(task));
    } else {
        task();
    }
}

void ShardWriter::wait_live() {
    if (live_thread_) {
        live_thread_->wait_idle();
    }
}

void ShardWriter::add(AnalyzedPart part) {
    stats_.documents += part.last ? 1 : 0;
    stats_.passages += part.passages.size();
    stats_.text_bytes += part.text_bytes;
    if (bulk_) {
        add_to_segment(std::move(part));
    } else {
        add_in_place(std::move(part));
    }
}

void ShardWriter::add_in_place(AnalyzedPart part) {
    on_live([this, part = std::move(part)]() mutable {
        PartPlacement placement{{}, live_source_.source_term, live_source_.pending_term};
        std::string duplicate_of;
        bool replaced_earlier = false;
        live_->add(part, placement, &duplicate_of, &replaced_earlier);
        if (replaced_earlier && !live_source_.path.empty()) {
            warn_repeated_id(part.id, live_source_.path);
        }
        if (!duplicate_of.empty() && options_.warn) {
            std::lock_guard lock(warn_mutex_);
            options_.warn("document '" + excerpt(part.id) + "' has the same id as one from " +
                          source_name(live_->db(), duplicate_of) +
                          ": both are kept (ids should be unique)");
        }
        if (live_->pending_bytes() >= options_.batch_bytes) {
            live_->commit();  // also between parts: memory stays bounded by the batch
        }
    });
}

void ShardWriter::add_to_segment(AnalyzedPart part) {
    Xapian::WritableDatabase& base = live_->db();  // idle in bulk: read here
    PartPlacement placement;
    placement.source_term = open_source_term_;
    placement.indexed.reserve(part.passages.size());
    for (const AnalyzedPassage& passage : part.passages) {
        const std::uint64_t key = passage.record.text_key;
        const bool searchable =
            !run_texts_.contains(key) && !base.term_exists(indexed_text_term(key));
        if (searchable) {
            run_texts_.insert(key);
        }
        placement.indexed.push_back(searchable);
    }
    if (part.first) {
        const std::string doc_term = document_key(part.id);
        // The same id written earlier in this run, from the same file: the merge keeps the
        // last version only.
        const std::uint64_t version =
            Fnv1a().add(doc_term).add("\n").add(open_source_term_).value();
        if (!run_documents_.insert(version).second) {
            ledger_->db().set_metadata(prefixed(kRunTwice, doc_term), open_source_term_);
            if (!open_source_path_.empty()) {
                warn_repeated_id(part.id, open_source_path_);
            }
        }
        for (auto it = base.postlist_begin(doc_term); it != base.postlist_end(doc_term); ++it) {
            Xapian::TermIterator term = base.termlist_begin(*it);
            term.skip_to(std::string(kSourcePrefix));
            const std::string source =
                term != base.termlist_end(*it) && (*term).starts_with(kSourcePrefix) ? *term : "";
            if (source.empty() && open_source_term_.empty()) {
                ledger_->db().set_metadata(prefixed(kRunReplace, doc_term), "1");
            } else if (source != open_source_term_ && options_.warn) {
                std::lock_guard lock(warn_mutex_);
                options_.warn("document '" + excerpt(part.id) + "' has the same id as one from " +
                              source_name(base, source) + ": both are kept (ids should be unique)");
            }
            break;  // one passage tells whose it is
        }
    }
    const std::uint64_t bytes = part.text_bytes;
    Sink& sink = *sinks_[sink_for(part)];
    sink.queued_bytes += bytes;
    sink.run(
        [this, &sink, bytes, part = std::move(part), placement = std::move(placement)]() mutable {
            std::string duplicate_of;
            sink.segment->add(part, placement, &duplicate_of);
            sink.queued_bytes -= bytes;
            if (!duplicate_of.empty() && options_.warn) {
                std::lock_guard lock(warn_mutex_);
                options_.warn("document '" + excerpt(part.id) +
                              "' has the same id as one from another file: both are kept (ids "
                              "should be unique)");
            }
        });
    checkpoint_bytes_ += bytes;
    if (checkpoint_bytes_ >= options_.batch_bytes) {
        checkpoint();
    }
}

// Within one file an id written again replaces the version before it (a JSON Lines export
// with updates appended): said, so that the summary's count of documents is explained.
void ShardWriter::warn_repeated_id(const std::string& id, const std::string& path) {
    if (options_.warn) {
        std::lock_guard lock(warn_mutex_);
        options_.warn("document '" + excerpt(id) + "' comes more than once in '" + path +
                      "': the last one is kept (ids should be unique)");
    }
}

// A new document goes to the writer with the least text waiting (hashing ids left one busy
// while the other starved); its later parts, and any later version of the same id, follow it:
// the merge orders versions of an id, and finds ids written twice, within one segment's order.
size_t ShardWriter::sink_for(const AnalyzedPart& part) {
    if (!part.first) {
        return open_sink_;
    }
    const std::uint64_t id = Fnv1a(Fnv1a::kIndexTermBasis).add(part.id).value();
    auto [known, added] = run_document_sinks_.try_emplace(id, 0);
    if (added) {
        auto least = std::min_element(sinks_.begin(), sinks_.end(), [](auto& a, auto& b) {
            return a->queued_bytes < b->queued_bytes;
        });
        known->second = static_cast<std::uint32_t>(least - sinks_.begin());
    }
    open_sink_ = known->second;
    return open_sink_;
}

void ShardWriter::begin_source(const std::string& path) {
    if (bulk_) {
        const std::string id = source_id(path);
        const std::string term = source_term(path);
        ledger_->db().set_metadata(prefixed(kRunBegun, id), path);
        ledger_->db().set_metadata(prefixed(kRunEnded, id), "");
        if (auto adopted = adopted_sources_.find(term); adopted != adopted_sources_.end()) {
            // A killed run finished this file, and it changed since: its passages in that
            // run's segments go, once the ledger no longer says it was finished (else a kill
            // in between would leave it recorded and gone). A checkpoint, not a bare ledger
            // commit: the files finished since the last one must be in the segments first.
            checkpoint();
            for (const fs::path& segment_path : adopted->second) {
                Segment segment(segment_path, SegmentRole::RunSegment);
                if (segment.delete_passages(term) > 0) {
                    segment.commit();
                }
            }
            adopted_sources_.erase(adopted);
        }
        open_source_term_ = term;
        open_source_path_ = path;
        return;
    }
    on_live([this, path] {
        Xapian::WritableDatabase& db = live_->db();
        const std::string term = source_term(path);
        const std::string key = pending_key(path);
        // New passages a killed run left hidden go first.
        if (const std::string stale = db.get_metadata(key); !stale.empty()) {
            live_->delete_passages(stale);
            db.set_metadata(key, "");
        }
        live_source_ = {term, "", path};
        if (db.term_exists(term)) {
            // Its old passages stay searchable until end_source() replaces them in one commit.
            live_source_.pending_term = std::string(kPendingPrefix) + source_id(path) + ":" +
                                        std::to_string(db.get_revision() + 1);
            db.set_metadata(key, live_source_.pending_term);
        }
    });
}

void ShardWriter::end_source(const SourceFile& file) {
    if (bulk_) {
        const std::string id = source_id(file.path);
        if (!ledger_->db().get_metadata(prefixed(kRunBegun, id)).empty()) {
            ledger_->db().set_metadata(prefixed(kRunEnded, id), "1");
        }
        ledger_->db().set_metadata(source_record_key(file.path), format_source_record(file));
        open_source_term_.clear();
        open_source_path_.clear();
        return;
    }
    on_live([this, file] {
        Xapian::WritableDatabase& db = live_->db();
        const std::string term = source_term(file.path);
        if (live_source_.source_term == term && !live_source_.pending_term.empty()) {
            live_->delete_passages(term, live_source_.pending_term);
            db.set_metadata(pending_key(file.path), "");
        }
        db.set_metadata(source_record_key(file.path), format_source_record(file));
        live_source_ = {};
    });
}

void ShardWriter::remove_source(const std::string& path) {
    if (bulk_) {
        ledger_->db().set_metadata(prefixed(kRunRemoved, source_id(path)), path);
        ledger_->db().set_metadata(source_record_key(path), "");
        return;
    }
    on_live([this, path] {
        live_->delete_passages(source_term(path));
        live_->db().set_metadata(source_record_key(path), "");
        live_->db().set_metadata(pending_key(path), "");
    });
}

// The record as committed: the writer thread may be writing the database meanwhile, so it is
// read through a snapshot of its own.
std::optional<SourceFile> ShardWriter::committed_record(const std::string& path) {
    Xapian::Database snapshot(generation_.string());
    std::optional<SourceFile> file =
        parse_source_record(snapshot.get_metadata(source_record_key(path)));
    return file && file->path == path ? file : std::nullopt;  // else a hash collision
}

std::optional<SourceFile> ShardWriter::source_file(const std::string& path) {
    if (bulk_) {
        const std::string key = source_record_key(path);
        const std::string id = source_id(path);
        Xapian::WritableDatabase& ledger = ledger_->db();
        if (!ledger.get_metadata(prefixed(kRunRemoved, id)).empty()) {
            return std::nullopt;
        }
        if (!ledger.get_metadata(prefixed(kRunBegun, id)).empty()) {
            if (ledger.get_metadata(prefixed(kRunEnded, id)).empty()) {
                return std::nullopt;  // begun by a killed run, never finished
            }
            std::optional<SourceFile> file = parse_source_record(ledger.get_metadata(key));
            return file && file->path == path ? file : std::nullopt;
        }
        if (std::optional<SourceFile> file = parse_source_record(ledger.get_metadata(key))) {
            return file->path == path ? file : std::nullopt;  // touched, not changed
        }
        std::optional<SourceFile> file = parse_source_record(live_->db().get_metadata(key));
        return file && file->path == path ? file : std::nullopt;
    }
    return read_latest_revision([&] { return committed_record(path); },
                                "reading the record of '" + path + "' in '" + dir_.string() + "'");
}

std::vector<SourceFile> ShardWriter::sources() {
    wait_live();
    std::vector<SourceFile> out;
    std::unordered_set<std::string> seen;
    auto collect = [&](const Xapian::Database& db, bool ledger) {
        for (const std::string& id : keys_after(db, kMetaSourcePrefix)) {
            if (!seen.insert(id).second) {
                continue;
            }
            if (ledger && !ledger_->db().get_metadata(prefixed(kRunRemoved, id)).empty()) {
                continue;
            }
            if (auto file = parse_source_record(db.get_metadata(prefixed(kMetaSourcePrefix, id)))) {
                out.push_back(std::move(*file));
            }
        }
    };
    if (bulk_) {
        collect(ledger_->db(), true);
    }
    collect(live_->db(), bulk_);
    return out;
}

void ShardWriter::commit() {
    if (bulk_) {
        merge();
        return;
    }
    on_live([this] { live_->commit(); });
    wait_live();
    stats_.total_passages = live_->db().get_doccount();
}

void ShardWriter::suspend() {
    if (bulk_) {
        checkpoint();
        for (auto& sink : sinks_) {
            sink->wait();
        }
        return;
    }
    on_live([this] { live_->commit(); });
    wait_live();
}

IndexStats ShardWriter::stats() const { return stats_; }

std::uint64_t ShardWriter::generation_bytes() const { return tree_bytes(generation_); }

}  // namespace tilde
