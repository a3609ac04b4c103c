// SPDX-License-Identifier: MIT
/// @file test_issue21.cpp  Issue #21: the conventions of command-line tools — --version, option
/// errors that name the option, plurals, a default index, per-document limits, document lists,
/// counts, JSON errors and highlight ranges, --stats.
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tilde/tilde.h>

#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test::run_program;
using test::RunResult;

std::string sample() { return test::sample_index().string(); }

// Each listed document with the number of its passages among `results`.
std::map<std::string, int> passages_per_document(const json& results) {
    std::map<std::string, int> count;
    for (const json& hit : results["results"]) {
        ++count[hit["doc"].get<std::string>()];
    }
    return count;
}

TEST(Issue21, EveryProgramPrintsTheLibrarysVersion) {
    for (const char* program : {"tilde-index", "tilde-search", "tilde-bench"}) {
        RunResult run = run_program(program, {"--version"});
        EXPECT_EQ(run.exit_code, 0) << program << ": " << run.err;
        EXPECT_EQ(run.out.substr(0, run.out.find('\n')),
                  std::string(program) + " " + tilde_version());
        EXPECT_NE(run.out.find("GPL-2"), std::string::npos) << run.out;
    }
}

TEST(Issue21, OptionErrorsNameTheOptionWithStraightQuotes) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"tilde-search", "--index", sample(), "--limit", "abc", "x"},
         "tilde-search: error: --limit: 'abc' is not a number\n"},
        {{"tilde-search", "--index", sample(), "-n", "2.5", "x"},
         "tilde-search: error: --limit: '2.5' is not a whole number, 0 or more\n"},
        {{"tilde-search", "--index", sample(), "--offset", "99999999999", "x"},
         "tilde-search: error: --offset: '99999999999' is too large (at most 4294967295)\n"},
        {{"tilde-search", "--index", sample(), "--per-document", "0", "x"},
         "tilde-search: error: --per-document: must be at least 1\n"},
        {{"tilde-search", "--index", sample(), "--lmit", "3", "x"},
         "tilde-search: error: unknown option '--lmit' (see --help)\n"},
        {{"tilde-search", "--index"}, "tilde-search: error: Option 'index' is missing an argument"},
        {{"tilde-index", "--index", "/tmp/never-made.idx", "--threads", "two", "."},
         "tilde-index: error: --threads: 'two' is not a number\n"},
        {{"tilde-index", "--index", "/tmp/never-made.idx", "--memory", "lots", "."},
         "tilde-index: error: --memory: 'lots' is not a number\n"},
        {{"tilde-bench", "query", "--index", sample(), "--queries", "q.txt", "--runs", "x"},
         "tilde-bench: error: --runs: 'x' is not a number\n"},
    };
    for (const auto& [command, expected] : cases) {
        RunResult run = run_program(command[0], {command.begin() + 1, command.end()});
        EXPECT_EQ(run.exit_code, 2) << command[0];
        EXPECT_EQ(run.err.substr(0, expected.size()), expected);
        EXPECT_EQ(run.err.find("\u2018"), std::string::npos) << run.err;
    }
    EXPECT_FALSE(fs::exists("/tmp/never-made.idx"));
}

TEST(Issue21, HelpNamesEachOptionsValue) {
    RunResult search = run_program("tilde-search", {"--help"});
    for (const char* shown :
         {"--index DIR", "-n, --limit N", "--per-document N", "--sort ORDER", "--version"}) {
        EXPECT_NE(search.out.find(shown), std::string::npos) << shown << "\n" << search.out;
    }
    RunResult index = run_program("tilde-index", {"--help"});
    for (const char* shown : {"--index DIR", "--memory MIB", "--threads N", "--version"}) {
        EXPECT_NE(index.out.find(shown), std::string::npos) << shown << "\n" << index.out;
    }
}

