// SPDX-License-Identifier: MIT
/// @file searcher.cpp  Query building (all words first, then some), ranking, snippets, explain.
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
#include "ranker.hpp"
#include "record_codec.hpp"
#include "schema.hpp"
#include "snippet.hpp"
#include "stopwords.hpp"
#include "synonyms.hpp"

namespace tilde {
namespace {

constexpr Xapian::termcount kMaxWildcardTerms = 200;
constexpr unsigned kSpellingEditDistance = 2;
// A word in at most this many passages may be a misspelling worth correcting in context, in
// a query of at most kMaxContextWords words. Looking corrections up for the rare words of
// long questions cost them a fifth more time (bench questions: mean 2.4 -> 3.0 ms).
constexpr Xapian::doccount kRareWord = 2;
constexpr size_t kMaxContextWords = 4;
// More distinct words than this add nothing to ranking and make a pasted page of text slow.
constexpr size_t kMaxQueryWords = 64;
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
        ParsedQuery parsed = parse_query(query, analyzer_);
        SearchResults results = search_parsed(query, parsed, options);
        if (results.total == 0 && !parsed.phrases.empty()) {
            // No passage has the quoted words together: rather than nothing, the passages
            // with the words (a question quoting a title it half remembers).
            ParsedQuery relaxed = parsed;
            for (const std::vector<Token>& phrase : parsed.phrases) {
                relaxed.words.insert(relaxed.words.end(), phrase.begin(), phrase.end());
            }
            relaxed.phrases.clear();
            results = search_parsed(query, relaxed, options);
            results.phrases_relaxed = true;
        }
        results.took_ms = elapsed_ms(start);
        return results;
    }

