// SPDX-License-Identifier: MIT
/// @file searcher.cpp  tilde::Searcher: search() runs the stages in turn (parse, plan, rank,
/// build hits, suggest); documents, completion and index counts; all through IndexReader.
#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <xapian.h>

#include <tilde/analysis.hpp>
#include <tilde/errors.hpp>
#include <tilde/searcher.hpp>

#include "analyzer.hpp"
#include "dates.hpp"
#include "document_records.hpp"
#include "hit_builder.hpp"
#include "index_reader.hpp"
#include "passage_record.hpp"
#include "query_builder.hpp"
#include "query_parser.hpp"
#include "query_plan.hpp"
#include "ranker.hpp"
#include "record_codec.hpp"
#include "schema.hpp"
#include "snippet.hpp"
#include "stopwords.hpp"
#include "synonyms.hpp"

namespace tilde {
namespace {

constexpr unsigned kSpellingEditDistance = 2;
// A word in at most this many passages may be a misspelling worth correcting in context, in
// a query of at most kMaxContextWords words. Looking corrections up for the rare words of
// long questions cost them a fifth more time (bench questions: mean 2.4 -> 3.0 ms).
constexpr Xapian::doccount kRareWord = 2;
constexpr size_t kMaxContextWords = 4;
// Index words looked at for one completion, however short the prefix.
constexpr size_t kMaxCompletionScan = 100000;

double elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

}  // namespace

class Searcher::Impl {
  public:
    Impl(const std::filesystem::path& index_path, const OpenOptions& options)
        : reader_(index_path, options) {}

    Impl(const std::filesystem::path& file, uint64_t offset) : reader_(file, offset) {}

    SearchResults search(std::string_view query, const SearchOptions& options) const {
        return reader_.read(
            [&] {
                SearchResults results = search_revision(query, options);
                results.warnings = reader_.warnings();
                return results;
            },
            "search in '" + reader_.name() + "' failed");
    }

    template <class Read>
    auto read_index(Read&& read, const std::string& what) const {
        return reader_.read(std::forward<Read>(read), what);
    }

    SearchResults search_revision(std::string_view query, const SearchOptions& options) const {
        auto start = std::chrono::steady_clock::now();
        const QueryNode root = parse_query_tree(query, analyzer_);
        SearchResults results = search_tree(query, root, options);
        if (results.total == 0 && has_top_level_phrase(root)) {
            // No passage has the quoted words together: rather than nothing, the passages
            // with the words (a question quoting a title it half remembers).
            results = search_tree(query, with_phrases_as_words(root), options);
            results.phrases_relaxed = true;
        }
        results.took_ms = elapsed_ms(start);
        return results;
    }

    SearchResults search_tree(std::string_view query, const QueryNode& root,
                              const SearchOptions& options) const {
        SearchResults results;
        results.query = std::string(query);
        const SortOrder sort = options.sort;
        Language language = query_language(options.lang, root);

        const QueryPlan plan = planner_.plan(query, root, options.synonyms, language);
        if (plan.matches_nothing) {
            return results;  // doc:, source: or title: name nothing in the index
        }
        try {
            const RankedPage page = ranker_.page(plan, options.offset, options.limit, sort);
            results.total = page.total;
            results.total_exact = page.total_exact;
            const Highlighter highlighter =
                make_highlighter(analyzer_, root, language, plan.synonyms);
            for (const PageSlice& slice : page.slices) {
                hits_.collect(slice.ranking, slice.offset, slice.limit, plan.builder, highlighter,
                              options, results);
            }
            if (page.no_passage_has_every_word && !plan.words.empty()) {
                // No passage has every word: a misspelled one, maybe.
                results.suggestion = suggest(query, plan.words, plan.builder);
            }
        } catch (const Xapian::DatabaseModifiedError&) {
            throw;  // search() reopens and retries
        } catch (const Xapian::NetworkError&) {
            throw;  // search() finds the shard that failed
        } catch (const Xapian::Error& error) {
            throw reader_.corrupt("search in '" + reader_.name() + "' failed", error);
        }
        uint32_t rank = options.offset;
        for (Hit& hit : results.hits) {
            hit.rank = ++rank;
        }
        return results;
    }

