// SPDX-License-Identifier: MIT
/// @file test_embedding.cpp  What an embedder relies on: single-file indexes (alone and
/// appended to another file), searching from several threads, stopword lists found at run
/// time and recorded in the index.
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include <tilde/tilde.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;
using test::run_program;
using test::RunResult;

// What must be equal between two indexes of the same documents: every field of every hit.
std::string describe(const SearchResults& results) {
    std::string out = std::to_string(results.total) + " " + results.suggestion.value_or("-") + "\n";
    for (const Hit& hit : results.hits) {
        out += std::to_string(hit.rank) + " " + hit.doc + " #" + std::to_string(hit.passage) + " " +
               std::to_string(hit.score) + " " + hit.snippet.text;
        for (const ByteRange& range : hit.snippet.highlights) {
            out += " [" + std::to_string(range.begin) + "," + std::to_string(range.end) + ")";
        }
        for (const TermContribution& part : hit.explanation) {
            out += " " + part.kind + ":" + part.form + "=" + std::to_string(part.weight);
        }
        out += "\n";
    }
    return out;
}

void expect_same_answers(const Searcher& expected, const Searcher& actual) {
    SearchOptions options;
    options.explain = true;
    for (const test::SeedQuery& seed : test::load_seed_queries()) {
        SCOPED_TRACE(seed.query);
        EXPECT_EQ(describe(actual.search(seed.query, options)),
                  describe(expected.search(seed.query, options)));
    }
}

// tilde-index --single-file builds one file of the bundled corpus, once per test program.
const fs::path& single_file_index() {
    static test::TempDir dir;
    static const fs::path file = [] {
        fs::path out = dir.path() / "venezuela.tilde";
        RunResult run = run_program(
            "tilde-index", {"--quiet", "--single-file", out.string(), test::corpus_dir().string()});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        return out;
    }();
    return file;
}

TEST(SingleFile, IsOneFileThatAnswersLikeTheFolder) {
    const fs::path& file = single_file_index();
    ASSERT_TRUE(fs::is_regular_file(file));
    std::vector<fs::path> left;
    for (const auto& entry : fs::directory_iterator(file.parent_path())) {
        left.push_back(entry.path().filename());
    }
    EXPECT_EQ(left, std::vector<fs::path>{"venezuela.tilde"}) << "scratch folder left behind";
    expect_same_answers(Searcher(test::sample_index()), Searcher(file));
    EXPECT_EQ(Searcher(file).info().passages, Searcher(test::sample_index()).info().passages);
}

TEST(SingleFile, TildeSearchOpensIt) {
    RunResult folder = run_program("tilde-search", {"--index", test::sample_index().string(),
                                                    "--no-snippets", "Maduro", "--json"});
    RunResult file = run_program("tilde-search", {"--index", single_file_index().string(),
                                                  "--no-snippets", "Maduro", "--json"});
    ASSERT_EQ(file.exit_code, 0) << file.err;
    auto without_time = [](std::string json) {
        size_t at = json.find("\"took_ms\":");
        return json.erase(at, json.find(',', at) - at);
    };
    EXPECT_EQ(without_time(file.out), without_time(folder.out));
}

TEST(SingleFile, AppendedAfterOtherBytesOpensAtItsOffset) {
    test::TempDir dir;
    const fs::path combined = dir.path() / "tool-data.bin";
    constexpr uint64_t kOffset = 1 << 20;
    {
        std::ofstream out(combined, std::ios::binary);
        std::string other(kOffset, '\0');
        for (size_t i = 0; i < other.size(); ++i) {
            other[i] = static_cast<char>((i * 7919) >> 3);  // not an index, not zeros
        }
        out << other << std::ifstream(single_file_index(), std::ios::binary).rdbuf();
    }
    Searcher embedded = Searcher::open_at(combined, kOffset);
    expect_same_answers(Searcher(test::sample_index()), embedded);
    EXPECT_EQ(embedded.info().size_bytes, fs::file_size(single_file_index()));

    EXPECT_THROW((void)Searcher::open_at(combined, 0), IndexCorrupt);  // the other bytes
    EXPECT_THROW((void)Searcher::open_at(combined, 1 << 30), IndexNotFound);
    EXPECT_THROW((void)Searcher::open_at(dir.path() / "missing.bin", 0), IndexNotFound);
}

TEST(Threads, EachWithItsOwnSearcherGetsTheSingleThreadAnswers) {
    std::vector<test::SeedQuery> seeds = test::load_seed_queries();
    std::vector<std::string> expected;
    {
        Searcher searcher(test::sample_index());
        for (const test::SeedQuery& seed : seeds) {
            expected.push_back(describe(searcher.search(seed.query)));
        }
    }
    constexpr int kThreads = 4;
    std::vector<int> mismatches(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            Searcher searcher(test::sample_index());
            for (int round = 0; round < 5; ++round) {
                for (size_t i = 0; i < seeds.size(); ++i) {
                    mismatches[t] += describe(searcher.search(seeds[i].query)) != expected[i];
                }
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(mismatches, std::vector<int>(kThreads, 0));
}

TEST(Stopwords, ListsComeFromTheEnvironmentAndTheIndexRemembersThem) {
    test::TempDir dir;
    const fs::path lists = dir.path() / "stopwords";
    fs::create_directories(lists);
    for (const char* name : {"en.txt", "es.txt"}) {
        fs::copy_file(fs::path(TILDE_SOURCE_DIR) / "stopwords" / name, lists / name);
    }
    std::ofstream(lists / "en.txt", std::ios::app) << "maduro\n";  // now a stopword
    const std::map<std::string, std::string> env = {{"TILDE_STOPWORDS_DIR", lists.string()}};
    const fs::path index = dir.path() / "custom.idx";
    RunResult built = run_program(
        "tilde-index", {"--quiet", "--index", index.string(), test::corpus_dir().string()}, env);
    ASSERT_EQ(built.exit_code, 0) << built.err;

    // With the same lists, "Maduro" is a stopword: dropped when other words are there.
    RunResult with_lists = run_program(
        "tilde-search",
        {"--index", index.string(), "--json", "--explain", "Maduro", "secret", "meetings"}, env);
    ASSERT_EQ(with_lists.exit_code, 0) << with_lists.err;
    EXPECT_EQ(with_lists.out.find("\"form\":\"madur"), std::string::npos) << with_lists.out;

    // Without them the index refuses, and says which lists to bring back.
    RunResult without = run_program("tilde-search", {"--index", index.string(), "Maduro"});
    EXPECT_EQ(without.exit_code, 2);
    EXPECT_NE(without.err.find("other stopword lists"), std::string::npos) << without.err;
    EXPECT_NE(without.err.find("TILDE_STOPWORDS_DIR"), std::string::npos) << without.err;

    RunResult missing = run_program("tilde-search", {"--index", index.string(), "Maduro"},
                                    {{"TILDE_STOPWORDS_DIR", (dir.path() / "none").string()}});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("cannot read stopword list '" + (dir.path() / "none").string() +
                               "/en.txt': no such file"),
              std::string::npos)
        << missing.err;
}

}  // namespace
}  // namespace tilde
