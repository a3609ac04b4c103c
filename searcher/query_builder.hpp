// SPDX-License-Identifier: MIT
/// @file query_builder.hpp  Query words as Xapian queries: stems, boosts, phrases, synonyms;
/// each leaf recorded for --explain. The weights of the secondary evidence live here.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "analyzer.hpp"
#include "query_combine.hpp"
#include "query_parser.hpp"
#include "schema.hpp"
#include "stopwords.hpp"

namespace tilde {

// BM25 with little length normalisation (b = 0.1, kLengthNormalisation, applied at indexing
// time: schema.hpp): passages are already cut to 700-1,200 bytes, and full normalisation
// (b 0.75) lets short transcript lines full of question words outrank the answer. On XQuAD
// with the bench corpus as distractors, Spanish MRR@10 goes .768 (b 0.75), .827 (Xapian's
// 0.5), .890 (0.1); on the collection alone it stays .948 (issue #6).
inline constexpr double kBm25K1 = 1.0;
// Frequencies are stored kWdfScale times larger: k1 follows, and scores are scaled back to
// BM25's own range so that the query plan's bonuses keep their meaning.
inline constexpr double kScoreScale = (kBm25K1 + 1) / (kBm25K1 * kWdfScale + 1);

// Weights of the secondary evidence, relative to a stem match (1.0). Kept here so ranking
// changes are made in one place and show in `--explain`.
inline constexpr double kWordBoost = 0.5;  // the very word typed, unstemmed ("generals")
// The accents typed ("Guaidó" over "Guaido"): a tie-breaker only. Larger values double-count
// accented words and cost Spanish MRR@10 on XQuAD (0.5: .944, 0.05: .948; issue #6).
inline constexpr double kExactBoost = 0.05;
// A word of a document's title (on its first passage only): found without title:, ranked
// modestly. A fixed weight, as title terms have no wdf. XQuAD's titles are one token each
// ("Super_Bowl_50"), so the relevance sets cannot tune it: MRR@10 is the same at 0 and 0.3,
// within .0001 at 1.0.
inline constexpr double kTitleBoost = 0.3;
inline constexpr double kPhraseBonus = 0.5;  // all query words adjacent, in order
inline constexpr double kNearBonus = 0.5;    // all query words within a short window
// Passages in the query's language, when it is known, over their translations: XQuAD's
// Spanish questions often name things both languages spell alike (+.010 Spanish MRR@10 alone,
// +.004 more with distractors at 2.0 than at 1.0).
inline constexpr double kLanguageBonus = 2.0;
// A word's translations weigh as the word's stem does; the word as typed keeps its boosts
// above them. On XQuAD across languages (Spanish questions, English passages), MRR@10 is
// .880 at 0.8, .884 at 1.0 (issue #18).
inline constexpr double kTranslationWeight = 1.0;
// The language bonus when the query is also searched in translation: a passage in the query's
// language comes before a translated match of about the same words. At kLanguageBonus the
// other language's passages that say the same (XQuAD's are translations of each other) come
// first too often: Spanish MRR@10 with distractors .8831 at 2, .8868 at 6, .8909 at 10,
// .8921 at 20 (as without translation).
inline constexpr double kTranslatedLanguageBonus = 20.0;
inline constexpr Xapian::termpos kNearSlack = 8;
// Two neighbouring query words, one at least through its translation, within this many
// positions more than they are apart in the query, in a passage of the other language: a
// bonus of kTranslatedNearBonus of their weight, shared among the query's pairs. Whole-query
// proximity never reaches those passages (a word without a translation is missing there).
// XQuAD across languages, MRR@10 es->en .8919 -> .8961, without accents .8930 -> .8945,
// en->es .8758 -> .8829 (slack 2: .8813, 4: .8796 on en->es); same-language sets unchanged up
// to 0.8, while at 0.85 a translation outranks its original (distractors -.0008; issue #18).
inline constexpr double kTranslatedNearBonus = 0.75;
inline constexpr Xapian::termpos kTranslatedNearSlack = 3;

// A query word (or run of words) and its other spellings from the synonym file, or its
// translations.
struct Synonyms {
    Token first;  // its first word, whose offsets name it in explanations
    std::vector<std::vector<std::string>> alternatives;  // folded words
    std::optional<Language> translated_to;  // translations: stemmed as this language's words
};

// One leaf of the query: a term, the word it came from, and its scale in the score.
struct QueryLeaf {
    std::string term;
    std::string kind;  // "stem", "word", "exact", "prefix"
    std::string form;  // the term without its prefix: "guaid"
    std::string lang;  // the stemmer's language, for stems
    std::string word;  // as typed
    double scale = 1.0;
    Xapian::Query query;  // a prefix's expansion; empty: the term alone
    // The bytes of the query it stands for: its id, shared with the highlighter's groups, so
    // an explanation finds the passage's words for it by position, never by text.
    ByteRange span;
};

// Words as one string: "united states", or with another separator: "reunion = meeting".
inline std::string joined(const std::vector<std::string>& words, std::string_view separator = " ") {
    std::string out;
    for (const std::string& word : words) {
        if (!out.empty()) {
            out += separator;
        }
        out += word;
    }
    return out;
}

// The folded words of `tokens` as one string.
inline std::string joined(const std::vector<Token>& tokens) {
    std::vector<std::string> words;
    for (const Token& token : tokens) {
        words.push_back(token.folded);
    }
    return joined(words);
}

// The bytes of the query a token, or a run of tokens, was typed as.
inline ByteRange span_of(const Token& token) { return {token.byte_begin, token.byte_end}; }
inline ByteRange span_of(const std::vector<Token>& tokens) {
    return tokens.empty() ? ByteRange{}
                          : ByteRange{tokens.front().byte_begin, tokens.back().byte_end};
}

class QueryBuilder {
  public:
    QueryBuilder(const Analyzer& analyzer, Language language, std::string_view query_text)
        : analyzer_(analyzer), language_(language), query_text_(query_text) {}

