// SPDX-License-Identifier: MIT
/// @file test_query_parser.cpp  The query language, table-driven: query string -> tree.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <tilde/errors.hpp>

#include "analyzer.hpp"
#include "query_parser.hpp"

namespace tilde {
namespace {

struct TreeCase {
    const char* query;
    const char* tree;
};

const TreeCase kTrees[] = {
    // Words side by side: one soft And (all first, then most); stopwords kept, flagged.
    {"Guaidó", "guaido"},
    {"Nicolás Maduro", "(and nicolas maduro)"},
    {"GUAIDÓ military", "(and guaido military)"},
    // Required words: + and AND (both sides).
    {"+Maduro Cabello", "(and +maduro cabello)"},
    {"Maduro AND Cabello", "(and +maduro +cabello)"},
    {"Maduro && Cabello", "(and +maduro +cabello)"},
    // Lower-case operators are words.
    {"maduro and cabello", "(and maduro and cabello)"},
    {"Guaidó OR Maduro", "(or guaido maduro)"},
    {"Guaidó OR Maduro OR Cabello", "(or guaido maduro cabello)"},
    // OR binds tighter than words side by side: (Guaidó or Maduro) and elections.
    {"Guaidó OR Maduro elections", "(and (or guaido maduro) elections)"},
    {"(Guaidó OR Maduro) AND elections", "(and (or guaido maduro) +elections)"},
    // Exclusions.
    {"Maduro -Bolton", "(and maduro (not bolton))"},
    {"Maduro NOT Bolton", "(and maduro (not bolton))"},
    {"\"secret meetings\" NOT Bolton", "(and \"secret meetings\" (not bolton))"},
    {"Maduro NOT (Bolton OR Pompeo)", "(and maduro (not (or bolton pompeo)))"},
    {"Maduro -\"John Bolton\"", "(and maduro (not \"john bolton\"))"},
    // Groups are strict; their stopwords go when other words remain.
    {"(secret OR clandestine) meetings", "(and (or secret clandestine) meetings)"},
    {"(the secret talks) Cabello", "(and (and secret talks) cabello)"},
    {"((Maduro))", "maduro"},
    // Phrases; curly quotes too; a one-word phrase is the word.
    {"\"military uprising\"", "\"military uprising\""},
    {"\xE2\x80\x9C"
     "secret meetings"
     "\xE2\x80\x9D",
     "\"secret meetings\""},
    {"\"Maduro\"", "maduro"},
    // Proximity.
    {"Maduro NEAR/3 secret", "(near/3 maduro secret)"},
    {"Maduro NEAR secret", "(near/10 maduro secret)"},
    {"Maduro NEAR/5 Cabello NEAR/2 talks", "(near/2 maduro cabello talks)"},
    // Prefixes.
    {"sanction*", "sanction*"},
    {"Guai* military", "(and guai* military)"},
    // Exact accents.
    {"=Guaidó", "=guaidó"},
    {"=año", "=año"},
    {"=Guaido Maduro", "(and =guaido maduro)"},
    // Fields, English and Spanish names.
    {"title:Cabello", "title:cabello"},
    {"titulo:Cabello", "title:cabello"},
    {"title:\"secret talks\"", "title:\"secret talks\""},
    {"title:sanction*", "title:sanction*"},
    {"lang:ES Maduro", "(and lang:es maduro)"},
    {"doc:004_ Guaidó", "(and doc:004_ guaido)"},
    {"source:venezuela", "source:venezuela"},
    {"-lang:es Maduro", "(and (not lang:es) maduro)"},
    {"Guaidó date:2019-01..2019-02", "(and guaido date:20190101..20190228)"},
    {"date:2019", "date:20190101..20191231"},
    {"date:2020-02", "date:20200201..20200229"},
    {"fecha:2019-02-08", "date:20190208..20190208"},
    {"date:>=2019-02-01", "date:20190201.."},
    {"date:>2019-01", "date:20190201.."},
    {"date:<2019-03", "date:..20190228"},
    {"date:<=2019-02-28", "date:..20190228"},
    {"date:2019-02..", "date:20190201.."},
    {"date:..2019-02", "date:..20190228"},
    {"date:>2019", "date:20200101.."},  // the day after a period rolls over the year
    {"date:<2020-03-01", "date:..20200229"},
    {"date:<2019", "date:..20181231"},
    // Not fields: unknown names and times stay text.
    {"http://example.com", "(and http example com)"},
    {"10:30 Maduro", "(and 10 30 maduro)"},
    // Debris is ignored.
    {"Maduro -", "maduro"},
    {"\"secret meetings", "\"secret meetings\""},
};

// Failures name the query, not the bytes of the struct.
void PrintTo(const TreeCase& c, std::ostream* out) { *out << c.query; }

class QueryTree : public ::testing::TestWithParam<TreeCase> {};

TEST_P(QueryTree, ParsesTo) {
    const Analyzer analyzer;
    const TreeCase& c = GetParam();
    EXPECT_EQ(parse_query_tree(c.query, analyzer).to_string(), c.tree) << c.query;
}

INSTANTIATE_TEST_SUITE_P(Table, QueryTree, ::testing::ValuesIn(kTrees));

// Issue #9 (the query language), found after it: lang:english, lang:es-VE and lang:español,
// as JSON documents may declare languages and tilde-index understands them, were refused here.
TEST(Issue9, LanguagesAreWrittenAsDocumentsDeclareThem) {
    const Analyzer analyzer;
    for (const auto& [query, tree] : std::vector<std::pair<std::string, std::string>>{
             {"lang:english Maduro", "(and lang:en maduro)"},
             {"lang:es-VE Maduro", "(and lang:es maduro)"},
             {"lang:español Maduro", "(and lang:es maduro)"},
             {"lang:UND Maduro", "(and lang:und maduro)"}}) {
        EXPECT_EQ(parse_query_tree(query, analyzer).to_string(), tree) << query;
    }
}

struct ErrorCase {
    const char* query;
    const char* message;
};

const ErrorCase kErrors[] = {
    {"date:2019-13", "query \"date:2019-13\": month 13 does not exist"},
    {"Guaidó date:2019-02-30",
     "query \"Guaidó date:2019-02-30\": day 30 does not exist in 2019-02 (it has 28 days)"},
    {"date:19", "query \"date:19\": '19' is not a date; write 2019, 2019-02 or 2019-02-08"},
    {"date:2019-08..2019-01",
     "query \"date:2019-08..2019-01\": date:2019-08..2019-01 ends "
     "before it starts"},
    {"date:..", "query \"date:..\": date:.. needs a date on at least one side"},
    {"Maduro OR", "query \"Maduro OR\": OR needs something to search for on each side"},
    {"OR Maduro", "query \"OR Maduro\": OR needs something to search for on each side"},
    {"Maduro AND", "query \"Maduro AND\": AND needs something to search for on each side"},
    {"Maduro AND AND Cabello",
     "query \"Maduro AND AND Cabello\": AND needs something to search for on each side"},
    {"Maduro NOT", "query \"Maduro NOT\": NOT needs something to exclude after it"},
    {"(Maduro", "query \"(Maduro\": a '(' is never closed"},
    {"Maduro)", "query \"Maduro)\": ')' has no '(' before it"},
    {"Maduro NEAR/x secret",
     "query \"Maduro NEAR/x secret\": NEAR/x needs a number of words from 0 to 1000: NEAR/3"},
    {"Maduro NEAR \"secret talks\"",
     "query \"Maduro NEAR \"secret talks\"\": NEAR joins single words, not phrases, groups, "
     "prefixes or fields"},
    {"Maduro OR -Bolton",
     "query \"Maduro OR -Bolton\": an excluded clause cannot be one side "
     "of OR; put NOT outside: Maduro NOT (Bolton OR Pompeo)"},
    {"lang:fr", "query \"lang:fr\": lang:fr is not a language; use lang:es or lang:en"},
    {"title:(a OR b)",
     "query \"title:(a OR b)\": title: takes one value; write OR between whole fields instead"},
};

void PrintTo(const ErrorCase& c, std::ostream* out) { *out << c.query; }

class QueryError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(QueryError, IsExplained) {
    const Analyzer analyzer;
    const ErrorCase& c = GetParam();
    try {
        (void)parse_query_tree(c.query, analyzer);
        ADD_FAILURE() << "no error for " << c.query;
    } catch (const QuerySyntaxError& error) {
        EXPECT_EQ(std::string(error.what()), c.message);
    }
}

INSTANTIATE_TEST_SUITE_P(Table, QueryError, ::testing::ValuesIn(kErrors));

// The tree is the query's only form: the plan sorts its top level, the highlighter and the
// language detector read the words a passage can match from it.
TEST(QueryParser, TheTreeHoldsEveryClauseAndItsMatchableWords) {
    const Analyzer analyzer;
    const QueryNode tree = parse_query_tree(
        "+Maduro Cabello \"secret talks\" sanction* (Guaidó OR Lopez) -Bolton title:Venezuela "
        "date:2019",
        analyzer);
    EXPECT_EQ(tree.to_string(),
              "(and +maduro cabello \"secret talks\" sanction* (or guaido lopez) (not bolton) "
              "title:venezuela date:20190101..20191231)");
    EXPECT_EQ(top_level_clauses(tree).size(), 8u);
    std::vector<std::string> matchable;
    for (const Token& token : matchable_words(tree)) {
        matchable.push_back(token.folded);
    }
    EXPECT_EQ(matchable, (std::vector<std::string>{"maduro", "cabello", "secret", "talks", "guaido",
                                                   "lopez"}));
    const std::vector<Token> prefixes = matchable_prefixes(tree);
    ASSERT_EQ(prefixes.size(), 1u);
    EXPECT_EQ(prefixes[0].folded, "sanction");
}

// With no passage holding a phrase's words together, the search asks for the words: they
// follow the other words, and nothing else changes.
TEST(QueryParser, PhrasesRelaxIntoWordsAfterTheOthers) {
    const Analyzer analyzer;
    const QueryNode tree = parse_query_tree("\"secret talks\" Guaidó -Bolton", analyzer);
    EXPECT_TRUE(has_top_level_phrase(tree));
    const QueryNode relaxed = with_phrases_as_words(tree);
    EXPECT_EQ(relaxed.to_string(), "(and guaido (not bolton) secret talks)");
    EXPECT_FALSE(has_top_level_phrase(relaxed));
    EXPECT_EQ(with_phrases_as_words(parse_query_tree("\"secret talks\"", analyzer)).to_string(),
              "(and secret talks)");
    EXPECT_FALSE(
        has_top_level_phrase(parse_query_tree("guaido (\"secret talks\" OR x)", analyzer)));
}

TEST(QueryParser, OffsetsPointIntoTheQuery) {
    const Analyzer analyzer;
    const std::string query = "(Guaidó OR Maduro) AND =Cabello";
    QueryNode tree = parse_query_tree(query, analyzer);
    const Token& guaido = tree.children[0].children[0].tokens[0];
    EXPECT_EQ(query.substr(guaido.byte_begin, guaido.byte_end - guaido.byte_begin), "Guaidó");
    const Token& cabello = tree.children[1].tokens[0];
    EXPECT_EQ(query.substr(cabello.byte_begin, cabello.byte_end - cabello.byte_begin), "Cabello");
}

}  // namespace
}  // namespace tilde
