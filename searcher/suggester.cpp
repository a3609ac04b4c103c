// SPDX-License-Identifier: MIT
/// @file suggester.cpp  Spelling suggestions judged in context.
#include "suggester.hpp"

#include <algorithm>

#include "query_builder.hpp"
#include "query_combine.hpp"
#include "ranker.hpp"
#include "schema.hpp"

namespace tilde {
namespace {

constexpr unsigned kSpellingEditDistance = 2;
// A word in at most this many passages may be a misspelling worth correcting in context, in
// a query of at most kMaxContextWords words. Looking corrections up for the rare words of
// long questions cost them a fifth more time (bench questions: mean 2.4 -> 3.0 ms).
constexpr Xapian::doccount kRareWord = 2;
constexpr size_t kMaxContextWords = 4;

// "ONU", "NATO": an acronym as typed (capitals, at most five), not a misspelling ("ONU" is
// not "one"). A longer word in capitals is shouted, and still gets its correction.
bool typed_as_acronym(std::string_view query, const Token& token) {
    const std::string_view written =
        query.substr(token.byte_begin, token.byte_end - token.byte_begin);
    return written_in_capitals(written) && written.size() <= 5;
}

}  // namespace

std::optional<std::string> Suggester::suggest(std::string_view query,
                                              const std::vector<Token>& words,
                                              Language language) const {
    QueryBuilder builder(analyzer_, language, query);  // records nothing
    std::vector<std::string> chosen;                   // folded word per query word
    std::vector<std::string> correction;               // its spelling correction, if any
    for (const Token& token : words) {
        chosen.push_back(token.folded);
        std::string corrected;
        // Looking up corrections is the dear part: only for words missing or rare.
        const bool rare = words.size() <= kMaxContextWords &&
                          reader_.db().get_termfreq(token.folded) <= kRareWord;
        if (!token.number && !typed_as_acronym(query, token) && (rare || !indexed(token))) {
            corrected = reader_.db().get_spelling_suggestion(token.folded, kSpellingEditDistance);
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
    // A suggestion must find more passages with every word than the query as typed, or,
    // where neither finds any, know every word ("Guiado Cabelo": "Guaidó Cabello"). So
    // "http://example.com" is not "help://example.come": "example" stays unknown.
    const Xapian::doccount as_typed = together(chosen);
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
    if (copied == 0 || (best <= as_typed && !(best == 0 && every_word_indexed(chosen)))) {
        return std::nullopt;
    }
    suggestion.append(query.substr(copied));
    return suggestion;
}

bool Suggester::every_word_indexed(const std::vector<std::string>& folded_words) const {
    return std::all_of(folded_words.begin(), folded_words.end(), [&](const std::string& word) {
        Token token;
        token.folded = word;
        return indexed(token);
    });
}

// The word, or ("generals" for "general") one of its stems, is in the index.
bool Suggester::indexed(const Token& token) const {
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

}  // namespace tilde
