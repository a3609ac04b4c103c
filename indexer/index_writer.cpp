// SPDX-License-Identifier: MIT
/// @file index_writer.cpp  Documents -> passages -> Xapian documents, committed in batches.
#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <unistd.h>

#include <xapian.h>

#include <tilde/errors.hpp>
#include <tilde/index_writer.hpp>

#include "analyzer.hpp"
#include "dates.hpp"
#include "fnv1a.hpp"
#include "passage_record.hpp"
#include "passage_splitter.hpp"
#include "schema.hpp"
#include "shard_stub.hpp"

namespace tilde {
namespace {

// Identical passages (same words after folding) share this key; only one copy is searchable.
std::string text_key(const std::vector<Token>& tokens) {
    Fnv1a fnv(Fnv1a::kIndexTermBasis);  // over folded words
    for (const Token& token : tokens) {
        fnv.add(token.folded).add(" ");
    }
    return fnv.hex();
}

// A word worth offering as a spelling correction: letters only, not too short.
bool is_spelling_word(const Token& token) {
    if (token.number || token.stopword || token.folded.size() < 3) {
        return false;
    }
    for (unsigned char c : token.folded) {
        if (c == '\'' || (c >= '0' && c <= '9')) {
            return false;
        }
    }
    return true;
}

// How a passage writes a spelling-worthy word: counted into the index only if the passage is
// the searchable copy of its text.
struct SpellingUse {
    std::string folded;
    std::string written;
};

// The words of one passage as Xapian terms: stems with positions, the folded word and its
// accented form; stopwords only their stems (they matter in phrases and in queries of nothing
// but stopwords, which the stems serve; the word terms would add a fifth of all postings).
Xapian::Document passage_terms(const Analyzer& analyzer, const PassageRecord& record,
                               const std::vector<Token>& tokens, Language language,
                               std::vector<SpellingUse>* spellings) {
    Xapian::Document xdoc;
    const Xapian::termcount wdf = wdf_per_occurrence(tokens.size());
    for (const Token& token : tokens) {
        const Xapian::termpos position = token.position + 1;
        for (const std::string& stem : analyzer.stems(token.folded, language)) {
            std::string term = prefixed(kStemPrefix, stem);
            if (term.size() <= kMaxTermBytes) {
                xdoc.add_posting(term, position, wdf);
            }
        }
        if (token.stopword) {
            continue;
        }
        if (token.folded.size() <= kMaxTermBytes) {
            xdoc.add_term(token.folded, wdf);
        }
        if (!token.exact.empty()) {
            std::string term = prefixed(kExactPrefix, token.exact);
            if (term.size() <= kMaxTermBytes) {
                xdoc.add_term(term, wdf);
            }
        }
        if (spellings != nullptr && is_spelling_word(token)) {
            spellings->push_back(
                {token.folded,
                 record.text.substr(token.byte_begin, token.byte_end - token.byte_begin)});
        }
    }
    return xdoc;
}

// One part of a document, split, analyzed and turned into terms: all the work that needs no
// index, so that with two threads it runs while the previous part is being written.
struct AnalyzedPassage {
    PassageRecord record;
    std::string text_key;
    Xapian::Document terms;
    std::vector<SpellingUse> spellings;
};

struct AnalyzedPart {
    std::string id;
    // What every passage of the document carries for the query language's fields.
    std::string date_key;         // kSlotDate; empty when the document has no date
    std::string collection_term;  // kCollectionPrefix term; empty without a source
    std::vector<std::pair<std::string, Xapian::termpos>> title_postings;
    bool first = false;  // the document's first part: replaces any earlier version
    bool last = false;
    uint64_t text_bytes = 0;
    std::vector<AnalyzedPassage> passages;
};

// Splits and analyzes the parts of documents in order; passages are numbered across the parts
// of one document.
class PartAnalyzer {
  public:
    explicit PartAnalyzer(Language forced_language) : forced_language_(forced_language) {}