    // The stems a query word gets: the query language's, or both stemmers' (English first).
    std::vector<std::string> query_stems(const Token& token) const {
        if (language_ != Language::Unknown) {
            return {analyzer_.stem(token.folded, language_)};
        }
        return analyzer_.stems(token.folded, Language::Unknown);
    }

    // Stems of a word as a positional OR (for phrases and proximity).
    Xapian::Query stems_query(const Token& token, bool record) {
        const std::vector<std::string> stems = query_stems(token);
        // With no query language both stemmers apply; say which stem came from which.
        auto stemmer_of = [&](size_t i) -> std::string {
            if (language_ != Language::Unknown) {
                return std::string(language_code(language_));
            }
            return stems.size() == 1 ? "es en" : i == 0 ? "en" : "es";
        };
        for (size_t i = 0; record && i < stems.size(); ++i) {
            const std::string term = prefixed(kStemPrefix, stems[i]);
            leaves.push_back(
                {term, "stem", stems[i], stemmer_of(i), typed(token), 1.0, {}, span_of(token)});
        }
        return any_term(kStemPrefix, stems);
    }

    // One of the terms `prefix` + each of `values`.
    static Xapian::Query any_term(std::string_view prefix, const std::vector<std::string>& values) {
        std::vector<Xapian::Query> parts;
        for (const std::string& value : values) {
            parts.emplace_back(prefixed(prefix, value));
        }
        return parts.size() == 1 ? parts[0]
                                 : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }

    // The word's stems in document titles: the title stems of each document's first passage
    // (indexed with both stemmers), weighted by kTitleBoost.
    Xapian::Query title_query(const Token& token, bool record) {
        // Title terms have no wdf (BM25 gives them nothing): a fixed weight instead. The
        // plan scales every clause by kScoreScale; undo that here.
        Xapian::Query title(
            Xapian::Query::OP_FILTER,
            Xapian::Query(
                (new Xapian::FixedWeightPostingSource(kTitleBoost / kScoreScale))->release()),
            title_terms(token));
        if (record) {
            const std::string stems = joined(query_stems(token));
            leaves.push_back({prefixed(kTitlePrefix, stems), "title", stems, "", typed(token), 1.0,
                              title, span_of(token)});
        }
        return title;
    }

    // The title terms alone: they match, with no weight (choosing candidates cheaply).
    Xapian::Query title_terms(const Token& token) const {
        return any_term(kTitlePrefix, query_stems(token));
    }

    // What word_query() matches, weighted by the stems alone (choosing candidates). With a
    // query language, a passage of the other language holds the other stemmer's stem, so it
    // matches through the word as typed alone ("maduro" is "madur" in Spanish, "maduro" in
    // English): that word joins, weightless, where the two stemmers disagree.
    Xapian::Query candidate_query(const Token& token) {
        return Xapian::Query(Xapian::Query::OP_OR, candidate_stems(token), title_terms(token));
    }

    // candidate_query() without the title, which cannot go inside OP_SYNONYM (a posting
    // source has no term statistics).
    Xapian::Query candidate_stems(const Token& token) {
        Xapian::Query stems = stems_query(token, false);
        if (!stemmers_disagree(token)) {
            return stems;
        }
        return Xapian::Query(
            Xapian::Query::OP_OR, stems,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(token.folded), 0.0));
    }

