// SPDX-License-Identifier: MIT
/// @file searcher.cpp  Query building (all words first, then some), ranking, snippets, explain.
#include <chrono>
#include <unordered_set>

#include <xapian.h>

#include <tilde/errors.hpp>
#include <tilde/searcher.hpp>

#include "analyzer.hpp"
#include "passage_record.hpp"
#include "query_parser.hpp"
#include "schema.hpp"
#include "snippet.hpp"

namespace tilde {
namespace {

// Weights of the secondary evidence, relative to a stem match (1.0). Kept here so ranking
// changes are made in one place and show in `--explain`.
constexpr double kWordBoost = 0.5;    // the very word typed, unstemmed ("generals")
constexpr double kExactBoost = 0.5;   // the accents typed ("Guaidó" over "Guaido")
constexpr double kPhraseBonus = 0.5;  // all query words adjacent, in order
constexpr double kNearBonus = 0.5;    // all query words within a short window
constexpr Xapian::termpos kNearSlack = 8;
constexpr Xapian::termcount kMaxWildcardTerms = 200;
constexpr unsigned kSpellingEditDistance = 2;
// More distinct words than this add nothing to ranking and make a pasted page of text slow.
constexpr size_t kMaxQueryWords = 64;

// One leaf of the query: a term, the word it came from, and its scale in the score.
struct QueryLeaf {
    std::string term;
    std::string label;  // "stem:guaid"
    std::string word;   // as typed
    double scale = 1.0;
};

class QueryBuilder {
  public:
    QueryBuilder(const Analyzer& analyzer, Language language, std::string_view query_text)
        : analyzer_(analyzer), language_(language), query_text_(query_text) {}

    // Stems of a word as a positional OR (for phrases and proximity).
    Xapian::Query stems_query(const Token& token, bool record) {
        std::vector<Xapian::Query> stems;
        for (const std::string& stem : analyzer_.stems(token.folded, language_)) {
            std::string term = std::string(kStemPrefix) + stem;
            stems.emplace_back(term);
            if (record) {
                leaves.push_back({term, "stem:" + stem, typed(token), 1.0});
            }
        }
        return stems.size() == 1 ? stems[0]
                                 : Xapian::Query(Xapian::Query::OP_OR, stems.begin(), stems.end());
    }

    // A plain word: its stems, plus boosts for the unstemmed word and the accents typed.
    Xapian::Query word_query(const Token& token) {
        std::vector<Xapian::Query> parts = {stems_query(token, true)};
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(token.folded), kWordBoost);
        leaves.push_back({token.folded, "word:" + token.folded, typed(token), kWordBoost});
        if (!token.exact.empty()) {
            std::string term = std::string(kExactPrefix) + token.exact;
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), kExactBoost);
            leaves.push_back({term, "exact:" + token.exact, typed(token), kExactBoost});
        }
        return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }

    // Words at their query positions, adjacent (window = span) or near.
    Xapian::Query positional_query(Xapian::Query::op op, const std::vector<Token>& tokens,
                                   Xapian::termpos slack, bool record) {
        std::vector<Xapian::Query> parts;
        for (const Token& token : tokens) {
            parts.push_back(stems_query(token, record));
        }
        if (parts.size() == 1) {
            return parts[0];
        }
        Xapian::termpos span = tokens.back().position - tokens.front().position + 1;
        return Xapian::Query(op, parts.begin(), parts.end(), span + slack);
    }

    std::string typed(const Token& token) const {
        return std::string(query_text_.substr(token.byte_begin, token.byte_end - token.byte_begin));
    }

    std::vector<QueryLeaf> leaves;

  private:
    const Analyzer& analyzer_;
    Language language_;
    std::string_view query_text_;
};

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
    if (parts.empty()) {
        return {};
    }
    if (parts.size() == 1) {
        return parts[0];
    }
    return Xapian::Query(op, parts.begin(), parts.end());
}

double elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

}  // namespace

