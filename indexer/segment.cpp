// SPDX-License-Identifier: MIT
/// @file segment.cpp  Passages into one glass database; deletions that keep it consistent.
#include "segment.hpp"

#include <algorithm>
#include <fstream>
#include <future>
#include <unordered_set>

#include <tilde/errors.hpp>

#include "passage_record.hpp"
#include "schema.hpp"

namespace tilde {
namespace {

bool has_prefix(std::string_view term, std::string_view prefix) {
    return term.size() > prefix.size() && term.starts_with(prefix);
}

// The first term of `docid` starting with `prefix`, or "".
std::string first_term_with(const Xapian::Database& db, Xapian::docid docid,
                            std::string_view prefix) {
    Xapian::TermIterator it = db.termlist_begin(docid);
    it.skip_to(std::string(prefix));
    if (it != db.termlist_end(docid) && has_prefix(*it, prefix)) {
        return *it;
    }
    return {};
}

// Terms that say what a passage is rather than what it says: kept on every copy of a text.
bool is_key_term(std::string_view term) {
    for (std::string_view prefix : {kDocPrefix, kDocNamePrefix, kLangPrefix, kSourcePrefix,
                                    kCollectionPrefix, kPendingPrefix, kTitlePrefix}) {
        if (has_prefix(term, prefix)) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::string MergeResolver::resolve_duplicate_metadata(const std::string& key, size_t count,
                                                      const std::string tags[]) {
    // Xapian passes the key with its own two-byte prefix for user metadata.
    const std::string_view name =
        std::string_view(key).substr(key.size() >= 2 && key[0] == '\0' ? 2 : 0);
    if (name.starts_with(kMetaSpellingForm)) {
        return merge_spelling_forms(std::vector<std::string_view>(tags, tags + count));
    }
    for (size_t i = count; i-- > 0;) {
        if (!tags[i].empty()) {
            return tags[i];
        }
    }
    return {};
}

std::uint64_t count_documents(const Xapian::Database& db) {
    std::uint64_t count = 0;
    const std::string prefix(kDocPrefix);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        ++count;
    }
    return count;
}

Segment::Segment(const std::filesystem::path& path, SegmentRole role) : path_(path), role_(role) {
    const bool run_segment = role == SegmentRole::RunSegment;
    try {
        // The block size applies to a new database only; 0 is Xapian's default.
        db_ = Xapian::WritableDatabase(
            path_.string(), Xapian::DB_CREATE_OR_OPEN | (run_segment ? Xapian::DB_NO_SYNC : 0),
            run_segment ? kRunSegmentBlockSize : 0);
    } catch (const Xapian::DatabaseLockError&) {
        throw IoError("cannot open '" + path_.string() +
                      "' for writing: another tilde-index is writing it");
    } catch (const Xapian::Error& error) {
        throw IoError("cannot open '" + path_.string() +
                      "' for writing: " + error.get_description());
    }
    const std::string format = db_.get_metadata(std::string(kMetaFormat));
    const std::string analyzer = db_.get_metadata(std::string(kMetaAnalyzer));
    if (format.empty() && db_.get_doccount() == 0) {
        db_.set_metadata(std::string(kMetaFormat), std::string(kIndexFormat));
        db_.set_metadata(std::string(kMetaAnalyzer), Analyzer::id());
        db_.commit();  // from here on it opens as a (still empty) tilde index
    } else if (format == kPreviousIndexFormat && analyzer == Analyzer::id()) {
        // Format 6 lacks only the dates in document records: new ones carry theirs, the old
        // are read as before (DocumentRecord::date_key). It says 7 from its next commit on,
        // which an older build then refuses instead of misreading.
        db_.set_metadata(std::string(kMetaFormat), std::string(kIndexFormat));
    } else if (format != kIndexFormat || analyzer != Analyzer::id()) {
        throw IndexVersionMismatch("cannot add to '" + path_.string() + "': built with format '" +
                                   format + "' and analyzer '" + analyzer +
                                   "', this build writes '" + std::string(kIndexFormat) +
                                   "' and '" + Analyzer::id() + "'; index into a new folder");
    }
}

void Segment::add(AnalyzedPart& part, const PartPlacement& placement, std::string* duplicate_of,
                  bool* replaced_earlier) {
    if (part.first) {
        const std::string doc_term = document_key(part.id);
        std::vector<Xapian::docid> replaced;
        for (auto it = db_.postlist_begin(doc_term); it != db_.postlist_end(doc_term); ++it) {
            const std::string source = first_term_with(db_, *it, kSourcePrefix);
            if (source != placement.source_term) {
                if (duplicate_of != nullptr && duplicate_of->empty()) {
                    *duplicate_of = source;
                }
            } else if (placement.pending_term.empty() ||
                       first_term_with(db_, *it, kPendingPrefix) == placement.pending_term) {
                replaced.push_back(*it);  // re-indexing replaces, never duplicates
            }
            // (else the old version of a file being read again: it goes when the file is done)
        }
        delete_docids(replaced);
        if (replaced_earlier != nullptr) {
            *replaced_earlier = !replaced.empty();
        }
    }
    for (size_t i = 0; i < part.passages.size(); ++i) {
        AnalyzedPassage& passage = part.passages[i];
        const bool indexed = placement.indexed.empty()
                                 ? !db_.term_exists(indexed_text_term(passage.record.text_key))
                                 : placement.indexed[i];
        add_passage(passage, part, placement, indexed);
    }
    pending_bytes_ += part.text_bytes;
    if (role_ == SegmentRole::RunSegment && uncommitted_passages_ >= kFlushPassages) {
        commit();
    }
}

// A passage whose text is already searchable (a transcript's "INTERLOCUTOR:", a speech's
// closing formula: 18% of the bench corpus) is stored but not indexed: searches show each
// text once without collapsing, and the index is smaller.
void Segment::add_passage(AnalyzedPassage& passage, const AnalyzedPart& part,
                          const PartPlacement& placement, bool indexed) {
    const PassageRecord& record = passage.record;
    Xapian::Document xdoc;
    if (indexed) {
        xdoc = std::move(passage.terms);
        xdoc.add_boolean_term(indexed_text_term(record.text_key));
        spellings_.add(passage.spellings);
    } else {
        xdoc.add_boolean_term(repeated_text_term(record.text_key));
    }
    xdoc.add_boolean_term(document_key(record.doc));
    xdoc.add_boolean_term(prefixed(kLangPrefix, record.lang));
    if (!placement.source_term.empty()) {
        xdoc.add_boolean_term(placement.source_term);
    }
    if (!placement.pending_term.empty()) {
        xdoc.add_boolean_term(placement.pending_term);
    }
    if (!part.collection.empty()) {
        xdoc.add_boolean_term(collection_term(part.collection));
    }
    if (record.passage == 1) {  // what the document stores once
        for (const auto& [term, position] : part.title_postings) {
            xdoc.add_posting(term, position, 0);
        }
        xdoc.add_boolean_term(document_name_term(record.doc));
        xdoc.add_value(kSlotDocument,
                       DocumentRecord{record.doc, part.title, part.date_key}.serialize());
        if (!part.collection.empty()) {
            const std::string key = prefixed(kMetaCollectionPrefix, part.collection);
            if (key.size() <= kMaxTermBytes && db_.get_metadata(key).empty()) {
                db_.set_metadata(key, "1");  // the names behind the K terms, for source:
            }
        }
    }
    if (!part.date_key.empty()) {
        xdoc.add_value(kSlotDate, part.date_key);
    }
    xdoc.add_value(kSlotRecord, record.serialize(compressor_.get()));
    db_.add_document(xdoc);
    ++passages_added_;
    ++uncommitted_passages_;
}

std::uint64_t Segment::delete_passages(const std::string& term, const std::string& unless_term) {
    std::vector<Xapian::docid> docids;
    Xapian::PostingIterator unless = db_.postlist_begin(unless_term.empty() ? term : unless_term);
    const Xapian::PostingIterator unless_end =
        db_.postlist_end(unless_term.empty() ? term : unless_term);
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
        if (!unless_term.empty()) {
            unless.skip_to(*it);
            if (unless != unless_end && *unless == *it) {
                continue;
            }
        }
        docids.push_back(*it);
    }
    delete_docids(docids);
    return docids.size();
}

void Segment::delete_docids(const std::vector<Xapian::docid>& docids) {
    std::unordered_set<std::uint64_t> lost;  // texts whose searchable copy goes
    for (Xapian::docid docid : docids) {
        const PassageRecord record =
            PassageRecord::parse(db_.get_document(docid).get_value(kSlotRecord));
        if (!first_term_with(db_, docid, kIndexedTextPrefix).empty()) {
            spellings_.remove(passage_spellings(analyzer_, record));
            lost.insert(record.text_key);
        }
        db_.delete_document(docid);
    }
    for (std::uint64_t key : lost) {
        const std::string copies = repeated_text_term(key);
        if (!db_.term_exists(indexed_text_term(key)) && db_.term_exists(copies)) {
            index_stored_copy(*db_.postlist_begin(copies));
        }
    }
}

// A stored copy of a text becomes its searchable one: its words are indexed again from its
// record, its key terms and values kept.
void Segment::index_stored_copy(Xapian::docid copy) {
    const Xapian::Document stored = db_.get_document(copy);
    const PassageRecord record = PassageRecord::parse(stored.get_value(kSlotRecord));
    const std::vector<Token> tokens = analyzer_.analyze(record.text, Purpose::Document);
    std::vector<SpellingUse> spellings;
    Xapian::Document indexed =
        passage_terms(analyzer_, record.text, tokens,
                      parse_language(record.lang).value_or(Language::Unknown), &spellings);
    const std::string repeated = repeated_text_term(record.text_key);
    for (auto kept = stored.termlist_begin(); kept != stored.termlist_end(); ++kept) {
        if (*kept == repeated) {
            continue;
        }
        if (kept.positionlist_count() == 0) {
            indexed.add_boolean_term(*kept);
            continue;
        }
        for (auto at = kept.positionlist_begin(); at != kept.positionlist_end(); ++at) {
            indexed.add_posting(*kept, *at, 0);  // title words: phrases need them
        }
    }
    for (auto value = stored.values_begin(); value != stored.values_end(); ++value) {
        indexed.add_value(value.get_valueno(), *value);
    }
    indexed.add_boolean_term(indexed_text_term(record.text_key));
    db_.replace_document(copy, indexed);
    spellings_.add(spellings);
}

// The other way: a searchable copy keeps only what says what it is.
void Segment::make_stored_copy(Xapian::docid copy, std::uint64_t key) {
    const Xapian::Document indexed = db_.get_document(copy);
    const PassageRecord record = PassageRecord::parse(indexed.get_value(kSlotRecord));
    Xapian::Document stored;
    for (auto kept = indexed.termlist_begin(); kept != indexed.termlist_end(); ++kept) {
        if (!is_key_term(*kept)) {
            continue;
        }
        if (kept.positionlist_count() == 0) {
            stored.add_boolean_term(*kept);
            continue;
        }
        for (auto at = kept.positionlist_begin(); at != kept.positionlist_end(); ++at) {
            stored.add_posting(*kept, *at, 0);
        }
    }
    for (auto value = indexed.values_begin(); value != indexed.values_end(); ++value) {
        stored.add_value(value.get_valueno(), *value);
    }
    stored.add_boolean_term(repeated_text_term(key));
    db_.replace_document(copy, stored);
    spellings_.remove(passage_spellings(analyzer_, record));
}

void Segment::repair_repeated_texts() {
    const std::string indexed_prefix(kIndexedTextPrefix);
    std::vector<std::pair<std::string, Xapian::doccount>> searchable;
    for (auto it = db_.allterms_begin(indexed_prefix); it != db_.allterms_end(indexed_prefix);
         ++it) {
        if (it.get_termfreq() > 1) {
            searchable.emplace_back(*it, it.get_termfreq());
        }
    }
    for (const auto& [term, count] : searchable) {
        std::vector<Xapian::docid> copies(db_.postlist_begin(term), db_.postlist_end(term));
        for (size_t i = 1; i < copies.size(); ++i) {
            make_stored_copy(copies[i], key_of(term));
        }
    }
    const std::string repeated_prefix(kRepeatedTextPrefix);
    std::vector<std::string> orphans;
    for (auto it = db_.allterms_begin(repeated_prefix); it != db_.allterms_end(repeated_prefix);
         ++it) {
        if (!db_.term_exists(indexed_text_term(key_of(*it)))) {
            orphans.push_back(*it);
        }
    }
    for (const std::string& term : orphans) {
        index_stored_copy(*db_.postlist_begin(term));
    }
}

void Segment::commit() {
    if (role_ == SegmentRole::RunSegment) {
        // Beside the database, not in it: the merge would copy it into the generation.
        // Each entry names the revision it belongs to, so one whose commit never happened
        // is left out.
        if (!spellings_.empty()) {
            const std::string log = spellings_.take_log();
            std::ofstream out(spelling_log_path(path_), std::ios::app | std::ios::binary);
            out << "revision " << db_.get_revision() + 1 << ' ' << log.size() << '\n' << log;
            if (!out.flush()) {
                throw IoError("cannot write '" + spelling_log_path(path_).string() + "'");
            }
        }
    } else {
        spellings_.flush(db_);
        db_.set_metadata(std::string(kMetaDocuments), std::to_string(count_documents(db_)));
    }
    db_.commit();
    pending_bytes_ = 0;
    uncommitted_passages_ = 0;
}

std::filesystem::path spelling_log_path(const std::filesystem::path& segment) {
    std::filesystem::path log = segment;
    log += ".spelling";
    return log;
}

namespace {

// The words whose hash is `part` modulo `parts`.
struct SpellingShare {
    unsigned part = 0;
    unsigned parts = 1;
};

// Past this many shares a share is added up whatever it takes: a budget too small for a few
// words must not split them forever.
constexpr unsigned kMostSpellingShares = 1024;
// What Xapian holds of each word added to a spelling table until the commit (its fragments).
constexpr std::size_t kPendingBytesPerWord = 1024;

// Adds up `share` of the words in the logs of `segments` (up to `committed`, each segment's
// last committed revision) into a new database at `out`. Half of `memory_bytes` (0: no bound)
// for the totals, half for Xapian's pending changes; false, with nothing written, when the
// totals outgrow their half.
bool gather_spelling_share(const std::vector<std::filesystem::path>& segments,
                           const std::vector<Xapian::rev>& committed, SpellingShare share,
                           std::uint64_t memory_bytes, const std::filesystem::path& out) {
    const bool bounded = memory_bytes > 0 && share.parts < kMostSpellingShares;
    SpellingCounts totals;
    for (size_t i = 0; i < segments.size(); ++i) {
        std::ifstream in(spelling_log_path(segments[i]), std::ios::binary);
        std::string word;
        Xapian::rev revision = 0;
        size_t bytes = 0;
        while (in >> word >> revision >> bytes && word == "revision") {
            in.get();
            std::string log(bytes, '\0');
            if (!in.read(log.data(), static_cast<std::streamsize>(bytes))) {
                break;  // cut short by a kill: its commit did not happen either
            }
            if (revision <= committed[i]) {
                totals.load(log, share.part, share.parts);
                if (bounded && totals.loaded_bytes() > memory_bytes / 2) {
                    return false;
                }
            }
        }
    }
    Xapian::WritableDatabase db(out.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    db.set_metadata(std::string(kMetaFormat), std::string(kIndexFormat));
    db.set_metadata(std::string(kMetaAnalyzer), Analyzer::id());
    totals.flush_into_new(db, memory_bytes == 0
                                  ? SpellingCounts::kWordsPerCommit
                                  : std::clamp<std::size_t>(memory_bytes / 2 / kPendingBytesPerWord,
                                                            100, SpellingCounts::kWordsPerCommit));
    db.commit();
    return true;
}

}  // namespace

std::vector<std::filesystem::path> gather_spelling_logs(
    const std::vector<std::filesystem::path>& segments, const std::filesystem::path& out,
    unsigned threads, std::uint64_t memory_bytes) {
    std::vector<Xapian::rev> committed;
    for (const std::filesystem::path& path : segments) {
        committed.push_back(Xapian::Database(path.string()).get_revision());
    }
    // The compaction adds up the shares' word frequencies (and unites their word fragments),
    // so writing them apart on threads of their own costs nothing at search time; on the
    // bench corpus this was 4 to 5 s of the merge's 10 to 16 on one core.
    const unsigned workers = std::max(1u, threads);
    std::vector<SpellingShare> round;
    for (unsigned part = 0; part < workers; ++part) {
        round.push_back({part, workers});
    }
    std::vector<std::filesystem::path> written;
    // Each round's shares `workers` at a time; the next round has those that did not fit, as
    // two shares each. A share's failure is rethrown by get(); the futures still running are
    // waited for as they go.
    while (!round.empty()) {
        std::vector<SpellingShare> split;
        for (size_t first = 0; first < round.size(); first += workers) {
            const size_t last = std::min(round.size(), first + workers);
            std::vector<std::filesystem::path> paths;
            std::vector<std::future<bool>> running;
            for (size_t k = first; k < last; ++k) {
                paths.push_back(out.string() + "-" + std::to_string(round[k].part) + "-" +
                                std::to_string(round[k].parts));
                running.push_back(std::async(std::launch::async, gather_spelling_share,
                                             std::cref(segments), std::cref(committed), round[k],
                                             memory_bytes / workers, paths.back()));
            }
            for (size_t k = first; k < last; ++k) {
                const SpellingShare share = round[k];
                if (running[k - first].get()) {
                    written.push_back(paths[k - first]);
                } else {
                    split.push_back({share.part, share.parts * 2});
                    split.push_back({share.part + share.parts, share.parts * 2});
                }
            }
        }
        round = std::move(split);
    }
    std::sort(written.begin(), written.end());
    return written;
}

}  // namespace tilde