    AnalyzedPart analyze(const Document& document, bool first, bool last) {
        if (first) {
            passages_before_ = 0;
            bytes_before_ = 0;
        }
        AnalyzedPart out;
        out.id = document.id;
        add_document_fields(document, out);
        out.first = first;
        out.last = last;
        out.text_bytes = document.text.size();
        std::vector<PassageSpan> spans = splitter_.split(document.text);
        // Per call, not reused: kept slots would each grow to the largest passage ever seen
        // at their index, so memory would creep up with the length of a file.
        std::vector<std::vector<Token>> passage_tokens(spans.size());
        LanguageEvidence document_evidence;
        for (size_t i = 0; i < spans.size(); ++i) {
            std::string_view text(document.text.data() + spans[i].begin,
                                  spans[i].end - spans[i].begin);
            analyzer_.analyze(text, Purpose::Document, passage_tokens[i]);
            document_evidence += language_evidence(passage_tokens[i]);
        }
        // A language the document declares wins; then --lang; then each passage's stopwords,
        // falling back on the whole document's for passages too short to tell (titles).
        Language declared = parse_language(document.lang).value_or(Language::Unknown);
        if (declared == Language::Unknown) {
            declared = forced_language_;
        }
        const Language document_language = document_evidence.decide();
        out.passages.reserve(spans.size());
        for (size_t i = 0; i < spans.size(); ++i) {
            const std::vector<Token>& tokens = passage_tokens[i];
            Language language = declared != Language::Unknown ? declared : detect_language(tokens);
            if (language == Language::Unknown) {
                language = document_language;
            }
            AnalyzedPassage passage;
            PassageRecord& record = passage.record;
            record.doc = document.id;
            record.title = document.title;
            // Numbered and placed as if the parts were one text.
            record.passage = passages_before_ + static_cast<uint32_t>(i + 1);
            record.start = bytes_before_ + spans[i].begin;
            record.end = bytes_before_ + spans[i].end;
            record.lang = std::string(language_code(language));
            record.text = document.text.substr(spans[i].begin, spans[i].end - spans[i].begin);
            passage.text_key = text_key(tokens);
            passage.terms = passage_terms(analyzer_, record, tokens, language, &passage.spellings);
            out.passages.push_back(std::move(passage));
        }
        passages_before_ += static_cast<uint32_t>(spans.size());
        bytes_before_ += static_cast<uint32_t>(document.text.size());
        return out;
    }

  private:
    void add_document_fields(const Document& document, AnalyzedPart& out) const {
        if (std::optional<CalendarDate> date = parse_metadata_date(document.date)) {
            out.date_key = date_key(*date);
        }
        if (!document.source.empty()) {
            out.collection_term = collection_term(document.source);
        }
        for (const Token& token : analyzer_.analyze(document.title, Purpose::Document)) {
            for (const std::string& stem : analyzer_.stems(token.folded, Language::Unknown)) {
                std::string term = prefixed(kTitlePrefix, stem);
                if (term.size() <= kMaxTermBytes) {
                    out.title_postings.emplace_back(std::move(term), token.position + 1);
                }
            }
        }
    }

    Language forced_language_;
    Analyzer analyzer_;
    PassageSplitter splitter_;
    uint32_t passages_before_ = 0;  // passages and text bytes of the document's earlier parts
    uint32_t bytes_before_ = 0;
};

// Runs a PartAnalyzer on a thread of its own; results come back in submission order, an
// analysis error with the part that raised it.
class AnalysisThread {
  public:
    explicit AnalysisThread(Language forced_language)
        : analyzer_(forced_language), thread_([this] { run(); }) {}

    ~AnalysisThread() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }

    AnalysisThread(const AnalysisThread&) = delete;
    AnalysisThread& operator=(const AnalysisThread&) = delete;

    void submit(Document part, bool first, bool last) {
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back({std::move(part), first, last});
            ++in_flight_;
        }
        changed_.notify_all();
    }

    [[nodiscard]] size_t in_flight() const { return in_flight_; }

