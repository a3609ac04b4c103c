// SPDX-License-Identifier: MIT
/// @file query_translation.hpp  Which ranked query words get translations, and which of
/// those the index can match.
#pragma once

#include <map>
#include <string>
#include <string_view>
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

/// The translations of `ranked` (the query's distinct ranked words, in order) by the index of
/// the word each begins at. `typed`: every top-level word of `query` (stopwords too, which
/// fixed expressions hold). Translated from `language`, or from both when Unknown; only
/// translations whose terms the index holds, never one that is the word itself.
[[nodiscard]] std::map<size_t, WordTranslation> translate_query_words(
    std::string_view query, const std::vector<Token>& typed, const std::vector<Token>& ranked,
    Language language, const IndexReader& reader, const Analyzer& analyzer);

}  // namespace tilde