    // With a query language, whether the other language's stemmer stems `token` otherwise:
    // then a passage of that language holds a stem the query does not search for.
    bool stemmers_disagree(const Token& token) const {
        return language_ != Language::Unknown && analyzer_.stem(token.folded, other_language()) !=
                                                     analyzer_.stem(token.folded, language_);
    }
    Language other_language() const {
        return language_ == Language::English ? Language::Spanish : Language::English;
    }

    // A plain word: its stems, plus boosts for the unstemmed word and the accents typed.
    // `untranslated`: a word the dictionary has nothing for (see word_boosts()).
    Xapian::Query word_query(const Token& token, bool untranslated = false) {
        std::vector<Xapian::Query> parts = {stems_query(token, true)};
        std::vector<Xapian::Query> boosts = word_boosts(token, untranslated);
        parts.insert(parts.end(), boosts.begin(), boosts.end());
        return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }

    // The boosts of word_query(): the unstemmed word, the accents typed, and the word in
    // titles. An `untranslated` word (a name, mostly: "Gaga", "Lindisfarne") that the other
    // language stems otherwise matches that language's passages as typed only, so there the
    // unstemmed word weighs twice, as a stem match does: with the boost alone a name weighed
    // half as much as any translated word. XQuAD MRR@10 across languages: en->es .869 ->
    // .876, es->en .884 -> .892; each language with distractors unchanged (issue #18).
    // Translated words are left as they are: there the translations weigh, and doubling them
    // too cost Spanish MRR@10 with distractors .0011.
    std::vector<Xapian::Query> word_boosts(const Token& token, bool untranslated = false) {
        std::vector<Xapian::Query> parts = {title_query(token, true)};
        Xapian::Query word(token.folded);
        Xapian::Query leaf_query;  // empty: the term alone
        if (untranslated && stemmers_disagree(token)) {
            word = leaf_query = Xapian::Query(
                Xapian::Query::OP_OR, word,
                Xapian::Query(Xapian::Query::OP_FILTER, word, passages_in(other_language())));
        }
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, word, kWordBoost);
        leaves.push_back({token.folded, "word", token.folded, "", typed(token), kWordBoost,
                          leaf_query, span_of(token)});
        if (!token.exact.empty()) {
            std::string term = std::string(kExactPrefix) + token.exact;
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), kExactBoost);
            leaves.push_back(
                {term, "exact", token.exact, "", typed(token), kExactBoost, {}, span_of(token)});
        }
        return parts;
    }

    // The spellings of one thing (the words typed first, then the synonym file's others) as
    // one term: weighted once, by the passages that have any of them (Xapian's OP_SYNONYM),
    // so a rare spelling does not outweigh the words typed. One explanation leaf.
    Xapian::Query synonym_group(const std::vector<Xapian::Query>& spellings,
                                const std::vector<std::string>& forms, ByteRange span,
                                bool record) {
        Xapian::Query group(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
        if (record) {
            const std::string form = joined(forms, " = ");
            const std::string words(query_text_.substr(span.begin, span.end - span.begin));
            leaves.push_back({words, "synonym", form, "", words, 1.0, group, span});
        }
        return group;
    }

    // A word's translations (or a fixed expression's, `typed`) as one term, weighted by
    // kTranslationWeight. With a query language, in passages of their language only: a
    // translation's stem may be another word's in the query's language (Spanish "serie" and
    // English "series" are both "seri"; English MRR@10 with distractors .8897 without the
    // filter, .8935 with it). Without one, both languages are the query's, and the filter
    // would double the time of keyword queries. `span`: the highlighter's group for them.
    Xapian::Query translation_group(const std::vector<Xapian::Query>& spellings,
                                    const std::vector<std::string>& forms, Language target,
                                    ByteRange typed, ByteRange span) {
        Xapian::Query group(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
        if (language_ != Language::Unknown) {
            group = Xapian::Query(Xapian::Query::OP_FILTER, group, passages_in(target));
        }
        const std::string words(query_text_.substr(typed.begin, typed.end - typed.begin));
        leaves.push_back({words, "translation", joined(forms, " = "), "", words, kTranslationWeight,
                          group, span});
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, group, kTranslationWeight);
    }

    // Words at their query positions, adjacent (window = span) or near. Stopwords have no
    // positions in the index (format 6): they are left out and the window keeps their gaps,
    // so "golpe de estado" is golpe, then estado, within three words. With fewer than two
    // other words, all the words are required anywhere.
    Xapian::Query positional_query(Xapian::Query::op op, const std::vector<Token>& tokens,
                                   Xapian::termpos slack, bool record) {
        std::vector<const Token*> placed;
        for (const Token& token : tokens) {
            if (!token.stopword) {
                placed.push_back(&token);
            }
        }
        std::vector<Xapian::Query> parts;
        if (placed.size() < 2) {
            for (const Token& token : tokens) {
                parts.push_back(stems_query(token, record));
            }
            return parts.size() == 1
                       ? parts[0]
                       : Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
        }
        for (const Token* token : placed) {
            parts.push_back(stems_query(*token, record));
        }
        Xapian::termpos span = placed.back()->position - placed.front()->position + 1;
        return Xapian::Query(op, parts.begin(), parts.end(), span + slack);
    }

    // Words within `window` positions of each other, any order (NEAR/n: window n + words).
    Xapian::Query near_query(const std::vector<Token>& tokens, Xapian::termpos window,
                             bool record) {
        std::vector<Xapian::Query> parts;
        for (const Token& token : tokens) {
            if (!token.stopword) {  // no positions (see positional_query)
                parts.push_back(stems_query(token, record));
            }
        }
        if (parts.size() < 2) {
            return positional_query(Xapian::Query::OP_NEAR, tokens, 0, record);
        }
        return Xapian::Query(Xapian::Query::OP_NEAR, parts.begin(), parts.end(), window);
    }

    // Another spelling of a query word from the synonym file: one word as its folded term
    // (only a word written as such has one, so "US" the country, never "us" the pronoun),
    // several as a phrase of their stems.
    // `span`: the query words it is an alternative for.
    Xapian::Query alternative_query(const std::vector<std::string>& words, ByteRange span,
                                    bool record) {
        const std::string typed(query_text_.substr(span.begin, span.end - span.begin));
        if (words.size() == 1) {
            if (record) {
                leaves.push_back({words[0], "synonym", words[0], "", typed, 1.0, {}, span});
            }
            return Xapian::Query(words[0]);
        }
        std::vector<Token> tokens(words.size());
        for (size_t i = 0; i < words.size(); ++i) {
            tokens[i].folded = words[i];
            tokens[i].position = static_cast<uint32_t>(i);
            tokens[i].stopword =
                english_stopwords().contains(words[i]) || spanish_stopwords().contains(words[i]);
        }
        Xapian::Query phrase = positional_query(Xapian::Query::OP_PHRASE, tokens, 0, false);
        if (record) {
            const std::string form = joined(words);
            leaves.push_back({form, "synonym", form, "", typed, 1.0, phrase, span});
        }
        return phrase;
    }

    // A translation's words (analysed) as `target`'s stems: one term, or a phrase.
    Xapian::Query translation_query(const std::vector<Token>& tokens, Language target) const {
        std::vector<Xapian::Query> parts;
        for (const Token& token : tokens) {
            if (!token.stopword) {  // no positions (see positional_query)
                parts.emplace_back(prefixed(kStemPrefix, analyzer_.stem(token.folded, target)));
            }
        }
        if (parts.size() < 2) {
            return parts.empty() ? Xapian::Query() : parts[0];
        }
        const Xapian::termpos span = tokens.back().position - tokens.front().position + 1;
        return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), span);
    }

    // A quoted phrase, at the top level or in a group alike: one explanation leaf, not one
    // per word (within OR a passage may have the words apart, and then only the whole
    // clause's weight, 0, explains its score).
    Xapian::Query phrase_query(const std::vector<Token>& tokens, bool record) {
        return record_clause(positional_query(Xapian::Query::OP_PHRASE, tokens, 0, false), tokens,
                             "phrase", record);
    }

    // A phrase or NEAR clause as one explanation leaf, named by its words as typed.
    Xapian::Query record_clause(Xapian::Query clause, const std::vector<Token>& tokens,
                                const char* kind, bool record, double scale = 1.0) {
        if (record) {
            const std::string form = joined(tokens);
            const ByteRange span = span_of(tokens);
            const std::string words(query_text_.substr(span.begin, span.end - span.begin));
            leaves.push_back({words, kind, form, "", words, scale, clause, span});
        }
        return scale == 1.0 ? clause : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, clause, scale);
    }

    std::string typed(const Token& token) const {
        return std::string(query_text_.substr(token.byte_begin, token.byte_end - token.byte_begin));
    }

    [[nodiscard]] Language language() const { return language_; }

    std::vector<QueryLeaf> leaves;
    /// The passages in a language, as the index answers that fastest (IndexReader::
    /// in_language); its term by default.
    std::function<Xapian::Query(Language)> passages_in = [](Language language) {
        return Xapian::Query(prefixed(kLangPrefix, language_code(language)));
    };
    // The bonus of a passage in the query's language (when it is known), as the plan gives it.
    double language_bonus = kLanguageBonus;

  private:
    const Analyzer& analyzer_;
    Language language_;
    std::string_view query_text_;
};

}  // namespace tilde