    std::optional<DocumentText> document(std::string_view doc, std::string_view query,
                                         const SearchOptions& options) const {
        std::optional<Highlighter> highlighter;
        if (!query.empty()) {
            const QueryNode root = parse_query_tree(query, analyzer_);
            highlighter.emplace(
                make_highlighter(analyzer_, root, query_language(options.lang, root), {}));
        }
        const std::string key = document_key(std::string(doc));
        if (reader_.db().get_termfreq(key) == 0) {
            return std::nullopt;
        }
        std::unordered_set<Xapian::docid> hidden;
        for (const std::string& term : reader_.pending_terms()) {
            hidden.insert(reader_.db().postlist_begin(term), reader_.db().postlist_end(term));
        }
        DocumentText out;
        for (auto it = reader_.db().postlist_begin(key); it != reader_.db().postlist_end(key);
             ++it) {
            if (hidden.contains(*it)) {
                continue;
            }
            PassageRecord record =
                PassageRecord::parse(reader_.db().get_document(*it).get_value(kSlotRecord));
            PassageText passage;
            passage.passage = record.passage;
            passage.start = record.start;
            passage.end = record.end;
            passage.lang = std::move(record.lang);
            passage.text = std::move(record.text);
            if (highlighter) {
                Language language = parse_language(passage.lang).value_or(Language::Unknown);
                passage.highlights =
                    find_matches(analyzer_.analyze(passage.text, Purpose::Highlight), language,
                                 highlighter->matcher)
                        .ranges;
            }
            if (const std::string value = reader_.db().get_document(*it).get_value(kSlotDocument);
                !value.empty()) {
                out.title = DocumentRecord::parse(value).title;
            }
            out.passages.push_back(std::move(passage));
        }
        std::sort(out.passages.begin(), out.passages.end(),
                  [](const PassageText& a, const PassageText& b) { return a.passage < b.passage; });
        out.doc = std::string(doc);
        return out;
    }

    std::vector<std::string> complete(std::string_view prefix, size_t max_words) const {
        std::vector<Token> tokens = analyzer_.analyze(prefix, Purpose::Prefix);
        if (tokens.empty() || max_words == 0 || tokens.back().byte_end != prefix.size()) {
            return {};
        }
        const std::string& folded = tokens.back().folded;
        // Keep the most frequent words; a one-letter prefix on a big index matches a great
        // many, so stop looking after a bounded number.
        std::vector<std::pair<Xapian::doccount, std::string>> best;  // min-heap on frequency
        auto by_frequency = [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        };
        size_t scanned = 0;
        for (auto it = reader_.db().allterms_begin(folded);
             it != reader_.db().allterms_end(folded) && scanned < kMaxCompletionScan;
             ++it, ++scanned) {
            best.emplace_back(it.get_termfreq(), *it);
            std::push_heap(best.begin(), best.end(), by_frequency);
            if (best.size() > max_words) {
                std::pop_heap(best.begin(), best.end(), by_frequency);
                best.pop_back();
            }
        }
        std::sort(best.begin(), best.end(), by_frequency);
        std::vector<std::string> words;
        for (const auto& [frequency, term] : best) {
            words.push_back(reader_.spelling_form(term));
        }
        return words;
    }

    IndexInfo info() const {
        IndexInfo info;
        reader_.describe(info);
        info.analyzer = reader_.db().get_metadata(std::string(kMetaAnalyzer));
        // Folded words are the unprefixed terms; the prefixed ones (capital letters, passage
        // keys among them: one per passage) sort together and are skipped in one step.
        for (auto it = reader_.db().allterms_begin(); it != reader_.db().allterms_end();) {
            const std::string term = *it;
            if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') {
                it.skip_to("[");  // the byte after 'Z'
                continue;
            }
            ++info.terms;
            ++it;
        }
        return info;
    }

  private:
    // The stemmer(s) query words get: the one asked for, or the one the query's words suggest.
    Language query_language(QueryLanguage requested, const QueryNode& root) const {
        switch (requested) {
            case QueryLanguage::Spanish:
                return Language::Spanish;
            case QueryLanguage::English:
                return Language::English;
            case QueryLanguage::Auto:
                break;
        }
        return detect_language(matchable_words(root), /*min_evidence=*/1);
    }

