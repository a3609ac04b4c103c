// SPDX-License-Identifier: MIT
/// @file query_translation.hpp  Which ranked query words get translations, and which of
/// those the index can match.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer.hpp"
#include "index_reader.hpp"

namespace tilde {

/// A run of ranked query words (one, or a fixed expression's) and its translations.
struct WordTranslation {
    size_t length =
        1;            ///< Ranked words it covers ("golpe de estado": golpe; estado is a stopword).
    ByteRange typed;  ///< The query's bytes it translates, stopwords included.
    Language from = Language::Spanish;
    Language target = Language::English;
    std::vector<std::string> written;              ///< As the dictionary writes them.
    std::vector<std::vector<Token>> alternatives;  ///< The same, analysed.
};

/// What the index makes of translations met in earlier queries: each analysed, its content
/// words' stems, and whether the index holds them all. Every query looked them up again
/// (a term lookup and an analysis each, a tenth of a keyword query's translating); one
/// index revision's answers, kept for the searcher that asked (not shared between threads).
class TranslationTerms {
  public:
    struct Terms {
        std::vector<Token> tokens;
        std::vector<std::string> stems;  // of the content words, in order, while indexed
        bool indexed = false;            // the index holds every content word's stem
    };
    /// `text` (a translation, in `target`) as the index knows it.
    const Terms& of(const std::string& text, Language target, const IndexReader& reader,
                    const Analyzer& analyzer);

  private:
    static constexpr size_t kMaxRemembered = 20000;
    std::uint64_t revision_ = 0;
    std::unordered_map<std::string, Terms> known_;
};

/// The translations of `ranked` (the query's distinct ranked words, in order) by the index of
/// the word each begins at. `typed`: every top-level word of `query` (stopwords too, which
/// fixed expressions hold). Translated from `language`, or from both when Unknown; only
/// translations whose terms the index holds, never one that is the word itself.
[[nodiscard]] std::map<size_t, WordTranslation> translate_query_words(
    std::string_view query, const std::vector<Token>& typed, const std::vector<Token>& ranked,
    Language language, const IndexReader& reader, const Analyzer& analyzer,
    TranslationTerms& terms);

}  // namespace tilde
