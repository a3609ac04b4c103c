// SPDX-License-Identifier: MIT
/// @file index_reader.cpp  Opening an index, its shards and generations; following a writer.
#include "index_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <tilde/analysis.hpp>

#include "analyzer.hpp"
#include "index_layout.hpp"
#include "record_codec.hpp"
#include "schema.hpp"
#include "stopwords.hpp"

namespace tilde {
namespace {

// Bytes of the index on disk: its folder's files, or the one file of a single-file index.
std::uint64_t disk_size(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
        std::uint64_t size = std::filesystem::file_size(path, ec);
        return ec ? 0 : size;
    }
    std::uint64_t total = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file(ec)) {
            std::uint64_t size = entry.file_size(ec);
            total += ec ? 0 : size;
        }
    }
    return total;
}

// The document count tilde-index stored; anything but digits means the metadata is damaged.
std::uint64_t stored_document_count(const Xapian::Database& db, const std::string& where) {
    const std::string text = db.get_metadata(std::string(kMetaDocuments));
    std::uint64_t count = 0;
    if (text.empty()) {
        return count;  // written by every run; absent only before the first commit
    }
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (error != std::errc() || end != text.data() + text.size()) {
        throw IndexCorrupt("index '" + where + "' stores a bad document count '" +
                           text.substr(0, 40) + "' (rerun tilde-index)");
    }
    return count;
}

// "Couldn't connect (Connection refused)": Xapian's message and the system's reason.
std::string network_reason(const Xapian::Error& error) {
    const char* system = error.get_error_string();
    return error.get_msg() + (system != nullptr ? " (" + std::string(system) + ")" : "");
}

}  // namespace

void check_index_format(const Xapian::Database& db, const std::string& name) {
    std::string format;
    std::string analyzer;
    try {
        format = db.get_metadata(std::string(kMetaFormat));
        analyzer = db.get_metadata(std::string(kMetaAnalyzer));
    } catch (const Xapian::NetworkError&) {
        throw;  // a shard that is down: connect() says which
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;  // opened mid-commit: the caller opens again
    } catch (const Xapian::Error& error) {
        throw IndexCorrupt("cannot open index '" + name + "': " + error.get_description() +
                           " (tilde-index --check " + name + " lists what is damaged)");
    }
    if (format.empty()) {
        throw IndexCorrupt("cannot open index '" + name +
                           "': a Xapian database, but not a tilde index");
    }
    // Format 6 differs only in where dates are kept: searched as it is (Segment upgrades it).
    const bool readable_format = format == kIndexFormat || format == kPreviousIndexFormat;
    if (!readable_format || analyzer != Analyzer::id()) {
        // Same analyzer, other stopword lists: the lists can be pointed at instead.
        bool stopwords_only =
            readable_format && analyzer.substr(0, analyzer.find('+')) == Analyzer::kVersion;
        throw IndexVersionMismatch(
            "cannot open index '" + name + "': built with " + format + " and analyzer " + analyzer +
            ", this build reads " + std::string(kIndexFormat) + " and analyzer " + Analyzer::id() +
            (stopwords_only ? " (other stopword lists, now from " + stopwords_source() +
                                  "); set TILDE_STOPWORDS_DIR to the lists it was built "
                                  "with, or rerun tilde-index"
                            : "; rerun tilde-index"));
    }
    try {
        (void)register_index_dictionaries(db);
    } catch (const IoError& error) {
        throw IndexCorrupt("cannot open index '" + name + "': " + error.what());
    } catch (const Xapian::NetworkError&) {
        throw;
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;
    } catch (const Xapian::Error& error) {
        throw IndexCorrupt("cannot open index '" + name + "': " + error.get_description() +
                           " (tilde-index --check " + name + " lists what is damaged)");
    }
}

IndexReader::IndexReader(const std::filesystem::path& index_path, const OpenOptions& options)
    : path_(index_path.string()), location_(index_path), open_options_(options) {
    if (std::optional<ShardStub> stub = read_shard_stub(index_path)) {
        open_shards(*stub);
        return;
    }
    std::error_code ec;
    if (!std::filesystem::exists(index_path, ec)) {
        throw IndexNotFound("cannot open index '" + path_ +
                            "': no such folder; build it with tilde-index --index " + path_ +
                            " PATH...");
    }
    open([&] { return Xapian::Database(path_); });
    note_generation(index_path);
}