    // "Guiado" -> "Guaidó", "maduro secert meetigns" -> "Maduro secret meetings": asked for
    // when no passage has every word. Each word the index lacks is replaced by its closest
    // indexed word; then every other word's correction is kept only if more passages have
    // the corrected words together (the words are judged in context).
    std::optional<std::string> suggest(std::string_view query, const std::vector<Token>& words,
                                       const QueryBuilder& plan_builder) const {
        QueryBuilder builder(analyzer_, plan_builder.language(), query);  // records nothing
        std::vector<std::string> chosen;      // folded word per query word
        std::vector<std::string> correction;  // its spelling correction, if any
        for (const Token& token : words) {
            chosen.push_back(token.folded);
            std::string corrected;
            // Looking up corrections is the dear part: only for words missing or rare.
            const bool rare = words.size() <= kMaxContextWords &&
                              reader_.db().get_termfreq(token.folded) <= kRareWord;
            if (!token.number && (rare || !indexed(token))) {
                corrected =
                    reader_.db().get_spelling_suggestion(token.folded, kSpellingEditDistance);
            }
            correction.push_back(corrected == token.folded ? "" : corrected);
        }
        if (std::all_of(correction.begin(), correction.end(),
                        [](const std::string& c) { return c.empty(); })) {
            return std::nullopt;
        }
        auto together = [&](const std::vector<std::string>& candidate) {
            std::vector<Xapian::Query> parts;
            for (size_t i = 0; i < candidate.size(); ++i) {
                Token token = words[i];
                token.folded = candidate[i];
                parts.push_back(builder.stems_query(token, false));
            }
            Xapian::Enquire enquire(reader_.db());
            enquire.set_query(combine(Xapian::Query::OP_AND, parts));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            return enquire.get_mset(0, 0, kExactCountUpTo).get_matches_estimated();
        };
        for (size_t i = 0; i < words.size(); ++i) {
            if (!correction[i].empty() && !indexed(words[i])) {
                chosen[i] = correction[i];
            }
        }
        Xapian::doccount best = together(chosen);
        for (size_t i = 0; i < words.size(); ++i) {
            if (correction[i].empty() || chosen[i] == correction[i]) {
                continue;
            }
            std::vector<std::string> candidate = chosen;
            candidate[i] = correction[i];
            if (Xapian::doccount found = together(candidate); found > best) {
                chosen = std::move(candidate);
                best = found;
            }
        }
        std::string suggestion;
        size_t copied = 0;
        for (size_t i = 0; i < words.size(); ++i) {
            if (chosen[i] == words[i].folded) {
                continue;
            }
            suggestion.append(query.substr(copied, words[i].byte_begin - copied));
            suggestion.append(reader_.spelling_form(chosen[i]));
            copied = words[i].byte_end;
        }
        if (copied == 0) {
            return std::nullopt;
        }
        suggestion.append(query.substr(copied));
        return suggestion;
    }

    // The word, or ("generals" for "general") one of its stems, is in the index.
    bool indexed(const Token& token) const {
        if (token.number || reader_.db().get_termfreq(token.folded) > 0) {
            return true;
        }
        for (const std::string& stem : analyzer_.stems(token.folded, Language::Unknown)) {
            if (reader_.db().get_termfreq(prefixed(kStemPrefix, stem)) > 0) {
                return true;
            }
        }
        return false;
    }

    IndexReader reader_;
    Analyzer analyzer_;
    DocumentRecords documents_{reader_};
    Ranker ranker_{reader_, documents_};
    HitBuilder hits_{reader_, analyzer_, documents_, ranker_};
    QueryPlanner planner_{reader_, analyzer_};
};

Searcher::Searcher(const std::filesystem::path& index_dir, const OpenOptions& options)
    : impl_(std::make_unique<Impl>(index_dir, options)) {}
Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Searcher Searcher::open_at(const std::filesystem::path& file, std::uint64_t offset) {
    return Searcher(std::make_unique<Impl>(file, offset));
}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) const {
    if (options.limit == 0) {
        throw UsageError("limit must be at least 1");
    }
    return impl_->search(query, options);
}

std::optional<DocumentText> Searcher::document(std::string_view doc, std::string_view query,
                                               const SearchOptions& options) const {
    return impl_->read_index([&] { return impl_->document(doc, query, options); },
                             "cannot read document '" + std::string(doc) + "'");
}

std::vector<std::string> Searcher::complete(std::string_view prefix, size_t max_words) const {
    return impl_->read_index([&] { return impl_->complete(prefix, max_words); },
                             "cannot read index terms");
}

IndexInfo Searcher::info() const {
    return impl_->read_index([&] { return impl_->info(); }, "cannot read index");
}

}  // namespace tilde