class Searcher::Impl {
  public:
    explicit Impl(const std::filesystem::path& index_dir) : path_(index_dir.string()) {
        std::error_code ec;
        if (!std::filesystem::exists(index_dir, ec)) {
            throw IndexNotFound("cannot open index '" + path_ +
                                "': no such folder; build it with tilde-index --index " + path_ +
                                " PATH...");
        }
        try {
            db_ = Xapian::Database(path_);
        } catch (const Xapian::DatabaseNotFoundError&) {
            throw IndexNotFound("cannot open index '" + path_ +
                                "': not a tilde index; build it with tilde-index");
        } catch (const Xapian::Error& error) {
            throw IndexCorrupt("cannot open index '" + path_ + "': " + error.get_description());
        }
        std::string format = db_.get_metadata(std::string(kMetaFormat));
        std::string analyzer = db_.get_metadata(std::string(kMetaAnalyzer));
        if (format.empty()) {
            throw IndexCorrupt("cannot open index '" + path_ +
                               "': a Xapian database, but not a tilde index");
        }
        if (format != kIndexFormat || analyzer != Analyzer::kVersion) {
            throw IndexVersionMismatch("cannot open index '" + path_ + "': built with " + format +
                                       " and analyzer " + analyzer + ", this build reads " +
                                       std::string(kIndexFormat) + " and analyzer " +
                                       std::string(Analyzer::kVersion) + "; rerun tilde-index");
        }
    }

    SearchResults search(std::string_view query, const SearchOptions& options) const {
        auto start = std::chrono::steady_clock::now();
        Language language = Language::Unknown;
        if (options.lang != "auto") {
            std::optional<Language> parsed = parse_language(options.lang);
            if (!parsed || *parsed == Language::Unknown) {
                throw UsageError("unknown language '" + options.lang + "': use es, en or auto");
            }
            language = *parsed;
        }
        SearchResults results;
        results.query = std::string(query);
        ParsedQuery parsed = parse_query(query, analyzer_);
        if (language == Language::Unknown) {
            std::vector<Token> all = parsed.words;
            for (const auto& phrase : parsed.phrases) {
                all.insert(all.end(), phrase.begin(), phrase.end());
            }
            language = detect_language(all, /*min_evidence=*/1);
        }

        // Stopwords carry little meaning: drop them, unless nothing else is left to search.
        // A word typed twice counts once.
        auto distinct_words = [](const std::vector<Token>& tokens, bool keep_stopwords) {
            std::vector<Token> out;
            std::unordered_set<std::string> seen;
            for (const Token& token : tokens) {
                if ((keep_stopwords || !token.stopword) && out.size() < kMaxQueryWords &&
                    seen.insert(token.folded).second) {
                    out.push_back(token);
                }
            }
            return out;
        };
        std::vector<Token> words = distinct_words(parsed.words, false);
        if (words.empty() && parsed.phrases.empty() && parsed.prefixes.empty()) {
            words = distinct_words(parsed.words, true);
        }
        if (parsed.phrases.size() + parsed.prefixes.size() + parsed.excluded.size() >
            kMaxQueryWords) {
            throw QuerySyntaxError("query has more than " + std::to_string(kMaxQueryWords) +
                                   " phrases, prefixes and exclusions; search for fewer");
        }
        if (words.empty() && parsed.phrases.empty() && parsed.prefixes.empty()) {
            throw QuerySyntaxError(parsed.excluded.empty()
                                       ? "query '" + std::string(query) +
                                             "' has no words to search for"
                                       : "query '" + std::string(query) +
                                             "' only excludes words; add a word to search for");
        }

        QueryBuilder builder(analyzer_, language, query);
        std::vector<Xapian::Query> required;  // every one must match in phase 1
        std::vector<Xapian::Query> optional;  // any may match in phase 2
        std::vector<Xapian::Query> filters;   // must match in both phases (phrases)
        for (const Token& token : words) {
            Xapian::Query q = builder.word_query(token);
            required.push_back(q);
            optional.push_back(q);
        }
        for (const std::string& prefix : parsed.prefixes) {
            Xapian::Query q(Xapian::Query::OP_WILDCARD, prefix, kMaxWildcardTerms,
                            Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
            builder.leaves.push_back({prefix, "prefix:" + prefix + "*", prefix + "*", 1.0});
            required.push_back(q);
            optional.push_back(q);
        }
        for (const auto& phrase : parsed.phrases) {
            Xapian::Query q = builder.positional_query(Xapian::Query::OP_PHRASE, phrase, 0, true);
            required.push_back(q);
            filters.push_back(q);
        }
        std::vector<Xapian::Query> excluded;
        for (const auto& tokens : parsed.excluded) {
            excluded.push_back(
                builder.positional_query(Xapian::Query::OP_PHRASE, tokens, 0, false));
        }
        Xapian::Query exclusion = combine(Xapian::Query::OP_OR, excluded);

        Xapian::Query all_words = combine(Xapian::Query::OP_AND, required);
        Xapian::Query phase1 = all_words;
        if (words.size() >= 2) {
            // Proximity evidence: the words adjacent and in order, or close together.
            Xapian::Query adjacent =
                builder.positional_query(Xapian::Query::OP_PHRASE, words, 0, false);
            Xapian::Query near =
                builder.positional_query(Xapian::Query::OP_NEAR, words, kNearSlack, false);
            Xapian::Query bonus(
                Xapian::Query::OP_OR,
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, adjacent, kPhraseBonus),
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, kNearBonus));
            phase1 = Xapian::Query(Xapian::Query::OP_AND_MAYBE, phase1, bonus);
        }
        if (!exclusion.empty()) {
            phase1 = Xapian::Query(Xapian::Query::OP_AND_NOT, phase1, exclusion);
        }
        // Phase 2: passages with only some of the words, after all those with every word.
        Xapian::Query phase2;
        if (optional.size() >= 2) {
            phase2 = combine(Xapian::Query::OP_OR, optional);
            if (!filters.empty()) {
                phase2 = Xapian::Query(Xapian::Query::OP_FILTER, phase2,
                                       combine(Xapian::Query::OP_AND, filters));
            }
            phase2 = Xapian::Query(Xapian::Query::OP_AND_NOT, phase2, all_words);
            if (!exclusion.empty()) {
                phase2 = Xapian::Query(Xapian::Query::OP_AND_NOT, phase2, exclusion);
            }
        }

