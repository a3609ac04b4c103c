// SPDX-License-Identifier: MIT
/// @file query_parser.hpp  tilde's query syntax: words, "phrases", -excluded, prefix*.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer.hpp"

namespace tilde {

/// The query after lexing and analysis; Xapian never sees the raw text.
struct ParsedQuery {
    std::vector<Token> words;                  ///< plain words, stopwords included (flagged)
    std::vector<std::vector<Token>> phrases;   ///< "quoted phrases", each required
    std::vector<std::string> prefixes;         ///< folded prefixes of `word*`
    std::vector<std::vector<Token>> excluded;  ///< -word or -"phrase"
};

/// Parses `query`. Unbalanced quotes close at the end of the query; a lone '-', '*' or '"'
/// is ignored. Token offsets point into `query`.
[[nodiscard]] ParsedQuery parse_query(std::string_view query, const Analyzer& analyzer);

}  // namespace tilde