// Xapian reads a single-file index through a descriptor positioned at its start.
IndexReader::IndexReader(const std::filesystem::path& file, std::uint64_t offset)
    : path_(file.string() + " at byte " + std::to_string(offset)),
      location_(file),
      offset_(offset) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw IndexNotFound("cannot open index file '" + file.string() +
                            "': " + std::strerror(errno));
    }
    std::error_code ec;
    std::uint64_t size = std::filesystem::file_size(file, ec);
    if (ec || offset >= size ||
        ::lseek(fd, static_cast<off_t>(offset), SEEK_SET) != static_cast<off_t>(offset)) {
        ::close(fd);
        throw IndexNotFound("cannot open index '" + path_ + "': the file has " +
                            std::to_string(size) + " bytes");
    }
    // Xapian owns and closes the descriptor; a single file is never written in place, so it
    // opens at the first attempt or fails.
    open([&] { return Xapian::Database(fd); });
}

// Opening follows the one retry rule too: a writer may commit while the folder opens
// (found by ReadWhileWriting under the sanitizers). `open_database` must be callable again.
template <class OpenDatabase>
void IndexReader::open(OpenDatabase&& open_database) {
    ReadAttempts attempts;
    for (;;) {
        try {
            db_ = open_database();
            check_index_format(db_, path_);
            return;
        } catch (const Xapian::DatabaseModifiedError&) {
            attempts.after_modified("cannot open index '" + path_ + "'");
        } catch (const Xapian::DatabaseNotFoundError&) {
            throw IndexNotFound("cannot open index '" + path_ +
                                "': not a tilde index; build it with tilde-index");
        } catch (const Xapian::Error& error) {
            throw IndexCorrupt("cannot open index '" + path_ + "': " + error.get_description());
        }
    }
}

// A sharded index: Xapian searches the shards as one database, with the statistics of all
// of them, so scores are those of a single index holding the same passages.
void IndexReader::open_shards(const ShardStub& stub) {
    stub_file_ = stub.file.string();
    for (const ShardLocation& location : stub.shards) {
        Shard& shard = shards_.emplace_back();
        shard.location = location;
        connect(shard);
        if (!shard.up && !open_options_.partial) {
            throw down_error(shard);
        }
    }
    if (std::none_of(shards_.begin(), shards_.end(), [](const Shard& s) { return s.up; })) {
        throw ShardUnavailable("no shard of '" + stub_file_ +
                               "' can be reached: " + unavailable_message(shards_.front()));
    }
    combine_shards();
}

// Opens one shard; a shard that cannot be reached is marked down (a bad one throws).
void IndexReader::connect(Shard& shard) const {
    const ShardLocation& where = shard.location;
    shard.tried = std::chrono::steady_clock::now();
    try {
        if (where.remote()) {
            shard.db = Xapian::Remote::open(where.host, where.port, open_options_.timeout_ms,
                                            open_options_.timeout_ms);
        } else {
            shard.db = Xapian::Database(where.path.string());
            note_generation(where.path);
        }
    } catch (const Xapian::NetworkError& error) {
        shard.up = false;
        shard.reason = network_reason(error);
        return;
    } catch (const Xapian::DatabaseNotFoundError& error) {
        shard.up = false;
        shard.reason = "no index in " + where.path.string();
        return;
    } catch (const Xapian::Error& error) {
        throw IndexCorrupt("cannot open shard '" + where.entry + "' of '" + stub_file_ +
                           "': " + error.get_description());
    }
    check_index_format(shard.db, where.entry + "' of '" + stub_file_);
    shard.up = true;
    shard.reason.clear();
}

std::string IndexReader::unavailable_message(const Shard& shard) const {
    return "shard '" + shard.location.entry + "' of '" + stub_file_ +
           "' is unavailable: " + shard.reason;
}

// Stopping at a shard that is down (without OpenOptions::partial).
ShardUnavailable IndexReader::down_error(const Shard& shard) const {
    return ShardUnavailable(unavailable_message(shard) +
                            "; start it, or search the others with --partial");
}

void IndexReader::combine_shards() const {
    db_ = Xapian::Database();
    remote_ = false;
    size_t up = 0;
    for (const Shard& shard : shards_) {
        if (shard.up) {
            db_.add_database(shard.db);
            remote_ |= shard.location.remote();
            ++up;
        }
    }
    // Xapian numbers the passages of several databases by interleaving, so a shard's own
    // docids mean nothing to the combined one, nor to a remote server.
    by_docid_ = up == 1 && !remote_;
    subdatabases_ = static_cast<Xapian::doccount>(std::max<size_t>(up, 1));
    forget_revision();
}

