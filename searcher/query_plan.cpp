// SPDX-License-Identifier: MIT
/// @file query_plan.cpp  The parsed query as the two phases' queries, from the tree alone.
#include "query_plan.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <unordered_set>

#include <tilde/errors.hpp>

#include "query_translation.hpp"
#include "ranker.hpp"
#include "stopwords.hpp"

namespace tilde {
namespace {

// More distinct words than this add nothing to ranking and make a pasted page of text slow.
constexpr size_t kMaxQueryWords = 64;
constexpr Xapian::termcount kMaxWildcardTerms = 200;

// Xapian's description, shorter: "Query(...)" unwrapped, weights to two decimals, a fixed
// weight's posting source (the title bonus) as FIXED(weight), a language's passages
// (IndexReader::in_language) as BITS(term), with their bonus as FIXED(weight) ON BITS(term).
std::string short_description(const Xapian::Query& query) {
    if (query.empty()) {
        return "-";
    }
    std::string text = query.get_description();
    if (text.starts_with("Query(") && text.ends_with(")")) {
        text = text.substr(6, text.size() - 7);
    }
    text = std::regex_replace(
        text, std::regex(R"(PostingSource\(Xapian::FixedWeightPostingSource\(wt=([^)]*)\)\))"),
        "FIXED($1)");
    text = std::regex_replace(text, std::regex(R"(PostingSource\(LanguageBits\((\w+)\)\))"),
                              "BITS($1)");
    text = std::regex_replace(text,
                              std::regex(R"(PostingSource\(LanguageBits\((\w+), wt=([^)]*)\)\))"),
                              "FIXED($2) ON BITS($1)");
    text = std::regex_replace(text, std::regex(R"((\d+\.\d\d)\d+)"), "$1");
    return text;
}

// The words of a clause, in query order.
void collect_tokens(const QueryNode& node, std::vector<Token>& out) {
    out.insert(out.end(), node.tokens.begin(), node.tokens.end());
    for (const QueryNode& child : node.children) {
        collect_tokens(child, out);
    }
}

// The query's top level as the plan ranks it: plain words rank "all of them first, then
// most"; each other clause is required (phrases, prefixes, groups, OR, NEAR, =exact),
// excluded, or a filter. Nested clauses are never sorted: node_query() builds them.
struct TopLevel {
    std::vector<Token> words;                 // plain words, stopwords included (flagged)
    std::vector<Token> required_words;        // those of `words` typed +word or joined by AND
    std::vector<std::vector<Token>> phrases;  // "quoted phrases", each required
    std::vector<const QueryNode*> prefixes;   // `word*`
    std::vector<const QueryNode*> required;   // groups, OR, NEAR, =exact: each required
    std::vector<const QueryNode*> excluded;   // -word, NOT clause
    std::vector<const QueryNode*> filters;    // field:value
};

TopLevel sort_top_level(const QueryNode& root) {
    using Kind = QueryNode::Kind;
    TopLevel top;
    for (const QueryNode* clause : top_level_clauses(root)) {
        switch (clause->kind) {
            case Kind::Word:
                top.words.push_back(clause->tokens[0]);
                if (clause->required) {
                    top.required_words.push_back(clause->tokens[0]);
                }
                break;
            case Kind::Phrase:
                top.phrases.push_back(clause->tokens);
                break;
            case Kind::Prefix:
                top.prefixes.push_back(clause);
                break;
            case Kind::Not:
                top.excluded.push_back(&clause->children[0]);
                break;
            case Kind::Field:
                top.filters.push_back(clause);
                break;
            default:
                top.required.push_back(clause);
        }
    }
    return top;
}

// A query word as translated_pairs() places it: by its stems, or by its one-word
// translations (terms) when it has any.
struct PairSlot {
    const Token* word;
    std::vector<Xapian::Query> translations;
};

// Each two neighbouring slots, one at least translated, within kTranslatedNearSlack positions
// more than they are apart in the query, weighted kTranslatedNearBonus in all; empty with
// none. A translated word counts through its translations alone: as typed, it would give
// the other language's passage a bonus that its original, in the query's language, cannot
// have in phase 2.
Xapian::Query translated_pairs(const std::vector<PairSlot>& words, QueryBuilder& builder) {
    std::vector<const PairSlot*> slots;  // stopwords have no positions
    for (const PairSlot& slot : words) {
        if (!slot.word->stopword) {
            slots.push_back(&slot);
        }
    }
    auto slot_query = [&](const PairSlot& slot) {
        return slot.translations.empty() ? builder.stems_query(*slot.word, false)
                                         : combine(Xapian::Query::OP_OR, slot.translations);
    };
    std::vector<Xapian::Query> pairs;
    for (size_t i = 0; i + 1 < slots.size(); ++i) {
        const PairSlot& left = *slots[i];
        const PairSlot& right = *slots[i + 1];
        if (left.translations.empty() && right.translations.empty()) {
            continue;
        }
        const std::vector<Xapian::Query> both = {slot_query(left), slot_query(right)};
        const Xapian::termpos apart = right.word->position - left.word->position + 1;
        pairs.emplace_back(Xapian::Query::OP_NEAR, both.begin(), both.end(),
                           apart + kTranslatedNearSlack);
    }
    if (pairs.empty()) {
        return {};
    }
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_OR, pairs),
                         kTranslatedNearBonus / static_cast<double>(pairs.size()));
}

}  // namespace