    // The oldest part's analysis; waits for it. @throws what analyzing it threw.
    AnalyzedPart next() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return !results_.empty(); });
        Result result = std::move(results_.front());
        results_.pop_front();
        --in_flight_;
        lock.unlock();
        if (result.error) {
            std::rethrow_exception(result.error);
        }
        return std::move(result.part);
    }

  private:
    struct Job {
        Document part;
        bool first;
        bool last;
    };
    struct Result {
        AnalyzedPart part;
        std::exception_ptr error;
    };

    void run() {
        for (;;) {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) {
                return;  // stopping, and nothing left to do
            }
            Job job = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            Result result;
            try {
                result.part = analyzer_.analyze(job.part, job.first, job.last);
            } catch (...) {
                result.error = std::current_exception();
            }
            lock.lock();
            results_.push_back(std::move(result));
            lock.unlock();
            changed_.notify_all();
        }
    }

    PartAnalyzer analyzer_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Job> jobs_;
    std::deque<Result> results_;
    size_t in_flight_ = 0;  // submitted, not yet taken back (touched by the caller only)
    bool stopping_ = false;
    std::thread thread_;  // last: starts once everything above is ready
};

// One Xapian database: a whole index, or one shard of a sharded one.
class ShardWriter {
  public:
    ShardWriter(const std::filesystem::path& index_dir, IndexWriterOptions options)
        : options_(std::move(options)), path_(index_dir.string()) {
        if (options_.lang != "auto") {
            std::optional<Language> forced = parse_language(options_.lang);
            if (!forced || *forced == Language::Unknown) {
                throw UsageError("unknown language '" + options_.lang + "': use es, en or auto");
            }
            forced_language_ = *forced;
        }
        if (options_.threads >= 2) {
            analysis_thread_ = std::make_unique<AnalysisThread>(forced_language_);
        } else {
            part_analyzer_.emplace(forced_language_);
        }
        const std::filesystem::path pid_file = index_dir / kWriterPidFile;
        try {
            db_ = Xapian::WritableDatabase(path_, Xapian::DB_CREATE_OR_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            // Xapian's lock says that someone writes; the pid file the holder left says who.
            std::ifstream in(pid_file);
            long pid = 0;
            std::string holder = in >> pid ? " (pid " + std::to_string(pid) + ")" : "";
            throw IoError("cannot open index '" + path_ +
                          "' for writing: index is locked by another tilde-index" + holder);
        } catch (const Xapian::Error& error) {
            throw IoError("cannot open index '" + path_ +
                          "' for writing: " + error.get_description());
        }
        // Under Xapian's lock, so only the holder writes it; a crash leaves it stale, and the
        // next writer, which gets the lock, overwrites it.
        std::ofstream(pid_file, std::ios::trunc) << getpid() << '\n';
        pid_file_ = pid_file;
        std::string format = db_.get_metadata(std::string(kMetaFormat));
        std::string analyzer = db_.get_metadata(std::string(kMetaAnalyzer));
        if (format.empty() && db_.get_doccount() == 0) {
            db_.set_metadata(std::string(kMetaFormat), std::string(kIndexFormat));
            db_.set_metadata(std::string(kMetaAnalyzer), Analyzer::id());
            db_.commit();  // from here on the folder opens as a (still empty) tilde index
        } else if (format != kIndexFormat || analyzer != Analyzer::id()) {
            throw IndexVersionMismatch("cannot add to index '" + path_ + "': built with format '" +
                                       format + "' and analyzer '" + analyzer +
                                       "', this build writes '" + std::string(kIndexFormat) +
                                       "' and '" + Analyzer::id() + "'; index into a new folder");
        }
        std::string documents = db_.get_metadata(std::string(kMetaDocuments));
        documents_in_index_ = documents.empty() ? 0 : std::stoull(documents);
        stats_.total_passages = db_.get_doccount();
    }

    ~ShardWriter() {
        try {
            commit();
        } catch (...) {
            // Destructors must not throw; an explicit commit() reports the error.
        }
        std::error_code ignored;
        std::filesystem::remove(pid_file_, ignored);
    }

    void add_document_part(const Document& document, bool last) {
        if (document.id.empty()) {
            throw UsageError("document has an empty id");
        }
        if (!open_document_.empty() && document.id != open_document_) {
            throw UsageError("document '" + open_document_ +
                             "' is not finished; its last part "
                             "must come before document '" +
                             document.id + "'");
        }
        const bool first = open_document_.empty();
        open_document_ = last ? std::string() : document.id;
        if (!analysis_thread_) {
            write(part_analyzer_->analyze(document, first, last));
            return;
        }
        analysis_thread_->submit(document, first, last);
        // One part analyzed ahead of the one being written: enough to keep both threads
        // busy, and memory grows by one part only.
        while (analysis_thread_->in_flight() > 1) {
            write(analysis_thread_->next());
        }
    }

    // Writes what the analysis thread still holds, so that index operations stay in order.
    void drain() {
        while (analysis_thread_ && analysis_thread_->in_flight() > 0) {
            write(analysis_thread_->next());
        }
    }

    void write(AnalyzedPart part) {
        if (part.first) {
            const std::string doc_term = document_key(part.id);
            if (db_.term_exists(doc_term)) {
                delete_passages(doc_term);  // re-indexing replaces, never duplicates
            } else {
                ++documents_in_index_;
            }
        }
        for (AnalyzedPassage& passage : part.passages) {
            add_passage(passage, part);
        }
        if (part.last) {
            ++stats_.documents;
        }
        stats_.text_bytes += part.text_bytes;
        pending_bytes_ += part.text_bytes;
        if (pending_bytes_ >= options_.batch_bytes) {
            commit_written();  // also between parts: memory stays bounded by the batch
        }
    }

    void commit() {
        drain();
        commit_written();
    }

    void commit_written() {
        for (const auto& [word, count] : pending_spelling_) {
            db_.add_spelling(word, count);
        }
        pending_spelling_.clear();
        // Only this batch's forms are in memory; their running counts are in the index, so
        // memory stays bounded however large the vocabulary grows.
        for (auto& [word, batch_forms] : surface_forms_) {
            const std::string key = std::string(kMetaSpellingForm) + word;
            std::vector<SpellingForm> forms = parse_spelling_forms(db_.get_metadata(key));
            for (const auto& [written, count] : batch_forms) {
                auto known = std::find_if(
                    forms.begin(), forms.end(),
                    [&written = written](const SpellingForm& f) { return f.form == written; });
                if (known != forms.end()) {
                    known->count += count;
                } else {
                    forms.push_back({written, count});
                }
            }
            db_.set_metadata(key, format_spelling_forms(std::move(forms)));
        }
        surface_forms_.clear();
        db_.set_metadata(std::string(kMetaDocuments), std::to_string(documents_in_index_));
        db_.commit();
        pending_bytes_ = 0;
        stats_.total_passages = db_.get_doccount();
    }

    const IndexStats& stats() const { return stats_; }

    const std::string& path() const { return path_; }

    std::optional<SourceFile> source_file(const std::string& path) const {
        std::string value = db_.get_metadata(std::string(kMetaSourcePrefix) + source_id(path));
        std::optional<SourceFile> file = parse_source(value);
        if (file && file->path != path) {
            return std::nullopt;  // a hash collision: treat as never seen
        }
        return file;
    }

    void begin_source(const std::string& path) {
        drain();
        remove_documents_of(source_id(path));
        source_term_ = std::string(kSourcePrefix) + source_id(path);
    }

    void end_source(const SourceFile& file) {
        drain();
        db_.set_metadata(std::string(kMetaSourcePrefix) + source_id(file.path),
                         std::to_string(file.size) + " " + std::to_string(file.mtime_ns) + " " +
                             std::to_string(file.content_hash) + " " + file.path);
        source_term_.clear();
    }

    std::vector<SourceFile> sources() const {
        std::vector<SourceFile> out;
        const std::string prefix(kMetaSourcePrefix);
        for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it) {
            if (std::optional<SourceFile> file = parse_source(db_.get_metadata(*it))) {
                out.push_back(std::move(*file));
            }
        }
        return out;
    }