TEST(Issue21, MessagesCountOneThingInTheSingular) {
    test::TempDir dir;
    test::write_file(dir.path() / "corpus" / "one.txt", "Un solo p\xc3\xa1rrafo.\n");
    RunResult run = test::index_into(dir.path() / "x.idx", {(dir.path() / "corpus").string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.err.find("indexed 1 document from 1 file ("), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(") into 1 passage in "), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("holds 1 passage"), std::string::npos) << run.err;
    RunResult again = test::index_into(dir.path() / "x.idx", {(dir.path() / "corpus").string()});
    EXPECT_NE(again.err.find("; 1 file unchanged since indexed"), std::string::npos) << again.err;
    RunResult search = run_program(
        "tilde-search", {"--index", (dir.path() / "x.idx").string(), "--no-translate", "parrafo"});
    EXPECT_NE(search.out.find("1 passage matches"), std::string::npos) << search.out;
}

TEST(Issue21, TildeIndexOrTheConfigFileNamesTheDefaultIndex) {
    test::TempDir home;
    const std::map<std::string, std::string> no_default = {
        {"TILDE_INDEX", ""}, {"HOME", home.path().string()}, {"XDG_CONFIG_HOME", ""}};
    RunResult none = run_program("tilde-search", {"guaido"}, no_default);
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("no index given: pass --index DIR, set TILDE_INDEX, or write 'index "
                            "= DIR' in " +
                            (home.path() / ".config/tilde/config").string()),
              std::string::npos)
        << none.err;

    std::map<std::string, std::string> environment = no_default;
    environment["TILDE_INDEX"] = sample();
    RunResult from_environment = run_program("tilde-search", {"--count", "guaido"}, environment);
    EXPECT_EQ(from_environment.exit_code, 0) << from_environment.err;
    EXPECT_EQ(from_environment.out, "27\n");

    // A relative path in the file is taken from the file's folder.
    fs::create_directories(home.path() / "config" / "tilde");
    fs::copy(sample(), home.path() / "config" / "tilde" / "news.idx", fs::copy_options::recursive);
    test::write_file(home.path() / "config" / "tilde" / "config",
                     "# tilde's settings\n\nindex = news.idx\n");
    std::map<std::string, std::string> configured = no_default;
    configured["XDG_CONFIG_HOME"] = (home.path() / "config").string();
    RunResult from_file = run_program("tilde-search", {"--count", "guaido"}, configured);
    EXPECT_EQ(from_file.exit_code, 0) << from_file.err;
    EXPECT_EQ(from_file.out, "27\n");

    test::write_file(home.path() / "config" / "tilde" / "config", "indx = news.idx\n");
    RunResult misspelt = run_program("tilde-search", {"guaido"}, configured);
    EXPECT_EQ(misspelt.exit_code, 2);
    EXPECT_NE(misspelt.err.find("config:1: expected 'index = PATH'"), std::string::npos)
        << misspelt.err;
}

TEST(Issue21, PerDocumentKeepsTheBestPassagesOfEachDocument) {
    const json all = test::search_json(sample(), {"--limit", "100", "guaido"});
    const std::map<std::string, int> everywhere = passages_per_document(all);
    ASSERT_GE(everywhere.size(), 3u);
    const json top = test::search_json(sample(), {"guaido"});
    int most = 0;
    for (const auto& [doc, count] : passages_per_document(top)) {
        most = std::max(most, count);
    }
    ASSERT_GT(most, 2) << "the sample's top 10 for guaido has one document's passages in it";

    const json limited = test::search_json(sample(), {"--per-document", "2", "guaido"});
    size_t expected = 0;
    for (const auto& [doc, count] : everywhere) {
        expected += std::min(count, 2);
    }
    EXPECT_EQ(limited["results"].size(), std::min<size_t>(expected, 10));
    for (const auto& [doc, count] : passages_per_document(limited)) {
        EXPECT_LE(count, 2) << doc;
    }
    // Each document's passages are its best ones, in the order of the full ranking.
    std::map<std::string, std::vector<int>> first_two;
    for (const json& hit : all["results"]) {
        std::vector<int>& passages = first_two[hit["doc"].get<std::string>()];
        if (passages.size() < 2) {
            passages.push_back(hit["passage"].get<int>());
        }
    }
    std::map<std::string, std::vector<int>> shown;
    for (const json& hit : limited["results"]) {
        shown[hit["doc"].get<std::string>()].push_back(hit["passage"].get<int>());
    }
    for (const auto& [doc, passages] : shown) {
        EXPECT_EQ(passages, first_two[doc]) << doc;
    }
    // Paging goes on through the same list.
    const json second_page = test::search_json(
        sample(), {"--per-document", "1", "--limit", "2", "--offset", "2", "guaido"});
    const json first_four =
        test::search_json(sample(), {"--per-document", "1", "--limit", "4", "guaido"});
    ASSERT_EQ(second_page["results"].size(), 2u);
    EXPECT_EQ(second_page["results"][0]["doc"], first_four["results"][2]["doc"]);
    EXPECT_EQ(second_page["results"][1]["doc"], first_four["results"][3]["doc"]);
}

