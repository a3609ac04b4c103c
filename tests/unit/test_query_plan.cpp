// SPDX-License-Identifier: MIT
/// @file test_query_plan.cpp  The query plan: a parsed query -> the queries of both phases,
/// the proximity re-rank and the explanation leaves; on the bundled corpus's index.
#include <cctype>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "analyzer.hpp"
#include "index_reader.hpp"
#include "query_parser.hpp"
#include "query_plan.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {

std::string plan_of(const std::string& query, Language language = Language::English,
                    bool use_translation = false) {
    static const IndexReader reader(test::sample_index(), OpenOptions{});
    static const Analyzer analyzer;
    const QueryPlanner planner(reader, analyzer);
    return describe_plan(planner.plan(query, parse_query_tree(query, analyzer),
                                      /*use_synonyms=*/true, language, use_translation));
}

struct Row {
    const char* query;
    const char* plan;
};

// Each row pins one decision of the plan; a change to any shows here first.
const Row kRows[] = {
    {"guaido",
     "candidates 1: 0.03 * ((Zguaido OR Hguaido) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "candidates 2: -\n"
     "ranking 1: 0.03 * ((Zguaido OR (FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido) AND_MAYBE "
     "FIXED(65) ON BITS(Len))\n"
     "ranking 2: -\n"
     "proximity: -\n"
     "leaves: stem:guaido title:guaido word:guaido"},
    {"Guaidó \"secret meetings\"",
     "candidates 1: 0.03 * (((Zguaido OR Hguaido) AND (Zsecret PHRASE 2 Zmeet)) AND_MAYBE "
     "FIXED(65) ON BITS(Len))\n"
     "candidates 2: -\n"
     "ranking 1: 0.03 * (((Zguaido OR (FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido OR 0.05 * "
     "Eguaidó) AND (Zsecret PHRASE 2 Zmeet)) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "ranking 2: -\n"
     "proximity: -\n"
     "leaves: stem:guaido title:guaido word:guaido exact:guaidó phrase:secret meetings"},
    {"Guaidó (\"secret meetings\" OR xyzzy)",
     "candidates 1: 0.03 * (((Zguaido OR Hguaido) AND ((Zsecret PHRASE 2 Zmeet) OR (Zxyzzi OR "
     "(FIXED(9.74) FILTER Hxyzzi) OR 0.5 * xyzzy))) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "candidates 2: -\n"
     "ranking 1: 0.03 * (((Zguaido OR (FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido OR 0.05 * "
     "Eguaidó) AND ((Zsecret PHRASE 2 Zmeet) OR (Zxyzzi OR (FIXED(9.74) FILTER Hxyzzi) OR 0.5 * "
     "xyzzy))) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "ranking 2: -\n"
     "proximity: -\n"
     "leaves: stem:guaido title:guaido word:guaido exact:guaidó phrase:secret meetings stem:xyzzi "
     "title:xyzzi word:xyzzy"},
    {"guaido maduro",
     "candidates 1: 0.03 * (((Zguaido OR Hguaido) AND ((Zmaduro OR 0 * maduro) OR Hmaduro)) "
     "AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "candidates 2: 0.03 * ((((Zguaido OR Hguaido) OR ((Zmaduro OR 0 * maduro) OR Hmaduro)) "
     "AND_NOT ((Zguaido OR Hguaido) AND ((Zmaduro OR 0 * maduro) OR Hmaduro))) AND_MAYBE "
     "FIXED(65) ON BITS(Len))\n"
     "ranking 1: 0.03 * (((Zguaido OR (FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido) AND (Zmaduro "
     "OR (FIXED(9.74) FILTER Hmaduro) OR 0.5 * maduro)) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "ranking 2: 0.03 * ((((Zguaido OR (FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido) OR (Zmaduro "
     "OR (FIXED(9.74) FILTER Hmaduro) OR 0.5 * maduro)) AND_NOT ((Zguaido OR (FIXED(9.74) FILTER "
     "Hguaido) OR 0.5 * guaido) AND (Zmaduro OR (FIXED(9.74) FILTER Hmaduro) OR 0.5 * maduro))) "
     "AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "proximity: (0.5 * (Zguaido PHRASE 2 Zmaduro) OR 0.5 * (Zguaido NEAR 10 Zmaduro))\n"
     "leaves: stem:guaido title:guaido word:guaido stem:maduro title:maduro word:maduro"},
    {"guaido -maduro",
     "candidates 1: 0.03 * (((Zguaido OR Hguaido) AND_MAYBE FIXED(65) ON BITS(Len)) AND_NOT "
     "Zmaduro)\n"
     "candidates 2: -\n"
     "ranking 1: 0.03 * (((Zguaido OR (FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido) AND_MAYBE "
     "FIXED(65) ON BITS(Len)) AND_NOT Zmaduro)\n"
     "ranking 2: -\n"
     "proximity: -\n"
     "leaves: stem:guaido title:guaido word:guaido"},
    {"(guaido OR maduro) AND venezuela",
     "candidates 1: 0.03 * ((((Zvenezuela OR 0 * venezuela) OR Hvenezuela) AND ((Zguaido OR "
     "(FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido) OR (Zmaduro OR (FIXED(9.74) FILTER Hmaduro) OR "
     "0.5 * maduro))) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "candidates 2: -\n"
     "ranking 1: 0.03 * (((Zvenezuela OR (FIXED(9.74) FILTER Hvenezuela) OR 0.5 * venezuela) AND "
     "((Zguaido OR (FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido) OR (Zmaduro OR (FIXED(9.74) "
     "FILTER Hmaduro) OR 0.5 * maduro))) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "ranking 2: -\n"
     "proximity: -\n"
     "leaves: stem:venezuela title:venezuela word:venezuela stem:guaido title:guaido word:guaido "
     "stem:maduro title:maduro word:maduro"},
    {"+guaido maduro",
     "candidates 1: 0.03 * (((Zguaido OR Hguaido) AND ((Zmaduro OR 0 * maduro) OR Hmaduro)) "
     "AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "candidates 2: 0.03 * (((((Zguaido OR Hguaido) OR ((Zmaduro OR 0 * maduro) OR Hmaduro)) AND "
     "Zguaido) AND_NOT ((Zguaido OR Hguaido) AND ((Zmaduro OR 0 * maduro) OR Hmaduro))) AND_MAYBE "
     "FIXED(65) ON BITS(Len))\n"
     "ranking 1: 0.03 * (((Zguaido OR (FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido) AND (Zmaduro "
     "OR (FIXED(9.74) FILTER Hmaduro) OR 0.5 * maduro)) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "ranking 2: 0.03 * (((((Zguaido OR (FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido) OR (Zmaduro "
     "OR (FIXED(9.74) FILTER Hmaduro) OR 0.5 * maduro)) AND Zguaido) AND_NOT ((Zguaido OR "
     "(FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido) AND (Zmaduro OR (FIXED(9.74) FILTER Hmaduro) "
     "OR 0.5 * maduro))) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "proximity: (0.5 * (Zguaido PHRASE 2 Zmaduro) OR 0.5 * (Zguaido NEAR 10 Zmaduro))\n"
     "leaves: stem:guaido title:guaido word:guaido stem:maduro title:maduro word:maduro"},
    {"guai*",
     "candidates 1: 0.03 * (guaido AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "candidates 2: -\n"
     "ranking 1: 0.03 * (guaido AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "ranking 2: -\n"
     "proximity: -\n"
     "leaves: prefix:guai*"},
    {"=Guaidó",
     "candidates 1: 0.03 * (Eguaidó AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "candidates 2: -\n"
     "ranking 1: 0.03 * (Eguaidó AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "ranking 2: -\n"
     "proximity: -\n"
     "leaves: exact:guaidó"},
    {"guaido NEAR/3 maduro",
     "candidates 1: 0.03 * ((Zguaido NEAR 5 Zmaduro) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "candidates 2: -\n"
     "ranking 1: 0.03 * ((Zguaido NEAR 5 Zmaduro) AND_MAYBE FIXED(65) ON BITS(Len))\n"
     "ranking 2: -\n"
     "proximity: -\n"
     "leaves: near:guaido maduro"},
    {"guaido lang:es date:2019..2020",
     "candidates 1: 0.03 * (((Zguaido OR Hguaido) AND_MAYBE FIXED(65) ON BITS(Len)) FILTER (0 * "
     "BITS(Les) AND VALUE_RANGE 2 20190101 20201231))\n"
     "candidates 2: -\n"
     "ranking 1: 0.03 * (((Zguaido OR (FIXED(9.74) FILTER Hguaido) OR 0.5 * guaido) AND_MAYBE "
     "FIXED(65) ON BITS(Len)) FILTER (0 * BITS(Les) AND VALUE_RANGE 2 20190101 20201231))\n"
     "ranking 2: -\n"
     "proximity: -\n"
     "leaves: stem:guaido title:guaido word:guaido"},
};

TEST(QueryPlan, EachQueryPlansAsPinned) {
    for (const Row& row : kRows) {
        EXPECT_EQ(plan_of(row.query), row.plan) << row.query;
    }
}

// "party" is Spanish "partido" and "partida", both stemmed "part": one term in the group,
// else a passage's one "partido" counts twice, and its postings are read twice.
TEST(Issue18, TranslationsThatStemAlikeAreSearchedAsOneTerm) {
    if (!std::filesystem::exists("/usr/share/apertium/apertium-eng-spa/spa-eng.automorf.bin")) {
        GTEST_SKIP() << "apertium-eng-spa is not installed";
    }
    const std::string plan = plan_of("party", Language::Unknown, /*use_translation=*/true);
    const std::string candidates = plan.substr(0, plan.find('\n'));
    EXPECT_NE(plan.find("translation:partido = partida"), std::string::npos) << plan;
    size_t seen = 0;  // the term Zpart, not Zparti or Zparty
    for (size_t at = candidates.find("Zpart"); at != std::string::npos;
         at = candidates.find("Zpart", at + 1)) {
        seen += !std::isalpha(static_cast<unsigned char>(candidates[at + 5]));
    }
    EXPECT_EQ(seen, 1U) << candidates;
}

}  // namespace
}  // namespace tilde
