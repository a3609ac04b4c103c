// SPDX-License-Identifier: MIT
/// @file test_snippet.cpp  Which passage words a query marks (QueryMatcher, find_matches): the
/// same word, a word of the same stem, a word a prefix begins; the others not.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analyzer.hpp"
#include "query_parser.hpp"
#include "snippet.hpp"

namespace tilde {
namespace {

// The passage's words `query` marks, as written, in order.
std::vector<std::string> marked(const std::string& query, const std::string& passage,
                                Language passage_language) {
    static const Analyzer analyzer;
    const QueryNode root = parse_query_tree(query, analyzer);
    QueryMatcher matcher(analyzer, Language::Unknown);
    int group = 0;
    for (const Token& word : matchable_words(root)) {
        matcher.add_word(word, group++);
    }
    for (const Token& prefix : matchable_prefixes(root)) {
        matcher.add_prefix(prefix.folded, group++);
    }
    const std::vector<Token> words = analyzer.analyze(passage, Purpose::Highlight);
    std::vector<std::string> out;
    for (const ByteRange& range : find_matches(words, passage_language, matcher).ranges) {
        out.push_back(passage.substr(range.begin, range.end - range.begin));
    }
    return out;
}

// A passage word is looked at only when it begins as a query word, prefix or stem does: each
// way of matching still marks its words, whichever of them the query has.
TEST(QueryMatcher, MarksTheWordItsStemsAndItsPrefixesOnly) {
    const std::string spanish =
        "Guaidó se reunió con diputados; GUAIDO dijo que las reuniones con Maduro no servían.";
    EXPECT_EQ(marked("guaido", spanish, Language::Spanish),
              (std::vector<std::string>{"Guaidó", "GUAIDO"}));
    EXPECT_EQ(marked("reun*", spanish, Language::Spanish),
              (std::vector<std::string>{"reunió", "reuniones"}));
    EXPECT_EQ(marked("diputado", spanish, Language::Spanish),
              (std::vector<std::string>{"diputados"}));
    EXPECT_EQ(marked("zzz* guaido", spanish, Language::Spanish),
              (std::vector<std::string>{"Guaidó", "GUAIDO"}));
    const std::string english = "The meeting ended; the meetings met again. Ωmega and ÉLAN.";
    EXPECT_EQ(marked("meetings", english, Language::English),
              (std::vector<std::string>{"meeting", "meetings"}));
    EXPECT_EQ(marked("ωmega elan", english, Language::English),
              (std::vector<std::string>{"Ωmega", "ÉLAN"}));
    EXPECT_TRUE(marked("venezuela", english, Language::English).empty());
}

}  // namespace
}  // namespace tilde