    void remove_source(const std::string& path) {
        drain();
        remove_documents_of(source_id(path));
        db_.set_metadata(std::string(kMetaSourcePrefix) + source_id(path), "");
    }

    static std::string source_id(const std::string& path) { return Fnv1a().add(path).hex(); }

    static std::optional<SourceFile> parse_source(const std::string& value) {
        SourceFile file;
        std::istringstream in(value);
        if (!(in >> file.size >> file.mtime_ns >> file.content_hash)) {
            return std::nullopt;
        }
        in.get();  // the space before the path, which may hold spaces itself
        std::getline(in, file.path);
        return file;
    }

  private:
    // Every passage an earlier run added from one source, and the count of its documents.
    void remove_documents_of(const std::string& id) {
        const std::string term = std::string(kSourcePrefix) + id;
        if (!db_.term_exists(term)) {
            return;
        }
        std::unordered_set<std::string> documents;
        for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
            documents.insert(
                PassageRecord::parse(db_.get_document(*it).get_value(kSlotRecord)).doc);
        }
        delete_passages(term);
        for (const std::string& doc : documents) {
            if (!db_.term_exists(document_key(doc)) && documents_in_index_ > 0) {
                --documents_in_index_;  // gone with its last passage
            }
        }
    }

    // Deletes the passages carrying `term`. A text whose searchable copy goes while other
    // copies stay has one of them indexed in its place.
    void delete_passages(const std::string& term) {
        std::unordered_set<std::string> keys;
        for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
            keys.insert(db_.get_document(*it).get_value(kSlotTextKey));
        }
        db_.delete_document(term);
        for (const std::string& key : keys) {
            const std::string copies = prefixed(kRepeatedTextPrefix, key);
            const std::string indexed = prefixed(kIndexedTextPrefix, key);
            if (key.empty() || db_.term_exists(indexed) || !db_.term_exists(copies)) {
                continue;
            }
            const Xapian::docid copy = *db_.postlist_begin(copies);
            Xapian::Document xdoc = db_.get_document(copy);
            const PassageRecord record = PassageRecord::parse(xdoc.get_value(kSlotRecord));
            const std::vector<Token> tokens = analyzer_.analyze(record.text, Purpose::Document);
            // Its spellings were counted when the first copy came. A stored copy carries
            // only boolean terms: keep them, less the repeat mark, and its values.
            Xapian::Document indexed_copy =
                passage_terms(analyzer_, record, tokens,
                              parse_language(record.lang).value_or(Language::Unknown), nullptr);
            for (auto kept = xdoc.termlist_begin(); kept != xdoc.termlist_end(); ++kept) {
                if (*kept == copies) {
                    continue;
                }
                if (kept.positionlist_count() == 0) {
                    indexed_copy.add_boolean_term(*kept);
                    continue;
                }
                for (auto at = kept.positionlist_begin(); at != kept.positionlist_end(); ++at) {
                    indexed_copy.add_posting(*kept, *at, 0);  // title words: phrases need them
                }
            }
            for (auto value = xdoc.values_begin(); value != xdoc.values_end(); ++value) {
                indexed_copy.add_value(value.get_valueno(), *value);
            }
            indexed_copy.add_boolean_term(indexed);
            db_.replace_document(copy, indexed_copy);
        }
    }

    // A passage whose text is already searchable in the index (a transcript's "INTERLOCUTOR:",
    // a speech's closing formula: 18% of the bench corpus) is stored but not indexed: searches
    // show each text once without collapsing, and the index is smaller.
    void add_passage(AnalyzedPassage& passage, const AnalyzedPart& part) {
        const PassageRecord& record = passage.record;
        const std::string& key = passage.text_key;
        const std::string indexed_term = prefixed(kIndexedTextPrefix, key);
        Xapian::Document xdoc;
        if (!db_.term_exists(indexed_term)) {
            xdoc = std::move(passage.terms);
            xdoc.add_boolean_term(indexed_term);
            for (SpellingUse& use : passage.spellings) {
                ++pending_spelling_[use.folded];
                ++surface_forms_[use.folded][std::move(use.written)];
            }
        } else {
            xdoc.add_boolean_term(prefixed(kRepeatedTextPrefix, key));
        }
        xdoc.add_value(kSlotTextKey, key);
        xdoc.add_boolean_term(document_key(record.doc));
        xdoc.add_boolean_term(std::string(kLangPrefix) + record.lang);
        if (!source_term_.empty()) {
            xdoc.add_boolean_term(source_term_);
        }
        if (!part.collection_term.empty()) {
            xdoc.add_boolean_term(part.collection_term);
        }
        for (const auto& [term, position] : part.title_postings) {
            xdoc.add_posting(term, position, 0);
        }
        if (!part.date_key.empty()) {
            xdoc.add_value(kSlotDate, part.date_key);
        }
        xdoc.add_value(kSlotRecord, record.serialize());
        db_.add_document(xdoc);
        ++stats_.passages;
    }

    IndexWriterOptions options_;
    std::string path_;
    Language forced_language_ = Language::Unknown;
    Xapian::WritableDatabase db_;
    Analyzer analyzer_;  // for passages indexed again when their text's indexed copy goes
    std::optional<PartAnalyzer> part_analyzer_;        // one thread
    std::unique_ptr<AnalysisThread> analysis_thread_;  // two threads
    IndexStats stats_;
    uint64_t pending_bytes_ = 0;
    uint64_t documents_in_index_ = 0;
    std::unordered_map<std::string, Xapian::termcount> pending_spelling_;
    // How this batch writes each folded word ("guaido" -> {"Guaidó": 12, "Guaido": 3}), so a
    // suggestion is shown in the corpus's own spelling. Merged into the index at commit.
    std::unordered_map<std::string, std::unordered_map<std::string, uint64_t>> surface_forms_;
    std::filesystem::path pid_file_;
    std::string source_term_;    // F term of the source being read, if any
    std::string open_document_;  // id of a document whose last part has not come yet
};

}  // namespace

