// SPDX-License-Identifier: MIT
/// @file test_relevance.cpp  Ranking quality must not fall: tilde-bench relevance on the XQuAD
/// dev collection (tests/data/xquad-dev, 240 passages, 1,224 questions), checked against the
/// MRR@10 and Recall@1 last achieved. Ranking is deterministic, so the floors are exact; raise
/// them when a change improves the figures (issue #6).
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kCollection = fs::path(TILDE_SOURCE_DIR) / "tests" / "data" / "xquad-dev";

const fs::path& collection_index() {
    static test::TempDir dir;
    static const fs::path index = [] {
        fs::path out = dir.path() / "xquad.idx";
        test::RunResult run = test::run_program(
            "tilde-index",
            {"--quiet", "--index", out.string(), (kCollection / "passages.jsonl").string()});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        return out;
    }();
    return index;
}

json relevance(const std::string& queries_file) {
    test::RunResult run = test::run_program(
        "tilde-bench",
        {"relevance", "--json", "--index", collection_index().string(), "--queries",
         (kCollection / queries_file).string(), "--qrels", (kCollection / "qrels.tsv").string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json::parse(run.out);
}

struct Floor {
    std::string queries_file;
    std::string lang;
    double mrr_at_10;
    double recall_at_1;
};

TEST(Relevance, DoesNotFallBelowWhatWasAchieved) {
    const std::vector<Floor> floors = {
        // English gave up .002 MRR@10 (.954 to .9526) when length normalisation moved into the
        // index,
        // which halved keyword latency.
        {"queries.tsv", "es", 0.948, 0.918},
        {"queries.tsv", "en", 0.952, 0.928},
        {"queries-noaccents.tsv", "es", 0.948, 0.919},
        {"queries-noaccents.tsv", "en", 0.952, 0.928},
    };
    std::map<std::string, json> answers;
    for (const Floor& floor : floors) {
        SCOPED_TRACE(floor.queries_file + " " + floor.lang);
        if (!answers.contains(floor.queries_file)) {
            answers[floor.queries_file] = relevance(floor.queries_file);
        }
        const json& metrics = answers[floor.queries_file]["metrics"][floor.lang];
        EXPECT_EQ(metrics["queries"], 612);
        EXPECT_GE(metrics["mrr@10"].get<double>(), floor.mrr_at_10);
        EXPECT_GE(metrics["recall@1"].get<double>(), floor.recall_at_1);
    }
}

// Issue 18: questions in one language against the other language's passages only (XQuAD's
// passages are translations of each other: es-A00-P3 is en-A00-P3), as in
// ../shared/relevance/xquad-dev-crosslang, made here from the same files. Found through the
// dictionary's translations; MRR@10 before them was .582 (es->en) and .570 (en->es).
TEST(Relevance, AcrossLanguagesDoesNotFallBelowWhatWasAchieved) {
    struct Direction {
        std::string passages;  // language indexed
        std::string queries_file;
        std::string queries;  // their language
        double mrr_at_10;
    };
    const std::vector<Direction> directions = {
        {"en", "queries.tsv", "es", 0.896},
        {"en", "queries-noaccents.tsv", "es", 0.895},
        {"es", "queries.tsv", "en", 0.883},
    };
    test::TempDir dir;
    for (const Direction& direction : directions) {
        SCOPED_TRACE(direction.queries_file + " " + direction.queries + "->" + direction.passages);
        const fs::path passages = dir.path() / (direction.passages + ".jsonl");
        const fs::path queries = dir.path() / (direction.queries + direction.queries_file);
        const fs::path qrels = dir.path() / (direction.queries + ".qrels");
        const fs::path index = dir.path() / (direction.passages + ".idx");
        auto copy_lines = [](const fs::path& from, const fs::path& to, const std::string& begin,
                             auto&& change) {
            std::ifstream in(from);
            std::ofstream out(to);
            for (std::string line; std::getline(in, line);) {
                if (line.find(begin) != std::string::npos) {
                    out << change(line) << '\n';
                }
            }
        };
        auto same = [](const std::string& line) { return line; };
        copy_lines(kCollection / "passages.jsonl", passages,
                   "\"lang\": \"" + direction.passages + "\"", same);
        copy_lines(kCollection / direction.queries_file, queries, direction.queries + "-", same);
        // Each question's passage, in the other language.
        copy_lines(kCollection / "qrels.tsv", qrels, direction.queries + "-",
                   [&](std::string line) {
                       const size_t tab = line.find('\t');
                       return line.substr(0, tab + 1) + direction.passages +
                              line.substr(tab + 1 + direction.queries.size());
                   });
        if (!fs::exists(index)) {
            ASSERT_EQ(test::index_into(index, {passages.string()}, {"--quiet"}).exit_code, 0);
        }
        test::RunResult run = test::run_program(
            "tilde-bench", {"relevance", "--json", "--index", index.string(), "--queries",
                            queries.string(), "--qrels", qrels.string()});
        ASSERT_EQ(run.exit_code, 0) << run.err;
        const json metrics = json::parse(run.out)["metrics"]["all"];
        EXPECT_EQ(metrics["queries"], 612);
        EXPECT_GE(metrics["mrr@10"].get<double>(), direction.mrr_at_10);
    }
}

TEST(Relevance, ReportsEveryQueryAndTheWorstOnes) {
    json answer = relevance("queries.tsv");
    EXPECT_EQ(answer["ranks"].size(), 1224u);
    EXPECT_EQ(answer["metrics"]["all"]["queries"], 1224);
    ASSERT_FALSE(answer["worst"].empty());
    for (const json& worst : answer["worst"]) {
        EXPECT_NE(worst["rank"], 1) << worst.dump();
    }
    EXPECT_FALSE(answer["environment"]["git"].get<std::string>().empty());
}

}  // namespace
}  // namespace tilde
