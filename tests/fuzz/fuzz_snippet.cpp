// SPDX-License-Identifier: MIT
/// @file fuzz_snippet.cpp  A query and a passage (split at the first newline) through the
/// query parser, match finding and snippet making.
#include <cstddef>
#include <cstdint>

#include <tilde/errors.hpp>

#include "fuzz_support.hpp"
#include "query_parser.hpp"
#include "snippet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const tilde::Analyzer analyzer;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    size_t newline = input.find('\n');
    std::string_view query = input.substr(0, newline);
    std::string_view text = newline == std::string_view::npos ? "" : input.substr(newline + 1);

    tilde::QueryNode parsed;
    try {
        parsed = tilde::parse_query_tree(query, analyzer);
    } catch (const tilde::QuerySyntaxError&) {
        return 0;  // a query the language rejects, with its one-line reason
    }
    tilde::QueryMatcher matcher(analyzer, tilde::Language::Unknown);
    int group = 0;
    for (const tilde::Token& token : tilde::matchable_words(parsed)) {
        tilde::fuzz::check(token.byte_end <= query.size(), "query token past the query");
        matcher.add_word(token, group++);
    }
    for (const tilde::Token& prefix : tilde::matchable_prefixes(parsed)) {
        tilde::fuzz::check(prefix.byte_end <= query.size(), "query prefix past the query");
        matcher.add_prefix(prefix.folded, group++);
    }
    std::vector<tilde::Token> words = analyzer.analyze(text, tilde::Purpose::Document);
    for (tilde::Language language :
         {tilde::Language::Unknown, tilde::Language::Spanish, tilde::Language::English}) {
        tilde::PassageMatches matches = tilde::find_matches(words, language, matcher);
        for (uint32_t target : {0u, 40u, 240u}) {
            tilde::Snippet snippet = tilde::make_snippet(text, matches, words, target);
            uint32_t previous_end = 0;
            for (const tilde::ByteRange& range : snippet.highlights) {
                tilde::fuzz::check(range.begin >= previous_end && range.begin < range.end &&
                                       range.end <= snippet.text.size(),
                                   "snippet highlight out of order or out of the snippet");
                previous_end = range.end;
            }
        }
    }
    return 0;
}