namespace {

// Runs the work of some shards in order on its own thread: shards are separate databases,
// so Xapian writes them in parallel.
class ShardWorker {
  public:
    ShardWorker() : thread_([this] { run(); }) {}
    ~ShardWorker() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        work_.notify_all();
        thread_.join();  // after the queued work: nothing added is dropped
    }
    ShardWorker(const ShardWorker&) = delete;
    ShardWorker& operator=(const ShardWorker&) = delete;

    // Queues `task` (carrying `bytes` of text); waits while too much text is queued, so
    // memory stays bounded when reading outpaces writing. Throws an earlier task's error.
    void post(std::function<void()> task, uint64_t bytes) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return queued_bytes_ <= kMaxQueuedBytes || error_; });
        throw_error();
        tasks_.push_back({std::move(task), bytes});
        queued_bytes_ += bytes;
        work_.notify_one();
    }

    // Waits until every queued task has run; throws the first error one of them met.
    void wait_idle() {
        std::unique_lock lock(mutex_);
        idle_.wait(lock, [&] { return tasks_.empty() && !busy_; });
        throw_error();
    }

  private:
    static constexpr uint64_t kMaxQueuedBytes = 4u << 20;

    struct Task {
        std::function<void()> run;
        uint64_t bytes = 0;
    };

    void throw_error() {
        if (error_) {
            std::rethrow_exception(error_);  // kept: later work would be missing this one's
        }
    }

    void run() {
        std::unique_lock lock(mutex_);
        for (;;) {
            work_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty()) {
                return;
            }
            Task task = std::move(tasks_.front());
            tasks_.pop_front();
            busy_ = true;
            const bool failed = error_ != nullptr;
            lock.unlock();
            std::exception_ptr error;
            if (!failed) {
                try {
                    task.run();
                } catch (...) {
                    error = std::current_exception();
                }
            }
            lock.lock();
            if (error && !error_) {
                error_ = error;
            }
            busy_ = false;
            queued_bytes_ -= task.bytes;
            space_.notify_all();
            idle_.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable work_;
    std::condition_variable space_;
    std::condition_variable idle_;
    std::deque<Task> tasks_;
    uint64_t queued_bytes_ = 0;
    bool busy_ = false;
    bool stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_;  // last: starts once everything above is ready
};