std::string describe_plan(const QueryPlan& plan) {
    std::string out;
    out += "candidates 1: " + short_description(plan.candidates.phase1) + "\n";
    out += "candidates 2: " + short_description(plan.candidates.phase2) + "\n";
    out += "ranking 1: " + short_description(plan.ranked.phase1) + "\n";
    out += "ranking 2: " + short_description(plan.ranked.phase2) + "\n";
    out += "proximity: " + short_description(plan.proximity) + "\n";
    if (!plan.translated_proximity.empty()) {
        out += "proximity 2: " + short_description(plan.translated_proximity) + "\n";
    }
    out += "leaves:";
    for (const QueryLeaf& leaf : plan.builder.leaves) {
        out += " " + leaf.kind + ":" + leaf.form;
    }
    return out;
}

QueryPlan QueryPlanner::plan(std::string_view query, const QueryNode& root, bool use_synonyms,
                             Language language, bool use_translation) const {
    const TopLevel top = sort_top_level(root);
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
    std::vector<Token> words = distinct_words(top.words, false);
    auto nothing_to_rank = [&] {
        return words.empty() && top.phrases.empty() && top.prefixes.empty() && top.required.empty();
    };
    if (nothing_to_rank()) {
        words = distinct_words(top.words, true);
    }
    if (top.phrases.size() + top.prefixes.size() + top.excluded.size() + top.required.size() +
            top.filters.size() >
        kMaxQueryWords) {
        throw QuerySyntaxError("query \"" + quoted_in_message(query) + "\": more than " +
                               std::to_string(kMaxQueryWords) +
                               " phrases, groups, fields and exclusions; search for fewer");
    }
    const bool filters_only = nothing_to_rank();
    if (filters_only && top.filters.empty()) {
        throw QuerySyntaxError(top.excluded.empty()
                                   ? "query \"" + quoted_in_message(query) +
                                         "\" has no words to search for"
                                   : "query \"" + quoted_in_message(query) +
                                         "\" only excludes words; add a word to search for");
    }

    QueryBuilder builder(analyzer_, language, query);
    builder.passages_in = [this](Language in) { return reader_.in_language(in); };
    // Each word (or run of words the synonym file knows) as a stem match plus boosts for
    // the word as typed (ranking), and as its stems alone (choosing candidates: the boost
    // terms match the same passages, and reading their postings would double the work).
    std::vector<Xapian::Query> word_queries;
    std::vector<Xapian::Query> stem_queries;
    // The same, as phase 1 requires them: a fixed expression's words all together ("South
    // African" is not "south"), while phase 2 weighs a passage with some of them.
    std::vector<Xapian::Query> word_queries_all;
    std::vector<Xapian::Query> stem_queries_all;
    // Each word as typed, without translations: a passage in the other language has every
    // word only through them, and then it does not come first (below).
    std::vector<Xapian::Query> typed_queries;
    std::vector<Synonyms> synonyms;
    std::vector<QueryTranslation> translated;
    // The ranked words in order for translated_pairs(); a fixed expression is its first word,
    // with the expression's translations.
    std::vector<PairSlot> pair_slots;
    const std::map<size_t, WordTranslation> translations =
        use_translation ? translate_query_words(query, top.words, words, language, reader_,
                                                analyzer_, translation_terms_)
                        : std::map<size_t, WordTranslation>{};
    for (size_t i = 0; i < words.size();) {
        std::optional<SynonymTable::Match> match;
        if (use_synonyms) {
            match = synonym_table().match(query, words, i);
        }
        const WordTranslation* translation = nullptr;
        if (auto found = translations.find(i); !match && found != translations.end()) {
            translation = &found->second;
        }
        const size_t count = match ? match->length : translation ? translation->length : 1;
        const std::vector<Token> unit(words.begin() + static_cast<long>(i),
                                      words.begin() + static_cast<long>(i + count));
        std::vector<Xapian::Query> ranked_parts;
        std::vector<Xapian::Query> candidate_parts;
        if (translation) {
            // The words as typed rank as they do untranslated; their translations, as one
            // term below them.
            for (const Token& word : unit) {
                ranked_parts.push_back(builder.word_query(word));
                candidate_parts.push_back(builder.candidate_query(word));
            }
            std::vector<Xapian::Query> spellings;
            Synonyms alternatives{unit.front(), {}, translation->target};
            PairSlot slot{&words[i], {}};
            // Translations that stem alike ("trabajo", "trabajar": trabaj) are one term: in
            // the group twice, a passage's one word would count twice, and be read twice.
            std::unordered_set<std::string> searched;
            for (const std::vector<Token>& words_of : translation->alternatives) {
                Xapian::Query spelling = builder.translation_query(words_of, translation->target);
                if (searched.insert(spelling.get_description()).second) {
                    if (spelling.get_type() == Xapian::Query::LEAF_TERM) {
                        slot.translations.push_back(spelling);
                    }
                    spellings.push_back(std::move(spelling));
                }
                std::vector<std::string> folded;
                for (const Token& token : words_of) {
                    if (!token.stopword) {
                        folded.push_back(token.folded);
                    }
                }
                alternatives.alternatives.push_back(std::move(folded));
            }
            const ByteRange typed = translation->typed;
            // Ranked and candidates alike: the translations have no boosts to leave out.
            const Xapian::Query translated_as = builder.translation_group(
                spellings, translation->written, translation->target, typed, span_of(unit.front()));
            ranked_parts.push_back(translated_as);
            candidate_parts.push_back(translated_as);
            synonyms.push_back(std::move(alternatives));
            pair_slots.push_back(std::move(slot));
            translated.push_back({std::string(query.substr(typed.begin, typed.end - typed.begin)),
                                  std::string(language_code(translation->from)),
                                  translation->written});
        } else if (!match) {
            // With translation on, a word here is one the dictionary had nothing for.
            ranked_parts.push_back(builder.word_query(unit[0], use_translation));
            candidate_parts.push_back(builder.candidate_query(unit[0]));
        } else {
            // The words as typed, then each other spelling once ("U.S." is "us" again).
            std::vector<std::string> forms = {joined(unit)};
            std::vector<Xapian::Query> spellings = {
                count == 1 ? builder.stems_query(unit[0], false)
                           : builder.positional_query(Xapian::Query::OP_PHRASE, unit, 0, false)};
            for (const std::vector<std::string>& alternative : match->alternatives) {
                const std::string form = joined(alternative);
                if (std::find(forms.begin(), forms.end(), form) == forms.end()) {
                    forms.push_back(form);
                    spellings.push_back(
                        builder.alternative_query(alternative, span_of(unit), false));
                }
            }
            ranked_parts.push_back(builder.synonym_group(spellings, forms, span_of(unit), true));
            // The words as typed keep their boost outside the group, as a plain word does.
            if (count == 1) {
                spellings.front() = builder.candidate_stems(unit[0]);
                candidate_parts.push_back(builder.title_terms(unit[0]));
                std::vector<Xapian::Query> boosts = builder.word_boosts(unit[0]);
                ranked_parts.insert(ranked_parts.end(), boosts.begin(), boosts.end());
            } else {
                ranked_parts.push_back(
                    builder.record_clause(spellings.front(), unit, "phrase", true, kWordBoost));
            }
            candidate_parts.push_back(
                builder.synonym_group(spellings, forms, span_of(unit), false));
            synonyms.push_back({unit.front(), match->alternatives, std::nullopt});
        }
        word_queries.push_back(combine(Xapian::Query::OP_OR, ranked_parts));
        stem_queries.push_back(combine(Xapian::Query::OP_OR, candidate_parts));
        if (translation && count > 1) {
            auto all_typed = [&](const std::vector<Xapian::Query>& parts) {
                return Xapian::Query(
                    Xapian::Query::OP_OR,
                    combine(Xapian::Query::OP_AND, {parts.begin(), parts.end() - 1}), parts.back());
            };
            word_queries_all.push_back(all_typed(ranked_parts));
            stem_queries_all.push_back(all_typed(candidate_parts));
        } else {
            word_queries_all.push_back(word_queries.back());
            stem_queries_all.push_back(stem_queries.back());
        }
        if (translation) {
            typed_queries.push_back(combine(Xapian::Query::OP_AND,
                                            {candidate_parts.begin(), candidate_parts.end() - 1}));
        } else {
            typed_queries.push_back(stem_queries.back());
        }
        for (size_t k = i; k < i + count && !translation; ++k) {
            pair_slots.push_back({&words[k], {}});
        }
        i += count;
    }
    std::vector<Xapian::Query> others;   // prefixes, phrases, groups: required in phase 1
    std::vector<Xapian::Query> filters;  // phrases, groups: required in both phases
    for (const QueryNode* prefix : top.prefixes) {
        others.push_back(node_query(*prefix, builder, true));
    }
    const size_t prefix_count = others.size();
    for (const auto& phrase : top.phrases) {
        Xapian::Query q = builder.phrase_query(phrase, true);
        others.push_back(q);
        filters.push_back(q);
    }
    for (const QueryNode* node : top.required) {
        Xapian::Query q = node_query(*node, builder, true);
        others.push_back(q);
        filters.push_back(q);
    }
    // +word and AND: required in phase 2 too, where the other words are optional.
    std::vector<Xapian::Query> required_words;
    for (const Token& token : top.required_words) {
        required_words.push_back(builder.stems_query(token, false));
    }
    std::vector<Xapian::Query> excluded;
    for (const QueryNode* node : top.excluded) {
        excluded.push_back(node_query(*node, builder, false));
    }
    // New passages of a file being read again stay hidden until they replace the old.
    for (const std::string& term : reader_.pending_terms()) {
        excluded.emplace_back(term);
    }
    const Xapian::Query exclusion = combine(Xapian::Query::OP_OR, excluded);
    std::vector<Xapian::Query> field_filters;
    for (const QueryNode* node : top.filters) {
        field_filters.push_back(field_query(*node));
    }
    const Xapian::Query field_filter = combine(Xapian::Query::OP_AND, field_filters);
    if (std::any_of(field_filters.begin(), field_filters.end(),
                    [](const Xapian::Query& q) { return q.empty(); })) {
        QueryPlan nothing{std::move(builder)};
        nothing.matches_nothing = true;  // doc:, source: or title: name nothing in the index
        return nothing;
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
    Xapian::Query translated_proximity;  // re-ranks phase 2's best candidates only
    if (language != Language::Unknown) {
        translated_proximity = translated_pairs(pair_slots, builder);
        if (!translated_proximity.empty()) {
            // Passages of the query's language hold the words as typed: no bonus for them.
            const Language other =
                language == Language::English ? Language::Spanish : Language::English;
            translated_proximity = Xapian::Query(Xapian::Query::OP_FILTER, translated_proximity,
                                                 reader_.in_language(other));
        }
    }
    // A fixed weight for passages of the query's language (weight 0 from a boolean term
    // alone, hence the posting source).
    Xapian::Query same_language;
    const double language_bonus = translated.empty() ? kLanguageBonus : kTranslatedLanguageBonus;
    builder.language_bonus = language_bonus;
    if (language != Language::Unknown && !filters_only) {
        same_language = reader_.in_language(language, language_bonus / kScoreScale);
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
    // Phase 1: passages with every word; phase 2: with only some of them, after those. With
    // a query language, passages with every word only in translation are in phase 2 too.
    const bool translations_later = !translated.empty() && language != Language::Unknown;
    // `typed_first`: phase 1 as the words typed alone, which match the same passages when
    // translations come later (a translation counts only in the other language's passages,
    // and those need every word as typed in phase 1), without reading the translations'
    // postings: choosing candidates, which the whole query then weighs.
    auto assemble = [&](const std::vector<Xapian::Query>& per_word,
                        const std::vector<Xapian::Query>& per_word_all, bool typed_first) {
        const bool as_typed_alone = typed_first && translations_later;
        std::vector<Xapian::Query> required = as_typed_alone ? typed_queries : per_word_all;
        required.insert(required.end(), others.begin(), others.end());
        std::vector<Xapian::Query> optional = per_word;
        optional.insert(optional.end(), others.begin(),
                        others.begin() + static_cast<long>(prefix_count));
        Xapian::Query all_words = filters_only ? Xapian::Query(std::string())  // every passage
                                               : combine(Xapian::Query::OP_AND, required);
        if (translations_later && !as_typed_alone) {
            // A passage in the query's language with every word comes first (a translation
            // counts only in the other language's), and one with every word as typed
            // (names); a passage with every word only in translation is weighed against the
            // rest in phase 2: in phase 1 it outranked passages in the query's language that
            // lack a word (Spanish MRR@10 on XQuAD, both languages' passages: .930 that way,
            // .944 this way, when tuning).
            std::vector<Xapian::Query> as_typed = typed_queries;
            as_typed.insert(as_typed.end(), others.begin(), others.end());
            all_words =
                Xapian::Query(Xapian::Query::OP_FILTER, all_words,
                              Xapian::Query(Xapian::Query::OP_OR, reader_.in_language(language),
                                            combine(Xapian::Query::OP_AND, as_typed)));
        }
        Phases out;
        out.phase1 = restrict(all_words);
        if (optional.size() < 2 && !translations_later) {
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
        out.phase2_open = restrict(out.phase2);
        out.phase2 = Xapian::Query(Xapian::Query::OP_AND_NOT, out.phase2, all_words);
        out.phase2 = restrict(out.phase2);
        return out;
    };
    const Phases ranked = assemble(word_queries, word_queries_all, false);
    const Phases candidates = assemble(stem_queries, stem_queries_all, true);
    QueryPlan plan{std::move(builder)};
    plan.words = std::move(words);
    plan.synonyms = std::move(synonyms);
    plan.translations = std::move(translated);
    plan.ranked = ranked;
    plan.candidates = candidates;
    plan.proximity = std::move(proximity);
    plan.translated_proximity = std::move(translated_proximity);
    return plan;
}

// A group, OR, NEAR or =exact clause as a query; `record`: its words show in --explain.
Xapian::Query QueryPlanner::node_query(const QueryNode& node, QueryBuilder& builder,
                                       bool record) const {
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
                builder.near_query(node.tokens,
                                   node.distance + static_cast<Xapian::termpos>(node.tokens.size()),
                                   false),
                node.tokens, "near", record);
        case Kind::Prefix: {
            Xapian::Query expansion = expand_prefix(node.value);
            if (record) {
                builder.leaves.push_back({node.value, "prefix", node.value + "*", "",
                                          node.value + "*", 1.0, expansion,
                                          span_of(node.tokens[0])});
            }
            return expansion;
        }
        case Kind::Field:
            return field_query(node);
        case Kind::Or: {
            std::vector<Xapian::Query> parts;
            for (const QueryNode& child : node.children) {
                // A group of words is one leaf within OR, as a phrase is: a passage may have
                // some of its words and match another alternative, and then only the whole
                // group's weight (0) explains its score (found by fuzz_search).
                std::vector<Token> words;
                collect_tokens(child, words);
                if (child.kind == Kind::And && !words.empty()) {
                    parts.push_back(builder.record_clause(node_query(child, builder, false), words,
                                                          "group", record));
                } else {
                    parts.push_back(node_query(child, builder, record));
                }
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
Xapian::Query QueryPlanner::exact_query(const Token& token, QueryBuilder& builder,
                                        bool record) const {
    const std::string typed = builder.typed(token);
    if (!token.exact.empty()) {
        std::string term = prefixed(kExactPrefix, token.exact);
        if (record) {
            builder.leaves.push_back(
                {term, "exact", token.exact, "", "=" + typed, 1.0, {}, span_of(token)});
        }
        return Xapian::Query(term);
    }
    if (record) {
        builder.leaves.push_back(
            {token.folded, "word", token.folded, "", "=" + typed, 1.0, {}, span_of(token)});
    }
    std::vector<Xapian::Query> accented;
    for (const std::string& form : reader_.spelling_forms(token.folded)) {
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
    return Xapian::Query(Xapian::Query::OP_AND_NOT, word, combine(Xapian::Query::OP_OR, accented));
}

const SynonymTable& QueryPlanner::synonym_table() const {
    if (!synonyms_) {
        synonyms_.emplace(synonyms_text(), analyzer_);
    }
    return *synonyms_;
}

// `prefix*` as the kMaxWildcardTerms most frequent words it begins, one synonym. Expanded
// here rather than by OP_WILDCARD, which each shard would expand with its own words and
// statistics: the scores would differ from one index's.
Xapian::Query QueryPlanner::expand_prefix(const std::string& prefix) const {
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

}  // namespace tilde