        try {
            Xapian::Enquire enquire = make_enquire(phase1);
            const Xapian::doccount wanted = options.offset + options.limit;
            Xapian::MSet first = enquire.get_mset(options.offset, options.limit, wanted + 1);
            results.total = first.get_matches_estimated();
            const QueryMatcher matcher = make_matcher(parsed, language);
            collect(first, builder, matcher, options, results);
            if (!phase2.empty()) {
                // Phase 1 is exhausted when it returned less than a page: its count is exact.
                Xapian::doccount phase1_total = first.get_matches_lower_bound();
                Xapian::doccount offset2 =
                    options.offset > phase1_total ? options.offset - phase1_total : 0;
                Xapian::doccount limit2 =
                    options.limit - static_cast<Xapian::doccount>(first.size());
                Xapian::Enquire enquire2 = make_enquire(phase2);
                Xapian::MSet second = enquire2.get_mset(offset2, limit2);
                results.total += second.get_matches_estimated();
                collect(second, builder, matcher, options, results);
            }
            results.suggestion = suggest(query, words);
        } catch (const Xapian::Error& error) {
            throw IndexCorrupt("search in '" + path_ + "' failed: " + error.get_description());
        }
        uint32_t rank = options.offset;
        for (Hit& hit : results.hits) {
            hit.rank = ++rank;
        }
        results.took_ms = elapsed_ms(start);
        return results;
    }

    IndexInfo info() const {
        IndexInfo info;
        info.passages = db_.get_doccount();
        std::string documents = db_.get_metadata(std::string(kMetaDocuments));
        info.documents = documents.empty() ? 0 : std::stoull(documents);
        info.analyzer = db_.get_metadata(std::string(kMetaAnalyzer));
        for (auto it = db_.allterms_begin(); it != db_.allterms_end(); ++it) {
            const std::string& term = *it;
            if (!term.empty() && !(term[0] >= 'A' && term[0] <= 'Z')) {
                ++info.terms;  // distinct folded words
            }
        }
        return info;
    }

  private:
    Xapian::Enquire make_enquire(const Xapian::Query& query) const {
        Xapian::Enquire enquire(db_);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        enquire.set_collapse_key(kSlotCollapse);              // identical passages are shown once
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);  // stable order on equal scores
        return enquire;
    }

    // Which passage words count as matches, built once per search for both phases.
    QueryMatcher make_matcher(const ParsedQuery& parsed, Language query_language) const {
        QueryMatcher matcher(analyzer_, query_language);
        int group = 0;
        for (const Token& token : parsed.words) {
            matcher.add_word(token, group++);
        }
        for (const auto& phrase : parsed.phrases) {
            for (const Token& token : phrase) {
                matcher.add_word(token, group++);
            }
        }
        for (const std::string& prefix : parsed.prefixes) {
            matcher.add_prefix(prefix, group++);
        }
        return matcher;
    }

    void collect(const Xapian::MSet& mset, const QueryBuilder& builder, const QueryMatcher& matcher,
                 const SearchOptions& options, SearchResults& results) const {
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            PassageRecord record = PassageRecord::parse(it.get_document().get_data());
            Hit hit;
            hit.score = it.get_weight();
            hit.doc = std::move(record.doc);
            hit.title = std::move(record.title);
            hit.passage = record.passage;
            hit.start = record.start;
            hit.end = record.end;
            hit.lang = record.lang;
            hit.text = std::move(record.text);
            Language passage_language = parse_language(hit.lang).value_or(Language::Unknown);
            // One analysis serves both highlighting and snippet word boundaries.
            std::vector<Token> words = analyzer_.analyze(hit.text, Purpose::Document);
            PassageMatches matches = find_matches(words, passage_language, matcher);
            hit.highlights = matches.ranges;
            if (options.snippets) {
                hit.snippet = make_snippet(hit.text, matches, words, options.snippet_bytes);
            }
            if (options.explain) {
                hit.explanation = explain(hit.doc, hit.passage, builder.leaves);
            }
            results.hits.push_back(std::move(hit));
        }
    }

    // Each leaf term's share of the score, measured by Xapian itself on this one passage.
    std::vector<TermContribution> explain(const std::string& doc, uint32_t passage,
                                          const std::vector<QueryLeaf>& leaves) const {
        std::vector<TermContribution> out;
        Xapian::Query only_this(passage_key(doc, passage));
        for (const QueryLeaf& leaf : leaves) {
            Xapian::Query term =
                leaf.label.starts_with("prefix:")
                    ? Xapian::Query(Xapian::Query::OP_WILDCARD, leaf.term, kMaxWildcardTerms,
                                    Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)
                    : Xapian::Query(leaf.term);
            Xapian::Query scaled(Xapian::Query::OP_SCALE_WEIGHT, term, leaf.scale);
            Xapian::Enquire enquire(db_);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, scaled, only_this));
            enquire.set_weighting_scheme(Xapian::BM25Weight());
            Xapian::MSet mset = enquire.get_mset(0, 1);
            if (!mset.empty() && mset.begin().get_weight() > 0) {
                out.push_back({leaf.word, leaf.label, mset.begin().get_weight()});
            }
        }
        return out;
    }

    // "Guiado" -> "Guaidó": words absent from the index, replaced by the closest indexed word
    // in the corpus's most common spelling. Only offered when a word is missing.
    std::optional<std::string> suggest(std::string_view query,
                                       const std::vector<Token>& words) const {
        std::string suggestion;
        size_t copied = 0;
        bool changed = false;
        for (const Token& token : words) {
            if (token.number || db_.get_termfreq(token.folded) > 0) {
                continue;
            }
            // "generals" is not indexed but "general" is: the word is fine, just inflected.
            bool stem_found = false;
            for (const std::string& stem : analyzer_.stems(token.folded, Language::Unknown)) {
                stem_found |= db_.get_termfreq(std::string(kStemPrefix) + stem) > 0;
            }
            if (stem_found) {
                continue;
            }
            std::string correction =
                db_.get_spelling_suggestion(token.folded, kSpellingEditDistance);
            if (correction.empty()) {
                continue;
            }
            std::string form = db_.get_metadata(std::string(kMetaSpellingForm) + correction);
            suggestion.append(query.substr(copied, token.byte_begin - copied));
            suggestion.append(form.empty() ? correction : form);
            copied = token.byte_end;
            changed = true;
        }
        if (!changed) {
            return std::nullopt;
        }
        suggestion.append(query.substr(copied));
        return suggestion;
    }

    std::string path_;
    Xapian::Database db_;
    Analyzer analyzer_;
};

Searcher::Searcher(const std::filesystem::path& index_dir)
    : impl_(std::make_unique<Impl>(index_dir)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) const {
    if (options.limit == 0) {
        throw UsageError("limit must be at least 1");
    }
    return impl_->search(query, options);
}

IndexInfo Searcher::info() const {
    try {
        return impl_->info();
    } catch (const Xapian::Error& error) {
        throw IndexCorrupt(std::string("cannot read index: ") + error.get_description());
    }
}

}  // namespace tilde