// A new sharded index: the folder, empty or new, gets its stub.
ShardStub create_shards(const std::filesystem::path& folder, size_t count) {
    std::error_code ec;
    if (std::filesystem::exists(folder, ec)) {
        if (!std::filesystem::is_directory(folder, ec) || !std::filesystem::is_empty(folder, ec)) {
            throw UsageError("cannot create an index of " + std::to_string(count) + " shards in '" +
                             folder.string() +
                             "': it already holds an index of one shard (or other files); "
                             "index into a new folder");
        }
    }
    std::filesystem::create_directories(folder, ec);
    if (ec) {
        throw IoError("cannot create index folder '" + folder.string() + "': " + ec.message());
    }
    return write_shard_stub(folder, count);
}

}  // namespace

// One shard written in place, or several: each document goes to the shard its id hashes to,
// source records go to every shard, and with threads each worker writes its own shards.
class IndexWriter::Impl {
  public:
    Impl(const std::filesystem::path& index_path, IndexWriterOptions options)
        : path_(index_path.string()) {
        std::optional<ShardStub> stub = read_shard_stub(index_path);
        if (stub && options.shards != 0 && options.shards != stub->shards.size()) {
            throw UsageError("index '" + path_ + "' has " + std::to_string(stub->shards.size()) +
                             " shards, not " + std::to_string(options.shards) +
                             " (each document's shard follows from the count); index into a "
                             "new folder to change it");
        }
        if (!stub && options.shards >= 2) {
            stub = create_shards(index_path, options.shards);
        }
        if (!stub) {
            shards_.push_back(std::make_unique<ShardWriter>(index_path, options));
            published_.resize(1);
            return;
        }
        for (const ShardLocation& shard : stub->shards) {
            if (shard.remote()) {
                throw UsageError("cannot add to index '" + path_ + "': its shard '" + shard.entry +
                                 "' is remote; index on the machine that holds it");
            }
        }
        const size_t count = stub->shards.size();
        IndexWriterOptions per_shard = options;
        per_shard.threads = 1;  // parallel across shards instead
        per_shard.batch_bytes = std::max<uint64_t>(options.batch_bytes / count, 100000);
        for (const ShardLocation& shard : stub->shards) {
            shards_.push_back(std::make_unique<ShardWriter>(shard.path, per_shard));
            snapshots_.emplace_back(shard.path.string());
        }
        published_.resize(count);
        const size_t workers = options.threads >= 2 ? std::min<size_t>(options.threads, count) : 0;
        for (size_t i = 0; i < workers; ++i) {
            workers_.push_back(std::make_unique<ShardWorker>());
        }
    }