// Shards that were down are tried again: at every read when all are needed, now and then
// with OpenOptions::partial, so that a restarted server is searched again.
void IndexReader::reconnect_down_shards() const {
    constexpr auto kRetryAfter = std::chrono::seconds(30);
    bool changed = false;
    for (Shard& shard : shards_) {
        if (shard.up) {
            continue;
        }
        if (!open_options_.partial ||
            std::chrono::steady_clock::now() - shard.tried >= kRetryAfter) {
            connect(shard);
            changed |= shard.up;
        }
        if (!shard.up && !open_options_.partial) {
            throw down_error(shard);
        }
    }
    if (changed) {
        combine_shards();
    }
}

// A shard failed mid-read: find which (the error does not say), then fail naming it, or
// with OpenOptions::partial leave it out and let the caller retry.
void IndexReader::shard_failed(const Xapian::NetworkError& error, const std::string& what) const {
    if (shards_.empty()) {
        throw IndexCorrupt(what + ": " + error.get_description());
    }
    const Shard* failed = nullptr;
    for (Shard& shard : shards_) {
        if (!shard.up) {
            continue;
        }
        try {
            shard.db.reopen();
            (void)shard.db.get_doccount();
        } catch (const Xapian::Error& probe) {
            shard.up = false;
            shard.reason = network_reason(probe);
            shard.tried = std::chrono::steady_clock::now();
            failed = failed ? failed : &shard;
        }
    }
    if (!failed) {
        throw ShardUnavailable(what + ": " + error.get_description());
    }
    if (!open_options_.partial) {
        throw down_error(*failed);
    }
    if (std::none_of(shards_.begin(), shards_.end(), [](const Shard& s) { return s.up; })) {
        throw ShardUnavailable("no shard of '" + stub_file_ +
                               "' can be reached: " + unavailable_message(*failed));
    }
    combine_shards();
}

IndexReader::StubStamp IndexReader::stub_stamp(const std::filesystem::path& folder) {
    struct stat status {};
    if (::stat((folder / kShardStubName).c_str(), &status) != 0) {
        return {};
    }
    return {status.st_ino,
            std::int64_t{status.st_mtim.tv_sec} * 1'000'000'000 + status.st_mtim.tv_nsec,
            status.st_size};
}

// An index folder names its current generation (index_layout.hpp); a writer's merge
// publishes a new one, which a reopen() of the old one would never see.
void IndexReader::note_generation(const std::filesystem::path& folder) const {
    std::erase_if(generations_, [&](const auto& known) { return known.folder == folder; });
    const StubStamp stamp = stub_stamp(folder);  // before the read: a later change shows
    if (std::optional<std::filesystem::path> generation = current_generation(folder)) {
        generations_.push_back({folder, *generation, stamp});
    }
}

// Opens the index again when a folder names another generation than it did.
void IndexReader::follow_generations() const {
    bool moved = false;
    for (KnownGeneration& known : generations_) {
        // One stat per read; the stub is read only when it was written again.
        const StubStamp stamp = stub_stamp(known.folder);
        if (stamp != known.stamp) {
            known.stamp = stamp;
            moved = moved || current_generation(known.folder) != known.generation;
        }
    }
    if (!moved) {
        return;
    }
    forget_revision();
    if (shards_.empty()) {
        db_ = Xapian::Database(path_);
        check_index_format(db_, path_);
        note_generation(location_);
        return;
    }
    for (Shard& shard : shards_) {
        if (!shard.location.remote()) {
            connect(shard);
        }
    }
    combine_shards();
}

void IndexReader::catch_up() const {
    reconnect_down_shards();
    follow_generations();
    if (db_.reopen()) {
        forget_revision();
    }
}

Xapian::Query IndexReader::in_language(Language language, double weight) const {
    return in_language(language_code(language), weight);
}

Xapian::Query IndexReader::in_language(std::string_view code, double weight) const {
    const std::string term = prefixed(kLangPrefix, code);
    if (!remote_) {
        return passages_with(language_bitmaps_, term, weight);
    }
    // A remote shard knows only Xapian's own posting sources.
    if (weight == 0) {
        return Xapian::Query(term);
    }
    return Xapian::Query(Xapian::Query::OP_FILTER,
                         // release(): the query owns the source (Xapian does not, unless asked).
                         Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()),
                         Xapian::Query(term));
}