TEST(Issue21, DocumentsListsEachMatchingDocumentOnceBestFirst) {
    RunResult run = run_program("tilde-search", {"--index", sample(), "--documents", "guaido"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    std::vector<std::string> listed;
    for (size_t at = 0, end; (end = run.out.find('\n', at)) != std::string::npos; at = end + 1) {
        listed.push_back(run.out.substr(at, end - at));
    }
    const json all = test::search_json(sample(), {"--limit", "100", "guaido"});
    std::vector<std::string> expected;
    for (const json& hit : all["results"]) {
        const std::string doc = hit["doc"];
        if (std::find(expected.begin(), expected.end(), doc) == expected.end()) {
            expected.push_back(doc);
        }
    }
    EXPECT_EQ(listed, expected);
    RunResult nothing = run_program("tilde-search", {"--index", sample(), "--documents", "xyzzy"});
    EXPECT_EQ(nothing.exit_code, 1);
    EXPECT_EQ(nothing.out, "");
}

TEST(Issue21, CountIsExactPastAHundredMatches) {
    test::TempDir dir;
    std::string text;
    for (int i = 0; i < 120; ++i) {
        text += "alfa beta " + std::to_string(i) + ".\n\n";
    }
    for (int i = 0; i < 130; ++i) {
        text += "alfa gamma " + std::to_string(i) + ".\n\n";
    }
    for (int i = 0; i < 50; ++i) {
        text += "beta delta " + std::to_string(i) + ".\n\n";
    }
    test::write_file(dir.path() / "corpus" / "many.txt", text);
    const fs::path index = dir.path() / "x.idx";
    ASSERT_EQ(test::index_into(index, {(dir.path() / "corpus").string()}).exit_code, 0);
    RunResult count =
        run_program("tilde-search", {"--index", index.string(), "--count", "alfa beta"});
    EXPECT_EQ(count.exit_code, 0) << count.err;
    EXPECT_EQ(count.out, "300\n");
    RunResult as_json =
        run_program("tilde-search", {"--index", index.string(), "--count", "--json", "alfa beta"});
    EXPECT_EQ(json::parse(as_json.out), json({{"query", "alfa beta"}, {"total", 300}}));
    RunResult none = run_program("tilde-search", {"--index", index.string(), "--count", "xyzzy"});
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_EQ(none.out, "0\n");
}

TEST(Issue21, OneShotJsonReportsABadQueryAsJson) {
    RunResult run = run_program("tilde-search", {"--index", sample(), "--json", "(guaido"});
    EXPECT_EQ(run.exit_code, 2);
    const json answer = json::parse(run.out);
    EXPECT_EQ(answer["query"], "(guaido");
    EXPECT_NE(answer["error"].get<std::string>().find("'(' is never closed"), std::string::npos);
    EXPECT_NE(run.err.find("tilde-search: error: query \"(guaido\""), std::string::npos);
}

TEST(Issue21, JsonMarksTheMatchedWordsOfTheSnippet) {
    const json results = test::search_json(sample(), {"--no-translate", "guaido"});
    ASSERT_FALSE(results["results"].empty());
    for (const json& hit : results["results"]) {
        const std::string snippet = hit["snippet"];
        ASSERT_FALSE(hit["snippet_highlights"].empty()) << snippet;
        for (const json& range : hit["snippet_highlights"]) {
            const size_t begin = range[0];
            const size_t end = range[1];
            ASSERT_LE(end, snippet.size());
            const std::string word = snippet.substr(begin, end - begin);
            EXPECT_TRUE(word == "Guaidó" || word == "Guaido") << word << " in " << snippet;
        }
    }
}

TEST(Issue21, StatsPrintsWhatThePromptsStatsDoes) {
    RunResult run = run_program("tilde-search", {"--index", sample(), "--stats"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    RunResult prompt =
        run_program("tilde-search", {"--index", sample(), "--interactive"}, {}, ":stats\n");
    EXPECT_EQ(run.out, prompt.out);
    EXPECT_NE(run.out.find("documents  5\n"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace tilde