    ~Impl() {
        workers_.clear();  // finishes the queued work; then each shard commits as it closes
    }

    void add_document_part(const Document& document, bool last) {
        if (shards_.size() == 1) {
            shards_[0]->add_document_part(document, last);
            return;
        }
        if (document.id.empty()) {
            throw UsageError("document has an empty id");
        }
        if (!open_document_.empty() && document.id != open_document_) {
            throw UsageError("document '" + open_document_ +
                             "' is not finished; its last part must come before document '" +
                             document.id + "'");
        }
        open_document_ = last ? std::string() : document.id;
        on_shard(
            shard_of(document.id, shards_.size()),
            [document, last](ShardWriter& shard) { shard.add_document_part(document, last); },
            document.text.size());
    }

    void commit() {
        on_every_shard([](ShardWriter& shard) { shard.commit(); });
        wait();
    }

    // Sharded, each shard holds the record: the file counts as read only if all agree (a
    // crash between shard commits leaves them apart, and the file is read again). Read from
    // the committed state, so that workers need not stop for it.
    std::optional<SourceFile> source_file(const std::string& path) const {
        if (shards_.size() == 1) {
            return shards_[0]->source_file(path);
        }
        const std::string key = std::string(kMetaSourcePrefix) + ShardWriter::source_id(path);
        std::optional<SourceFile> agreed;
        for (Xapian::Database& snapshot : snapshots_) {
            std::string value;
            for (int attempt = 0;; ++attempt) {
                try {
                    value = snapshot.get_metadata(key);
                    break;
                } catch (const Xapian::DatabaseModifiedError&) {
                    if (attempt == 8) {
                        throw;
                    }
                    snapshot.reopen();  // a worker committed twice meanwhile
                }
            }
            std::optional<SourceFile> file = ShardWriter::parse_source(value);
            if (!file || file->path != path ||
                (agreed && (agreed->size != file->size || agreed->mtime_ns != file->mtime_ns ||
                            agreed->content_hash != file->content_hash))) {
                return std::nullopt;
            }
            agreed = std::move(file);
        }
        return agreed;
    }

    void begin_source(const std::string& path) {
        on_every_shard([path](ShardWriter& shard) { shard.begin_source(path); });
    }

    void end_source(const SourceFile& file) {
        on_every_shard([file](ShardWriter& shard) { shard.end_source(file); });
    }

    void remove_source(const std::string& path) {
        on_every_shard([path](ShardWriter& shard) { shard.remove_source(path); });
    }