void IndexReader::forget_revision() const { ++revision_; }

std::vector<std::string> IndexReader::warnings() const {
    std::vector<std::string> out;
    size_t up = 0;
    for (const Shard& shard : shards_) {
        up += shard.up ? 1 : 0;
    }
    for (const Shard& shard : shards_) {
        if (!shard.up) {
            out.push_back(unavailable_message(shard) + "; results come from " + std::to_string(up) +
                          " of " + std::to_string(shards_.size()) + " shards");
        }
    }
    return out;
}

std::vector<const Xapian::Database*> IndexReader::metadata_sources() const {
    if (shards_.empty()) {
        return {&db_};
    }
    std::vector<const Xapian::Database*> out;
    for (const Shard& shard : shards_) {
        if (shard.up) {
            out.push_back(&shard.db);
        }
    }
    return out;
}

const std::vector<std::string>& IndexReader::pending_terms() const {
    if (pending_revision_ == revision_) {
        return pending_;  // a revision's pending terms do not change
    }
    pending_.clear();
    const std::string prefix(kMetaPendingPrefix);
    for (const Xapian::Database* db : metadata_sources()) {
        for (auto it = db->metadata_keys_begin(prefix); it != db->metadata_keys_end(prefix); ++it) {
            if (std::string term = db->get_metadata(*it); !term.empty()) {
                pending_.push_back(std::move(term));
            }
        }
    }
    pending_revision_ = revision_;
    return pending_;
}

std::string IndexReader::spelling_form(const std::string& folded) const {
    std::vector<std::string> forms = spelling_forms(folded);
    if (forms.empty()) {
        return folded;
    }
    return std::move(forms.front());
}

// Each shard counts its own passages' spellings: they are added up here.
std::vector<std::string> IndexReader::spelling_forms(const std::string& folded) const {
    const std::string key = std::string(kMetaSpellingForm) + folded;
    std::vector<std::string> out;
    const std::vector<const Xapian::Database*> sources = metadata_sources();
    if (sources.size() < 2) {
        for (const Xapian::Database* db : sources) {
            for (SpellingForm& form : parse_spelling_forms(db->get_metadata(key))) {
                out.push_back(std::move(form.form));
            }
        }
        return out;
    }
    // Each shard counts its own passages' spellings (metadata is not combined).
    std::vector<SpellingForm> all;
    for (const Xapian::Database* db : sources) {
        for (SpellingForm& form : parse_spelling_forms(db->get_metadata(key))) {
            auto same = std::find_if(all.begin(), all.end(),
                                     [&](const SpellingForm& f) { return f.form == form.form; });
            if (same != all.end()) {
                same->count += form.count;
            } else {
                all.push_back(std::move(form));
            }
        }
    }
    for (SpellingForm& form : parse_spelling_forms(format_spelling_forms(all))) {
        out.push_back(std::move(form.form));
    }
    return out;
}

void IndexReader::describe(IndexInfo& info) const {
    info.passages = db_.get_doccount();
    if (shards_.empty()) {
        info.size_bytes = disk_size(location_);
        if (offset_ > 0) {
            info.size_bytes -= std::min<std::uint64_t>(info.size_bytes, offset_);
        }
        info.documents = stored_document_count(db_, path_);
    }
    info.shards = static_cast<std::uint32_t>(std::max<size_t>(1, shards_.size()));
    for (const Shard& shard : shards_) {
        info.remote_shards += shard.location.remote() ? 1 : 0;
        if (!shard.up) {
            ++info.unavailable_shards;
            continue;
        }
        if (!shard.location.remote()) {
            info.size_bytes += disk_size(shard.location.path);
        }
        info.documents += stored_document_count(shard.db, shard.location.entry);
    }
}

bool is_index_damage(const Xapian::Error& error) {
    // Xapian's errors have no virtual functions to cast by: their type names tell.
    const std::string_view type = error.get_type();
    return type.starts_with("Database") || type == "DocNotFoundError" ||
           type == "SerialisationError" || type == "RangeError";
}

void IndexReader::fail(const std::string& what, const Xapian::Error& error) const {
    if (is_index_damage(error)) {
        throw IndexCorrupt(what + ": " + error.get_description() + " (tilde-index --check " +
                           path_ + " lists what is damaged)");
    }
    throw RuntimeError(what + ": internal error: " + error.get_description() +
                       " (the index is not at fault; please report it)");
}

}  // namespace tilde
