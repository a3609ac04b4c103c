// SPDX-License-Identifier: MIT
/// @file query_parser.hpp  tilde's query language (docs/query-syntax.md): words, "phrases",
/// AND/OR/NOT, +/-, parentheses, NEAR/n, prefix*, =exact, and fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer.hpp"

namespace tilde {

/// The most words, phrases and fields a query may hold in groups and operators (top-level
/// words are cut to their first distinct ones instead).
inline constexpr size_t kMaxQueryLeaves = 256;

/// One node of a parsed query. Words are analyzed already: Xapian never sees the raw text.
struct QueryNode {
    enum class Kind : std::uint8_t {
        Word,    ///< tokens[0]; `required` when typed +word or joined by AND
        Exact,   ///< =word: tokens[0], its accents required as typed
        Phrase,  ///< "words in order": tokens
        Near,    ///< words within `distance` words of each other, any order: tokens
        Prefix,  ///< prefix*: `value` is the folded prefix, tokens[0] the word typed
        Field,   ///< field:value, a filter that adds no weight
        And,     ///< every child (a Not child excludes)
        Or,      ///< any child
        Not,     ///< children[0] excluded
    };
    enum class FieldName : std::uint8_t { None, Title, Doc, Lang, Source, Date };

    Kind kind = Kind::And;
    std::vector<Token> tokens;
    std::vector<QueryNode> children;
    FieldName field = FieldName::None;
    /// Prefix: the folded prefix. Field: doc/source the value as typed, lang "es"/"en"/"und",
    /// date the first and last day as "YYYYMMDD..YYYYMMDD" (either side empty when open).
    std::string value;
    std::uint32_t distance = 0;  ///< Near
    bool required = false;       ///< Word at the top level: +word or joined by AND

    /// The tree as a compact S-expression, for tests and --debug: (and +guaido "secret talks"
    /// (or maduro cabello) (not bolton) date:20190101..20190228 title:cabello).
    [[nodiscard]] std::string to_string() const;
};

/// Parses `query` into a tree. Top-level words typed side by side become one And whose plain
/// Word children rank as "all words first, then most"; groups in parentheses, OR and NEAR are
/// strict. Unbalanced quotes close at the end of the query; a lone '-', '*' or '"' is
/// ignored. Token offsets point into `query`.
/// @throws QuerySyntaxError naming the query and the problem: `query "date:2019-13": month 13
/// does not exist`.
[[nodiscard]] QueryNode parse_query_tree(std::string_view query, const Analyzer& analyzer);

/// Every word a passage can match (not excluded, not in a field), in query order: for
/// language detection and highlighting.
[[nodiscard]] std::vector<Token> matchable_words(const QueryNode& root);
/// Every prefix a passage can match: its token, `folded` the folded prefix.
[[nodiscard]] std::vector<Token> matchable_prefixes(const QueryNode& root);

/// The clauses of the query's top level: the root's children, or the root alone.
[[nodiscard]] std::vector<const QueryNode*> top_level_clauses(const QueryNode& root);

/// Whether the query's top level has a "quoted phrase".
[[nodiscard]] bool has_top_level_phrase(const QueryNode& root);

/// `root` with its top-level phrases' words as plain words, after the others: asked when no
/// passage has a phrase's words together (a question quoting a title it half remembers).
[[nodiscard]] QueryNode with_phrases_as_words(QueryNode root);

/// The query as quoted in an error message: whole if short, else its start and "…".
[[nodiscard]] std::string quoted_in_message(std::string_view query);

}  // namespace tilde