    // Recorded in any shard: --prune removes what any of them holds.
    std::vector<SourceFile> sources() {
        wait();
        std::vector<SourceFile> out;
        std::unordered_set<std::string> seen;
        for (const auto& shard : shards_) {
            for (SourceFile& file : shard->sources()) {
                if (seen.insert(file.path).second) {
                    out.push_back(std::move(file));
                }
            }
        }
        return out;
    }

    const IndexStats& stats() {
        if (shards_.size() == 1) {
            return shards_[0]->stats();
        }
        std::lock_guard lock(stats_mutex_);
        stats_ = {};
        for (const IndexStats& shard : published_) {
            stats_.documents += shard.documents;
            stats_.passages += shard.passages;
            stats_.text_bytes += shard.text_bytes;
            stats_.total_passages += shard.total_passages;
        }
        return stats_;
    }

  private:
    // Runs `work` on shard `index`: on its worker's thread if there are workers, else now.
    template <class Work>
    void on_shard(size_t index, Work&& work, uint64_t bytes = 0) {
        auto task = [this, index, work = std::forward<Work>(work)] {
            ShardWriter& shard = *shards_[index];
            try {
                work(shard);
            } catch (const Xapian::Error& error) {
                throw IoError("cannot write shard '" + shard.path() +
                              "': " + error.get_description());
            }
            std::lock_guard lock(stats_mutex_);
            published_[index] = shard.stats();
        };
        if (workers_.empty()) {
            task();
        } else {
            workers_[index % workers_.size()]->post(std::move(task), bytes);
        }
    }

    template <class Work>
    void on_every_shard(const Work& work) {
        for (size_t i = 0; i < shards_.size(); ++i) {
            on_shard(i, work);
        }
    }

    void wait() {
        for (const auto& worker : workers_) {
            worker->wait_idle();
        }
    }

    std::string path_;
    std::vector<std::unique_ptr<ShardWriter>> shards_;
    mutable std::vector<Xapian::Database> snapshots_;  // committed state, for source_file()
    std::mutex stats_mutex_;
    std::vector<IndexStats> published_;  // each shard's counters after its last task
    IndexStats stats_;
    std::string open_document_;
    std::vector<std::unique_ptr<ShardWorker>> workers_;  // last: stopped first
};

IndexWriter::IndexWriter(const std::filesystem::path& index_dir, IndexWriterOptions options)
    : impl_(std::make_unique<Impl>(index_dir, std::move(options))) {}

IndexWriter::~IndexWriter() = default;

void IndexWriter::add_document(const Document& document) {
    add_document_part(document, /*last=*/true);
}

void IndexWriter::add_document_part(const Document& part, bool last) {
    try {
        impl_->add_document_part(part, last);
    } catch (const Xapian::Error& error) {
        throw IoError("cannot add document '" + part.id + "': " + error.get_description());
    }
}

void IndexWriter::commit() {
    try {
        impl_->commit();
    } catch (const Xapian::Error& error) {
        throw IoError("cannot commit the index: " + error.get_description());
    }
}

const IndexStats& IndexWriter::stats() const { return impl_->stats(); }

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
        throw IoError("cannot record '" + file.path + "': " + error.get_description());
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

void write_single_file(const std::filesystem::path& index_dir,
                       const std::filesystem::path& out_file) {
    Xapian::Database db;
    try {
        db = Xapian::Database(index_dir.string());
    } catch (const Xapian::Error& error) {
        throw IndexNotFound("cannot open index '" + index_dir.string() +
                            "': " + error.get_description());
    }
    if (db.get_metadata(std::string(kMetaFormat)).empty()) {
        throw IndexNotFound("'" + index_dir.string() + "' is not a tilde index");
    }
    // Written beside the target and renamed over it, so a reader never sees half a file.
    std::filesystem::path partial = out_file;
    partial += ".partial";
    try {
        db.compact(partial.string(), Xapian::DBCOMPACT_SINGLE_FILE);
    } catch (const Xapian::Error& error) {
        std::error_code ignored;
        std::filesystem::remove(partial, ignored);
        throw IoError("cannot write single-file index '" + out_file.string() +
                      "': " + error.get_description());
    }
    std::error_code ec;
    std::filesystem::rename(partial, out_file, ec);
    if (ec) {
        std::filesystem::remove(partial, ec);
        throw IoError("cannot write single-file index '" + out_file.string() +
                      "': " + ec.message());
    }
}

}  // namespace tilde
