// SPDX-License-Identifier: MIT
/// @file test_bench.cpp  Smoke tests of tilde-bench query and index on the bundled corpus:
/// the tools run and report coherent figures. No timing assertions (issue #4).
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test::run_program;
using test::RunResult;

const fs::path kSampleQueries = fs::path(TILDE_SOURCE_DIR) / "bench" / "queries";

json query_bench(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"query", "--json", "--index", test::sample_index().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult run = run_program("tilde-bench", args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json::parse(run.out);
}

void expect_coherent_latencies(const json& report) {
    const json& latency = report["latency_us"];
    EXPECT_GT(latency["p50"].get<double>(), 0.0);
    EXPECT_LE(latency["p50"].get<double>(), latency["p95"].get<double>());
    EXPECT_LE(latency["p95"].get<double>(), latency["p99"].get<double>());
    EXPECT_LE(latency["p99"].get<double>(), latency["max"].get<double>());
    EXPECT_LE(latency["mean"].get<double>(), latency["max"].get<double>());
    EXPECT_GT(report["qps"].get<double>(), 0.0);
}

TEST(BenchQuery, RunsEverySampleSetAndReportsTheConfig) {
    for (const char* file : {"keywords-sample.txt", "questions-sample.txt"}) {
        SCOPED_TRACE(file);
        json report = query_bench({"--queries", (kSampleQueries / file).string(), "--runs", "2",
                                   "--warmup", "0", "--threads", "2"});
        expect_coherent_latencies(report);
        EXPECT_EQ(report["config"]["runs"], 2);
        EXPECT_EQ(report["config"]["threads"], 2);
        EXPECT_EQ(report["config"]["snippets"], true);
        EXPECT_GT(report["config"]["query_count"].get<int>(), 40);
        EXPECT_TRUE(report.contains("git"));
        EXPECT_TRUE(report["machine"].contains("cpu"));
    }
}

TEST(BenchQuery, CountsTheResultsTheSearcherReturns) {
    test::TempDir dir;
    test::write_file(dir.path() / "q.txt", "guaido\n# a comment\n\nzzqxv\n");
    json report = query_bench(
        {"--queries", (dir.path() / "q.txt").string(), "--limit", "3", "--no-snippets"});
    EXPECT_EQ(report["config"]["query_count"], 2);
    EXPECT_EQ(report["results_per_query"], 1.5);  // 3 for guaido, none for zzqxv
    EXPECT_EQ(report["config"]["snippets"], false);
}

// --lang searches every query in that language: "meetings" stemmed as Spanish ("meeting")
// misses the passages of "meeting" and "meet" the English stem ("meet") finds (12 against 8
// on the bundled corpus), and the report says which language was asked.
TEST(BenchQuery, EveryQueryInTheLanguageAsked) {
    test::TempDir dir;
    test::write_file(dir.path() / "q.txt", "meetings\n");
    const std::string queries = (dir.path() / "q.txt").string();
    auto in = [&](const char* lang) {
        return query_bench({"--queries", queries, "--lang", lang, "--runs", "1", "--limit", "100",
                            "--no-translate"});
    };
    const json english = in("en");
    const json spanish = in("es");
    EXPECT_EQ(english["config"]["lang"], "en");
    EXPECT_EQ(spanish["config"]["lang"], "es");
    EXPECT_GT(english["results_per_query"].get<double>(),
              spanish["results_per_query"].get<double>());
    EXPECT_EQ(query_bench({"--queries", queries})["config"]["lang"], "auto");
    RunResult bad = run_program("tilde-bench", {"query", "--index", test::sample_index().string(),
                                                "--queries", queries, "--lang", "fr"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "tilde-bench: error: --lang: 'fr' is not auto, es or en\n");
}

// --per-query names the queries behind the percentiles: a line per query, in file order,
// with its latency over the timed runs, its hits and where its time went.
TEST(BenchQuery, PerQueryFileHasEachQuerysOwnFigures) {
    test::TempDir dir;
    test::write_file(dir.path() / "q.txt", "guaido\n# a comment\nzzqxv\nguaido maduro\n");
    const fs::path out = dir.path() / "per-query.jsonl";
    json report =
        query_bench({"--queries", (dir.path() / "q.txt").string(), "--runs", "3", "--warmup", "0",
                     "--threads", "2", "--limit", "3", "--per-query", out.string()});
    EXPECT_EQ(report["config"]["query_count"], 3);
    std::vector<json> lines;
    std::istringstream text(test::read_text_file(out));
    for (std::string line; std::getline(text, line);) {
        lines.push_back(json::parse(line));
    }
    ASSERT_EQ(lines.size(), 3u);
    const std::vector<std::string> queries = {"guaido", "zzqxv", "guaido maduro"};
    const std::vector<int> hits = {3, 0, 3};
    for (size_t i = 0; i < lines.size(); ++i) {
        SCOPED_TRACE(queries[i]);
        const json& line = lines[i];
        EXPECT_EQ(line["query"], queries[i]);
        EXPECT_EQ(line["hits"], hits[i]);
        const json& latency = line["latency_us"];
        EXPECT_GT(latency["min"].get<double>(), 0.0);
        EXPECT_LE(latency["min"].get<double>(), latency["p50"].get<double>());
        EXPECT_LE(latency["p50"].get<double>(), latency["max"].get<double>());
        ASSERT_TRUE(line.contains("stages_us"));
        EXPECT_EQ(line["stages_us"].size(), report["stages_us"].size());
        EXPECT_GE(line["stages_us"]["parse"].get<double>(), 0.0);
    }
    // Each line is its own query's: only the two-word one is re-ranked.
    EXPECT_GT(lines[0]["stages_us"]["phase1"].get<double>(), 0.0);
    EXPECT_EQ(lines[0]["stages_us"]["rerank"].get<double>(), 0.0);
    EXPECT_EQ(lines[1]["stages_us"]["rerank"].get<double>(), 0.0);
    EXPECT_GT(lines[2]["stages_us"]["rerank"].get<double>(), 0.0);
}

// Each stage's percentiles are over the searches, as the latency's are: the ranking
// (phase 1, phase 2 and the re-rank of each search, added up) is at least phase 1 at every
// percentile, and at most the whole search.
TEST(BenchQuery, StagePercentilesAreOverTheSearches) {
    test::TempDir dir;
    test::write_file(dir.path() / "q.txt", "guaido\nguaido maduro\nsecret meetings\nzzqxv\n");
    json report = query_bench({"--queries", (dir.path() / "q.txt").string(), "--runs", "3",
                               "--warmup", "1", "--limit", "5"});
    ASSERT_TRUE(report.contains("stage_percentiles_us"));
    const json& stages = report["stage_percentiles_us"];
    EXPECT_EQ(stages.size(), report["stages_us"].size() + 1);
    const json& means = report["stages_us"];
    const double ranking_mean = means["phase1"].get<double>() + means["phase2"].get<double>() +
                                means["rerank"].get<double>();
    for (const auto& [name, figures] : stages.items()) {
        SCOPED_TRACE(name);
        // Twelve searches: the 99th percentile is the slowest, at least the mean.
        const double mean = name == "ranking" ? ranking_mean : means[name].get<double>();
        EXPECT_GE(figures["p99"].get<double>(), mean * 0.999);
        EXPECT_GE(figures["p50"].get<double>(), 0.0);
        EXPECT_LE(figures["p50"].get<double>(), figures["p99"].get<double>());
        EXPECT_LE(figures["p99"].get<double>(), report["latency_us"]["max"].get<double>());
    }
    const json& ranking = stages["ranking"];
    EXPECT_GT(stages["phase1"]["p50"].get<double>(), 0.0);
    EXPECT_GT(stages["rerank"]["p99"].get<double>(), 0.0);  // the two-word queries
    for (const char* at : {"p50", "p99"}) {
        SCOPED_TRACE(at);
        EXPECT_GE(ranking[at].get<double>(), stages["phase1"][at].get<double>());
        EXPECT_GE(ranking[at].get<double>(), stages["rerank"][at].get<double>());
        EXPECT_LE(ranking[at].get<double>(), report["latency_us"][at].get<double>());
    }
}

TEST(BenchQuery, PerQueryFileThatCannotBeWrittenIsAnError) {
    test::TempDir dir;
    test::write_file(dir.path() / "q.txt", "guaido\n");
    const std::string queries = (dir.path() / "q.txt").string();
    RunResult unwritable = run_program(
        "tilde-bench", {"query", "--index", test::sample_index().string(), "--queries", queries,
                        "--per-query", (dir.path() / "no" / "such" / "dir.jsonl").string()});
    EXPECT_EQ(unwritable.exit_code, 2);
    EXPECT_EQ(unwritable.err, "tilde-bench: error: cannot write per-query figures to '" +
                                  (dir.path() / "no" / "such" / "dir.jsonl").string() + "'\n");
    RunResult empty = run_program("tilde-bench", {"query", "--index", test::sample_index().string(),
                                                  "--queries", queries, "--per-query", ""});
    EXPECT_EQ(empty.exit_code, 2);
    EXPECT_EQ(empty.err, "tilde-bench: error: --per-query needs a file name\n");
}

TEST(BenchQuery, BadArgumentsAreOneLineErrors) {
    RunResult missing = run_program(
        "tilde-bench", {"query", "--index", "x", "--queries", "/nonexistent/queries.txt"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_EQ(missing.err,
              "tilde-bench: error: cannot read queries from "
              "'/nonexistent/queries.txt'\n");
    RunResult no_index = run_program("tilde-bench", {"query", "--queries", "q.txt"});
    EXPECT_EQ(no_index.exit_code, 2);
    EXPECT_EQ(no_index.err, "tilde-bench: error: missing --index\n");
}

TEST(BenchIndex, ReportsTheIndexItBuilt) {
    test::TempDir dir;
    const fs::path index = dir.path() / "bench.idx";
    RunResult run = run_program(
        "tilde-bench", {"index", "--json", "--index", index.string(), test::corpus_dir().string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const json report = json::parse(run.out);
    EXPECT_EQ(report["documents"], 5);
    EXPECT_EQ(report["passages"], 163);  // as tilde-index reports for the bundled corpus
    EXPECT_GT(report["text_bytes"].get<double>(), 20000.0);
    EXPECT_GT(report["mb_per_s"].get<double>(), 0.0);
    EXPECT_GT(report["peak_rss_mib"].get<double>(), 1.0);
    uint64_t on_disk = 0;
    for (const auto& entry : fs::recursive_directory_iterator(index)) {
        on_disk += entry.is_regular_file() ? entry.file_size() : 0;
    }
    EXPECT_EQ(report["index_bytes"].get<uint64_t>(), on_disk);
    EXPECT_TRUE(report.contains("git"));

    RunResult again = run_program(
        "tilde-bench", {"index", "--index", index.string(), test::corpus_dir().string()});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("exists"), std::string::npos) << again.err;
}

// Issue 16: records compressed with a trained zstd dictionary (an index of more than a few
// hundred kB of text) could not be read by tilde-bench-peers, which never registered the
// index's dictionaries; the bundled corpus is too small to get one.
TEST(Issue16, PeersReadAnIndexWhoseRecordsUseADictionary) {
    const fs::path peers = fs::path(TILDE_BIN_DIR) / "tilde-bench-peers";
    if (!fs::exists(peers)) {
        GTEST_SKIP() << "tilde-bench-peers is built with -DTILDE_BUILD_BENCH=ON";
    }
    test::TempDir dir;
    const char* words[] = {"gobierno",  "economía", "elecciones", "Caracas",   "oposición",
                           "asamblea",  "reunión",  "secreta",    "militares", "petróleo",
                           "sanciones", "diálogo",  "Maduro",     "Guaidó",    "Bolton"};
    std::uint32_t state = 12345;
    for (int file = 0; file < 8; ++file) {
        std::string text = "Informe " + std::to_string(file) + "\n\n";
        for (int paragraph = 0; paragraph < 400; ++paragraph) {
            for (int word = 0; word < 80; ++word) {
                state = state * 1103515245u + 12345u;
                text += words[(state >> 16) % std::size(words)];
                text += word % 13 == 12 ? ". " : " ";
            }
            text += std::to_string(paragraph) + ".\n\n";
        }
        test::write_file(dir.path() / "corpus" / ("f" + std::to_string(file) + ".txt"), text);
    }
    const fs::path index = dir.path() / "x.idx";
    ASSERT_EQ(run_program("tilde-index",
                          {"--quiet", "--index", index.string(), (dir.path() / "corpus").string()})
                  .exit_code,
              0);
    RunResult run =
        run_program("tilde-bench-peers", {"index", "--engine", "xapian", "--from", index.string(),
                                          "--index", (dir.path() / "peer.idx").string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
}

}  // namespace
}  // namespace tilde
