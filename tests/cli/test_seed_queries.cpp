// SPDX-License-Identifier: MIT
/// @file test_seed_queries.cpp  Every line of tests/seed-queries.tsv against tilde-search --json.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "folding.hpp"
#include "test_support.hpp"

namespace tilde {
namespace test {
// Names the query in test listings instead of a byte dump (found by ADL, so beside the type).
void PrintTo(const SeedQuery& seed, std::ostream* out) {
    *out << seed.query << " -> " << seed.check;
}
}  // namespace test

namespace {

using test::load_seed_queries;
using test::SeedQuery;

// Splits "kind:a:b:c" into at most `parts` fields; the last keeps any further colons.
std::vector<std::string> split_check(const std::string& check, size_t parts) {
    std::vector<std::string> fields;
    size_t start = 0;
    while (fields.size() + 1 < parts) {
        size_t colon = check.find(':', start);
        if (colon == std::string::npos) {
            break;
        }
        fields.push_back(check.substr(start, colon - start));
        start = colon + 1;
    }
    fields.push_back(check.substr(start));
    return fields;
}

nlohmann::json search_json(const std::string& query, int limit) {
    test::RunResult run =
        test::run_program("tilde-search", {"--index", test::sample_index().string(), "--json",
                                           "--limit", std::to_string(limit), query});
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
    return nlohmann::json::parse(run.out);
}

class SeedQueries : public ::testing::TestWithParam<SeedQuery> {};

TEST_P(SeedQueries, Pass) {
    const SeedQuery& seed = GetParam();
    SCOPED_TRACE("seed-queries.tsv:" + std::to_string(seed.line) + ": " + seed.query + " -> " +
                 seed.check);
    std::string kind = seed.check.substr(0, seed.check.find(':'));
    if (kind == "top") {
        std::string text = split_check(seed.check, 2)[1];
        nlohmann::json answer = search_json(seed.query, 10);
        ASSERT_FALSE(answer["results"].empty());
        EXPECT_NE(answer["results"][0]["text"].get<std::string>().find(text), std::string::npos)
            << answer["results"][0]["text"];
    } else if (kind == "in") {
        std::vector<std::string> f = split_check(seed.check, 4);
        int n = std::stoi(f[1]);
        nlohmann::json answer = search_json(seed.query, n);
        bool found = false;
        for (const auto& hit : answer["results"]) {
            found |= hit["doc"].get<std::string>().rfind(f[2], 0) == 0 &&
                     hit["text"].get<std::string>().find(f[3]) != std::string::npos;
        }
        EXPECT_TRUE(found) << answer.dump(2);
    } else if (kind == "count") {
        int n = std::stoi(split_check(seed.check, 2)[1]);
        nlohmann::json answer = search_json(seed.query, std::max(n + 1, 10));
        EXPECT_EQ(static_cast<int>(answer["results"].size()), n);
    } else if (kind == "nodup") {
        int n = std::stoi(split_check(seed.check, 2)[1]);
        nlohmann::json answer = search_json(seed.query, n);
        std::set<std::string> texts;
        for (const auto& hit : answer["results"]) {
            EXPECT_TRUE(texts.insert(hit["text"].get<std::string>()).second) << hit["text"];
        }
        EXPECT_GE(texts.size(), 2u);  // a check over one result would prove nothing
    } else if (kind == "suggest") {
        std::string word = split_check(seed.check, 2)[1];
        nlohmann::json answer = search_json(seed.query, 10);
        ASSERT_TRUE(answer["suggestion"].is_string()) << answer.dump();
        EXPECT_EQ(fold_text(answer["suggestion"].get<std::string>()), fold_text(word));
    } else {
        FAIL() << "unknown check kind '" << kind << "'";
    }
}

INSTANTIATE_TEST_SUITE_P(SeedQueriesTsv, SeedQueries, ::testing::ValuesIn(load_seed_queries()),
                         [](const ::testing::TestParamInfo<SeedQuery>& param_info) {
                             return "line" + std::to_string(param_info.param.line);
                         });

TEST(SeedQueriesFile, HasEveryLine) { EXPECT_EQ(load_seed_queries().size(), 15u); }

}  // namespace
}  // namespace tilde