    SearchResults search_parsed(std::string_view query, const ParsedQuery& parsed,
                                const SearchOptions& options) const {
        SearchResults results;
        results.query = std::string(query);
        const SortOrder sort = sort_order(options.sort);
        Language language = query_language(options.lang, parsed);

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
        auto nothing_to_rank = [&] {
            return words.empty() && parsed.phrases.empty() && parsed.prefixes.empty() &&
                   parsed.required.empty();
        };
        if (nothing_to_rank()) {
            words = distinct_words(parsed.words, true);
        }
        if (parsed.phrases.size() + parsed.prefixes.size() + parsed.excluded.size() +
                parsed.required.size() + parsed.filters.size() >
            kMaxQueryWords) {
            throw QuerySyntaxError("query \"" + quoted_in_message(query) + "\": more than " +
                                   std::to_string(kMaxQueryWords) +
                                   " phrases, groups, fields and exclusions; search for fewer");
        }
        const bool filters_only = nothing_to_rank();
        if (filters_only && parsed.filters.empty()) {
            throw QuerySyntaxError(parsed.excluded.empty()
                                       ? "query \"" + quoted_in_message(query) +
                                             "\" has no words to search for"
                                       : "query \"" + quoted_in_message(query) +
                                             "\" only excludes words; add a word to search for");
        }

        QueryBuilder builder(analyzer_, language, query);
        // Each word (or run of words the synonym file knows) as a stem match plus boosts for
        // the word as typed (ranking), and as its stems alone (choosing candidates: the boost
        // terms match the same passages, and reading their postings would double the work).
        std::vector<Xapian::Query> word_queries;
        std::vector<Xapian::Query> stem_queries;
        std::vector<Synonyms> synonyms;
        for (size_t i = 0; i < words.size();) {
            std::optional<SynonymTable::Match> match;
            if (options.synonyms) {
                match = synonym_table().match(words, i);
            }
            const size_t count = match ? match->length : 1;
            const std::vector<Token> unit(words.begin() + static_cast<long>(i),
                                          words.begin() + static_cast<long>(i + count));
            std::vector<Xapian::Query> ranked_parts;
            std::vector<Xapian::Query> candidate_parts;
            if (count == 1) {
                ranked_parts.push_back(builder.word_query(unit[0]));
                candidate_parts.push_back(builder.stems_query(unit[0], false));
            } else {
                ranked_parts.push_back(builder.record_clause(
                    builder.positional_query(Xapian::Query::OP_PHRASE, unit, 0, false), unit,
                    "phrase", true));
                candidate_parts.push_back(
                    builder.positional_query(Xapian::Query::OP_PHRASE, unit, 0, false));
            }
            if (match) {
                const std::string typed = std::string(query.substr(
                    unit.front().byte_begin, unit.back().byte_end - unit.front().byte_begin));
                for (const std::vector<std::string>& alternative : match->alternatives) {
                    ranked_parts.push_back(builder.alternative_query(alternative, typed, true));
                    candidate_parts.push_back(builder.alternative_query(alternative, typed, false));
                }
                synonyms.push_back({unit.front(), match->alternatives});
            }
            word_queries.push_back(combine(Xapian::Query::OP_OR, ranked_parts));
            stem_queries.push_back(combine(Xapian::Query::OP_OR, candidate_parts));
            i += count;
        }
        std::vector<Xapian::Query> others;   // prefixes, phrases, groups: required in phase 1
        std::vector<Xapian::Query> filters;  // phrases, groups: required in both phases
        for (const std::string& prefix : parsed.prefixes) {
            others.push_back(expand_prefix(prefix));
            builder.leaves.push_back(
                {prefix, "prefix", prefix + "*", "", prefix + "*", 1.0, others.back()});
        }
        const size_t prefix_count = others.size();
        for (const auto& phrase : parsed.phrases) {
            Xapian::Query q = builder.phrase_query(phrase, true);
            others.push_back(q);
            filters.push_back(q);
        }
        for (const QueryNode& node : parsed.required) {
            Xapian::Query q = node_query(node, builder, true);
            others.push_back(q);
            filters.push_back(q);
        }
        // +word and AND: required in phase 2 too, where the other words are optional.
        std::vector<Xapian::Query> required_words;
        for (const Token& token : parsed.required_words) {
            required_words.push_back(builder.stems_query(token, false));
        }
        std::vector<Xapian::Query> excluded;
        for (const QueryNode& node : parsed.excluded) {
            excluded.push_back(node_query(node, builder, false));
        }
        // New passages of a file being read again stay hidden until they replace the old.
        for (const std::string& term : reader_.pending_terms()) {
            excluded.emplace_back(term);
        }
        const Xapian::Query exclusion = combine(Xapian::Query::OP_OR, excluded);
        std::vector<Xapian::Query> field_filters;
        for (const QueryNode& node : parsed.filters) {
            field_filters.push_back(field_query(node));
        }
        const Xapian::Query field_filter = combine(Xapian::Query::OP_AND, field_filters);
        if (std::any_of(field_filters.begin(), field_filters.end(),
                        [](const Xapian::Query& q) { return q.empty(); })) {
            return results;  // doc:, source: or title: name nothing in the index
        }

        Xapian::Query proximity;  // re-ranks phase 1's best candidates only
        if (std::count_if(words.begin(), words.end(), [](const Token& t) { return !t.stopword; }) >=
            2) {
            // Proximity evidence: the words adjacent and in order, or close together.
            Xapian::Query adjacent =
                builder.positional_query(Xapian::Query::OP_PHRASE, words, 0, false);
            Xapian::Query near =
                builder.positional_query(Xapian::Query::OP_NEAR, words, kNearSlack, false);
            proximity =
                Xapian::Query(Xapian::Query::OP_OR,
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, adjacent, kPhraseBonus),
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, kNearBonus));
        }
        // A fixed weight for passages of the query's language (weight 0 from a boolean term
        // alone, hence the posting source).
        Xapian::Query same_language;
        if (language != Language::Unknown && !filters_only) {
            same_language = Xapian::Query(
                Xapian::Query::OP_FILTER,
                // release(): the query owns the source (Xapian does not, unless asked).
                Xapian::Query((new Xapian::FixedWeightPostingSource(kLanguageBonus / kScoreScale))
                                  ->release()),
                Xapian::Query(std::string(kLangPrefix) + std::string(language_code(language))));
        }
        // Restrictions every result obeys: exclusions and fields.
        auto restrict = [&](Xapian::Query q) {
            if (!same_language.empty()) {
                q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, same_language);
            }
            if (!field_filter.empty()) {
                q = Xapian::Query(Xapian::Query::OP_FILTER, q, field_filter);
            }
            if (!exclusion.empty()) {
                q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, exclusion);
            }
            return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, kScoreScale);
        };
        // Phase 1: passages with every word; phase 2: with only some of them, after those.
        auto assemble = [&](const std::vector<Xapian::Query>& per_word) {
            std::vector<Xapian::Query> required = per_word;
            required.insert(required.end(), others.begin(), others.end());
            std::vector<Xapian::Query> optional = per_word;
            optional.insert(optional.end(), others.begin(),
                            others.begin() + static_cast<long>(prefix_count));
            const Xapian::Query all_words = filters_only
                                                ? Xapian::Query(std::string())  // every passage
                                                : combine(Xapian::Query::OP_AND, required);
            Phases out;
            out.phase1 = restrict(all_words);
            if (optional.size() < 2) {
                return out;
            }
            out.phase2 = combine(Xapian::Query::OP_OR, optional);
            std::vector<Xapian::Query> musts = filters;
            musts.insert(musts.end(), required_words.begin(), required_words.end());
            if (!musts.empty()) {
                // AND, not FILTER: the phrases weigh here as in phase 1, so that explanations
                // (which count every leaf that matches) add up (found by fuzz_search).
                out.phase2 = Xapian::Query(Xapian::Query::OP_AND, out.phase2,
                                           combine(Xapian::Query::OP_AND, musts));
            }
            out.phase2 = Xapian::Query(Xapian::Query::OP_AND_NOT, out.phase2, all_words);
            out.phase2 = restrict(out.phase2);
            return out;
        };
        const Phases ranked = assemble(word_queries);
        const Phases candidates = assemble(stem_queries);

        try {
            const Xapian::doccount wanted = options.offset + options.limit;
            // One word: its few postings lists are read once, no re-ranking needed. Sorted by
            // date: every match is looked at anyway, with its whole score.
            auto rank_phase = [&](const Xapian::Query& candidate, const Xapian::Query& full,
                                  const Xapian::Query& bonus, Xapian::doccount count) {
                if (sort != SortOrder::Relevance) {
                    Xapian::Query scored = full;
                    if (!bonus.empty()) {
                        scored = Xapian::Query(
                            Xapian::Query::OP_AND_MAYBE, scored,
                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, bonus, kScoreScale));
                    }
                    return ranker_.rank(scored, count, sort);
                }
                return words.size() < 2 ? ranker_.rank(full, count)
                                        : ranker_.rerank(candidate, full, bonus, count);
            };
            Ranking first = rank_phase(candidates.phase1, ranked.phase1, proximity, wanted);
            results.total = first.estimated;
            results.total_exact = first.exact;
            const Highlighter highlighter =
                make_highlighter(analyzer_, query, parsed, language, synonyms);
            hits_.collect(first, options.offset, options.limit, builder, highlighter, options,
                          results);
            if (!ranked.phase2.empty() && !(first.exhausted && first.passages.size() < wanted)) {
                // A full page from phase 1: phase 2 only adds to the count (counted up to a
                // hundred, estimated past that: counting every match would cost more than the
                // search). Counting cannot make an estimated phase-1 count exact: then only the
                // term statistics are read.
                const auto [matches, exact] = ranker_.count(candidates.phase2, first.exact);
                results.total += matches;
                results.total_exact = results.total_exact && exact;
            } else if (!ranked.phase2.empty()) {
                // Phase 1 ran out before the page did: its count is exact.
                const auto phase1_total = static_cast<Xapian::doccount>(first.passages.size());
                Xapian::doccount offset2 =
                    options.offset > phase1_total ? options.offset - phase1_total : 0;
                Xapian::doccount limit2 =
                    options.limit - static_cast<Xapian::doccount>(results.hits.size());
                Ranking second = rank_phase(candidates.phase2, ranked.phase2, {}, offset2 + limit2);
                results.total += second.estimated;
                results.total_exact = results.total_exact && second.exact;
                hits_.collect(second, offset2, limit2, builder, highlighter, options, results);
            }
            if (first.passages.empty() && !words.empty()) {
                // No passage has every word: a misspelled one, maybe.
                results.suggestion = suggest(query, words, builder);
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

    // A group, OR, NEAR or =exact clause as a query; `record`: its words show in --explain.
    Xapian::Query node_query(const QueryNode& node, QueryBuilder& builder, bool record) const {
        using Kind = QueryNode::Kind;
        switch (node.kind) {
            case Kind::Word:
                return record ? builder.word_query(node.tokens[0])
                              : builder.stems_query(node.tokens[0], false);
            case Kind::Exact:
                return exact_query(node.tokens[0], builder, record);
            case Kind::Phrase:
                return builder.phrase_query(node.tokens, record);
            case Kind::Near:
                return builder.record_clause(
                    builder.near_query(
                        node.tokens,
                        node.distance + static_cast<Xapian::termpos>(node.tokens.size()), false),
                    node.tokens, "near", record);
            case Kind::Prefix: {
                Xapian::Query expansion = expand_prefix(node.value);
                if (record) {
                    builder.leaves.push_back({node.value, "prefix", node.value + "*", "",
                                              node.value + "*", 1.0, expansion});
                }
                return expansion;
            }
            case Kind::Field:
                return field_query(node);
            case Kind::Or: {
                std::vector<Xapian::Query> parts;
                for (const QueryNode& child : node.children) {
                    parts.push_back(node_query(child, builder, record));
                }
                return combine(Xapian::Query::OP_OR, parts);
            }
            case Kind::And:
            case Kind::Not: {
                std::vector<Xapian::Query> parts;
                std::vector<Xapian::Query> unwanted;
                const std::vector<QueryNode> only = {node};
                for (const QueryNode& child : node.kind == Kind::And ? node.children : only) {
                    if (child.kind == Kind::Not) {
                        unwanted.push_back(node_query(child.children[0], builder, false));
                    } else {
                        parts.push_back(node_query(child, builder, record));
                    }
                }
                Xapian::Query all = parts.empty() ? Xapian::Query(std::string())
                                                  : combine(Xapian::Query::OP_AND, parts);
                if (!unwanted.empty()) {
                    all = Xapian::Query(Xapian::Query::OP_AND_NOT, all,
                                        combine(Xapian::Query::OP_OR, unwanted));
                }
                return all;
            }
        }
        return {};
    }

    // =word: the word with exactly the accents typed. A word typed with accents is its
    // accented term; one typed without them is the word less the passages that write it
    // with accents (so a passage writing it both ways is left out).
    Xapian::Query exact_query(const Token& token, QueryBuilder& builder, bool record) const {
        const std::string typed = builder.typed(token);
        if (!token.exact.empty()) {
            std::string term = prefixed(kExactPrefix, token.exact);
            if (record) {
                builder.leaves.push_back({term, "exact", token.exact, "", "=" + typed, 1.0, {}});
            }
            return Xapian::Query(term);
        }
        if (record) {
            builder.leaves.push_back(
                {token.folded, "word", token.folded, "", "=" + typed, 1.0, {}});
        }
        std::vector<Xapian::Query> accented;
        for (const std::string& form : spelling_forms(token.folded)) {
            for (const Token& written : analyzer_.analyze(form, Purpose::Query)) {
                if (!written.exact.empty() && written.folded == token.folded) {
                    accented.emplace_back(prefixed(kExactPrefix, written.exact));
                }
            }
        }
        Xapian::Query word(token.folded);
        if (accented.empty()) {
            return word;
        }
        return Xapian::Query(Xapian::Query::OP_AND_NOT, word,
                             combine(Xapian::Query::OP_OR, accented));
    }

    // field:value as a filter adding no weight.
    Xapian::Query field_query(const QueryNode& node) const {
        using FieldName = QueryNode::FieldName;
        Xapian::Query q;
        switch (node.field) {
            case FieldName::Title:
                q = documents_titled(node.children[0]);
                break;
            case FieldName::Lang:
                q = Xapian::Query(prefixed(kLangPrefix, node.value));
                break;
            case FieldName::Doc:
                q = documents_matching(terms_beginning(prefixed(kDocNamePrefix, node.value)));
                break;
            case FieldName::Source:
                q = collections_beginning(node.value);
                break;
            case FieldName::Date: {
                const size_t dots = node.value.find("..");
                const std::string first = node.value.substr(0, dots);
                const std::string last = node.value.substr(dots + 2);
                if (first.empty()) {
                    q = Xapian::Query(Xapian::Query::OP_VALUE_LE, kSlotDate, last);
                } else if (last.empty()) {
                    q = Xapian::Query(Xapian::Query::OP_VALUE_GE, kSlotDate, first);
                } else {
                    q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kSlotDate, first, last);
                }
                break;
            }
            case FieldName::None:
                break;
        }
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0);
    }

    // Title words are on each document's first passage (schema.hpp, kTitlePrefix): the
    // documents whose titles match, as a filter of their passages.
    Xapian::Query documents_titled(const QueryNode& node) const {
        return documents_matching(title_query(node));
    }

    // The collections whose names begin with `prefix` (any case), as a filter: their names are
    // listed in each shard's metadata, their terms are hashes.
    Xapian::Query collections_beginning(const std::string& prefix) const {
        const std::string start = prefixed(kMetaCollectionPrefix, collection_name(prefix));
        std::set<std::string> terms;
        auto collect = [&](const Xapian::Database& db) {
            for (auto it = db.metadata_keys_begin(start); it != db.metadata_keys_end(start); ++it) {
                terms.insert(
                    collection_term(std::string_view(*it).substr(kMetaCollectionPrefix.size())));
            }
        };
        for (const Xapian::Database* db : reader_.metadata_sources()) {
            collect(*db);
        }
        std::vector<Xapian::Query> parts(terms.begin(), terms.end());
        return combine(Xapian::Query::OP_OR, parts);
    }

    // The passages of the documents whose first passages match `first_passages` (title and
    // document-name terms are there only).
    Xapian::Query documents_matching(const Xapian::Query& first_passages) const {
        if (first_passages.empty()) {
            return first_passages;
        }
        Xapian::Enquire enquire(reader_.db());
        enquire.set_query(first_passages);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        const Xapian::MSet found = enquire.get_mset(0, reader_.db().get_doccount());
        std::vector<Xapian::Query> documents;
        for (auto it = found.begin(); it != found.end(); ++it) {
            documents.emplace_back(document_key(
                DocumentRecord::parse(it.get_document().get_value(kSlotDocument)).doc));
        }
        return combine(Xapian::Query::OP_OR, documents);
    }

    // Title words are indexed as stems in both languages (schema.hpp, kTitlePrefix).
    Xapian::Query title_query(const QueryNode& node) const {
        using Kind = QueryNode::Kind;
        auto stems = [&](const Token& token) {
            std::vector<Xapian::Query> parts;
            for (const std::string& stem : analyzer_.stems(token.folded, Language::Unknown)) {
                parts.emplace_back(prefixed(kTitlePrefix, stem));
            }
            return combine(Xapian::Query::OP_OR, parts);
        };
        switch (node.kind) {
            case Kind::Word:
            case Kind::Exact:
                return stems(node.tokens[0]);
            case Kind::Phrase: {
                std::vector<Xapian::Query> parts;
                for (const Token& token : node.tokens) {
                    parts.push_back(stems(token));
                }
                return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                                     static_cast<Xapian::termcount>(parts.size()));
            }
            case Kind::Prefix:
                return terms_beginning(prefixed(kTitlePrefix, node.value));
            default: {
                std::vector<Xapian::Query> parts;
                for (const QueryNode& child : node.children) {
                    parts.push_back(title_query(child));
                }
                return combine(node.kind == Kind::Or ? Xapian::Query::OP_OR : Xapian::Query::OP_AND,
                               parts);
            }
        }
    }

    // Every index term starting with `prefix` (a document id, a collection), as one filter.
    Xapian::Query terms_beginning(const std::string& prefix) const {
        std::vector<Xapian::Query> terms;
        for (auto it = reader_.db().allterms_begin(prefix); it != reader_.db().allterms_end(prefix);
             ++it) {
            terms.emplace_back(*it);
        }
        return terms.empty() ? Xapian::Query::MatchNothing
                             : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }

    std::optional<DocumentText> document(std::string_view doc, std::string_view query,
                                         const SearchOptions& options) const {
        std::optional<Highlighter> highlighter;
        if (!query.empty()) {
            ParsedQuery parsed = parse_query(query, analyzer_);
            highlighter.emplace(make_highlighter(analyzer_, query, parsed,
                                                 query_language(options.lang, parsed), {}));
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
            words.push_back(spelling_form(term));
        }
        return words;
    }

    // How the corpus most often writes a folded word; the word itself if never recorded.
    std::string spelling_form(const std::string& folded) const {
        std::vector<std::string> forms = spelling_forms(folded);
        return forms.empty() ? folded : std::move(forms.front());
    }

    // How the corpus writes a folded word, most often first (at most kMaxSpellingForms).
    std::vector<std::string> spelling_forms(const std::string& folded) const {
        const std::string key = std::string(kMetaSpellingForm) + folded;
        std::vector<std::string> out;
        const std::vector<const Xapian::Database*> sources = reader_.metadata_sources();
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
                auto same = std::find_if(all.begin(), all.end(), [&](const SpellingForm& f) {
                    return f.form == form.form;
                });
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
    static SortOrder sort_order(const std::string& sort) {
        if (sort == "relevance" || sort.empty()) {
            return SortOrder::Relevance;
        }
        if (sort == "date") {
            return SortOrder::OldestFirst;
        }
        if (sort == "-date") {
            return SortOrder::NewestFirst;
        }
        throw UsageError("unknown sort order '" + sort + "': use relevance, date or -date");
    }

    const SynonymTable& synonym_table() const {
        if (!synonyms_) {
            synonyms_.emplace(synonyms_text(), analyzer_);
        }
        return *synonyms_;
    }

    struct Phases {
        Xapian::Query phase1;
        Xapian::Query phase2;  // empty for a one-word query
    };

    // `prefix*` as the kMaxWildcardTerms most frequent words it begins, one synonym. Expanded
    // here rather than by OP_WILDCARD, which each shard would expand with its own words and
    // statistics: the scores would differ from one index's.
    Xapian::Query expand_prefix(const std::string& prefix) const {
        std::vector<std::pair<Xapian::doccount, std::string>> words;
        for (auto it = reader_.db().allterms_begin(prefix); it != reader_.db().allterms_end(prefix);
             ++it) {
            words.emplace_back(it.get_termfreq(), *it);
        }
        if (words.size() > kMaxWildcardTerms) {
            auto more_frequent = [](const auto& a, const auto& b) {
                return a.first != b.first ? a.first > b.first : a.second < b.second;
            };
            std::nth_element(words.begin(), words.begin() + kMaxWildcardTerms, words.end(),
                             more_frequent);
            words.resize(kMaxWildcardTerms);
            std::sort(words.begin(), words.end(),
                      [](const auto& a, const auto& b) { return a.second < b.second; });
        }
        if (words.empty()) {
            return Xapian::Query::MatchNothing;
        }
        std::vector<Xapian::Query> terms;
        for (const auto& [frequency, word] : words) {
            terms.emplace_back(word);
        }
        return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    }

    // The stemmer(s) query words get: the one asked for, or the one the query's words suggest.
    Language query_language(const std::string& requested, const ParsedQuery& parsed) const {
        if (requested != "auto") {
            std::optional<Language> language = parse_language(requested);
            if (!language || *language == Language::Unknown) {
                throw UsageError("unknown language '" + requested + "': use es, en or auto");
            }
            return *language;
        }
        return detect_language(matchable_words(parsed), /*min_evidence=*/1);
    }

    // "Guiado" -> "Guaidó", "maduro secert meetigns" -> "Maduro secret meetings": asked for
    // when no passage has every word. Each word the index lacks is replaced by its closest
    // indexed word; then every other word's correction is kept only if more passages have
    // the corrected words together (the words are judged in context).
    std::optional<std::string> suggest(std::string_view query, const std::vector<Token>& words,
                                       QueryBuilder& builder) const {
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
            suggestion.append(spelling_form(chosen[i]));
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
    mutable std::optional<SynonymTable> synonyms_;  // read at the first search that needs it
    DocumentRecords documents_{reader_};
    Ranker ranker_{reader_, documents_};
    HitBuilder hits_{reader_, analyzer_, documents_, ranker_};
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
