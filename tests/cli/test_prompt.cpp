// SPDX-License-Identifier: MIT
/// @file test_prompt.cpp  The prompt's commands and piped queries, through the real binary with
/// standard input from a pipe (tests/pty/test_prompt.py covers the terminal side).
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
using nlohmann::json;
using test::run_program;
using test::RunResult;

// Runs `tilde-search --index SAMPLE ARGS...` with `lines` on standard input.
RunResult search_with_input(const std::vector<std::string>& args, const std::string& lines) {
    std::vector<std::string> all = {"--index", test::sample_index().string()};
    all.insert(all.end(), args.begin(), args.end());
    return run_program("tilde-search", all, {{"NO_COLOR", "1"}}, lines);
}

// Timing varies from run to run; everything else must be identical.
std::string without_timing(const std::string& text) {
    return std::regex_replace(text, std::regex(R"( in [0-9.]+ ms)"), "");
}

json without_timing(json answer) {
    answer.erase("took_ms");
    return answer;
}

size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

TEST(PipedQueries, JsonLinesMatchOneShotAnswers) {
    RunResult piped = search_with_input({"--json"}, "guaido\nencrypted radios\n");
    ASSERT_EQ(piped.exit_code, 0) << piped.err;
    EXPECT_EQ(piped.err, "");
    std::vector<json> answers;
    std::istringstream lines(piped.out);
    for (std::string line; std::getline(lines, line);) {
        answers.push_back(json::parse(line));
    }
    ASSERT_EQ(answers.size(), 2u) << piped.out;
    const std::vector<std::string> queries = {"guaido", "encrypted radios"};
    for (size_t i = 0; i < queries.size(); ++i) {
        SCOPED_TRACE(queries[i]);
        RunResult one_shot = search_with_input({"--json", queries[i]}, "");
        ASSERT_EQ(one_shot.exit_code, 0) << one_shot.err;
        EXPECT_EQ(without_timing(answers[i]), without_timing(json::parse(one_shot.out)));
        EXPECT_FALSE(answers[i]["results"].empty());
    }
}

TEST(PipedQueries, TextAnswersEachLineAndSkipsBlankOnes) {
    RunResult piped = search_with_input({"--limit", "2"}, "\nguaido\n   \nMaduro\n");
    ASSERT_EQ(piped.exit_code, 0) << piped.err;
    EXPECT_EQ(count(piped.out, "(showing 1–2)"), 2u) << piped.out;
    RunResult one_shot = search_with_input({"--limit", "2", "Maduro"}, "");
    EXPECT_NE(without_timing(piped.out).find(without_timing(one_shot.out)), std::string::npos)
        << piped.out;
}

TEST(PipedQueries, BadQueryIsReportedAndTheNextOneRuns) {
    RunResult piped = search_with_input({"--json"}, "-guaido\nguaido\n");
    EXPECT_EQ(piped.exit_code, 2);
    EXPECT_NE(piped.err.find("tilde-search: error: query \"-guaido\" only excludes words"),
              std::string::npos)
        << piped.err;
    std::istringstream lines(piped.out);
    std::string first;
    std::string second;
    std::getline(lines, first);
    std::getline(lines, second);
    json error = json::parse(first);
    EXPECT_EQ(error["query"], "-guaido");
    EXPECT_NE(error["error"].get<std::string>().find("only excludes words"), std::string::npos);
    EXPECT_FALSE(json::parse(second)["results"].empty());
}

TEST(PipedQueries, NothingFoundExitsOne) {
    RunResult piped = search_with_input({}, "zzyzxqq\n");
    EXPECT_EQ(piped.exit_code, 1) << piped.err;
    EXPECT_NE(piped.out.find("no passages match \"zzyzxqq\""), std::string::npos);
}

TEST(Prompt, FirstPageIsTheOneShotAnswer) {
    RunResult prompt = search_with_input({"--interactive"}, "guaido\n");
    ASSERT_EQ(prompt.exit_code, 0) << prompt.err;
    RunResult one_shot = search_with_input({"guaido"}, "");
    EXPECT_EQ(without_timing(prompt.out), without_timing(one_shot.out));
}

TEST(Prompt, MorePagesOnWithRanksContinuing) {
    RunResult prompt = search_with_input({"-i", "--limit", "3"}, "guaido\n:more\n\n");
    ASSERT_EQ(prompt.exit_code, 0) << prompt.err;
    EXPECT_NE(prompt.out.find("(showing 1–3)"), std::string::npos) << prompt.out;
    EXPECT_NE(prompt.out.find("\n4. "), std::string::npos) << prompt.out;
    EXPECT_NE(prompt.out.find("(showing 4–6)"), std::string::npos) << prompt.out;
    EXPECT_NE(prompt.out.find("(showing 7–9)"), std::string::npos) << prompt.out;
    // The second page is what --offset gives.
    RunResult offset = search_with_input({"--limit", "3", "--offset", "3", "guaido"}, "");
    EXPECT_NE(without_timing(prompt.out).find(without_timing(offset.out)), std::string::npos);
}

TEST(Prompt, MoreAfterTheLastPageSaysSo) {
    RunResult prompt = search_with_input({"-i"}, "\"encrypted radios\"\n:more\n");
    EXPECT_NE(prompt.out.find("no more results for \"\"encrypted radios\"\" (1 shown)"),
              std::string::npos)
        << prompt.out;
}

TEST(Prompt, OpenShowsTheWholeDocumentWithThePassageMarked) {
    RunResult prompt = search_with_input({"-i"}, "encrypted radios\n:open 1\n");
    ASSERT_EQ(prompt.exit_code, 0) << prompt.err;
    const std::string& out = prompt.out;
    size_t open = out.find("002_dc08a94d67cfac3a.txt · ");
    ASSERT_NE(open, std::string::npos) << out;
    std::string document = out.substr(open);
    // Every passage is there, and only the hit's one is marked.
    std::smatch count_match;
    ASSERT_TRUE(std::regex_search(document, count_match, std::regex(R"(· (\d+) passages)")));
    int passages = std::stoi(count_match[1]);
    EXPECT_GT(passages, 10);
    for (int n = 1; n <= passages; ++n) {
        EXPECT_NE(document.find("\u00B6" + std::to_string(n) + " "), std::string::npos) << n;
    }
    EXPECT_EQ(count(document, "\u258C \u00B6"), 1u) << document;
    EXPECT_NE(document.find("\u258C \u00B612 "), std::string::npos) << document;
    EXPECT_NE(document.find("encrypted radios"), std::string::npos);
}

TEST(Prompt, OpenHighlightsMatchesWithColour) {
    RunResult prompt = run_program(
        "tilde-search", {"--index", test::sample_index().string(), "-i", "--color", "always"}, {},
        "radios\n:open 1\n");
    size_t open = prompt.out.find(" passages\033[0m");
    ASSERT_NE(open, std::string::npos) << prompt.out;
    EXPECT_NE(prompt.out.find("\033[1;31mradios\033[0m", open), std::string::npos);
}

TEST(Prompt, ExplainListsTermWeightsThatAddUpToTheScore) {
    RunResult prompt = search_with_input({"-i"}, "Guaidó secret meetings\n:explain 1\n");
    ASSERT_EQ(prompt.exit_code, 0) << prompt.err;
    const std::string& out = prompt.out;
    size_t table = out.find("query word");
    ASSERT_NE(table, std::string::npos) << out;
    std::string explanation = out.substr(table);
    EXPECT_NE(explanation.find("exact guaidó"), std::string::npos) << explanation;
    EXPECT_NE(explanation.find("stem meet"), std::string::npos) << explanation;
    double sum = 0;
    std::regex weight(R"(\s([0-9]+\.[0-9]{3})\n)");
    std::smatch match;
    std::string rest = explanation;
    std::vector<double> weights;
    while (std::regex_search(rest, match, weight)) {
        weights.push_back(std::stod(match[1]));
        rest = match.suffix();
    }
    ASSERT_GE(weights.size(), 4u) << explanation;
    for (size_t i = 0; i + 1 < weights.size(); ++i) {
        sum += weights[i];
    }
    EXPECT_NEAR(sum, weights.back(), 0.002 * static_cast<double>(weights.size()));
    // The total is result 1's score.
    std::smatch score;
    ASSERT_TRUE(std::regex_search(out, score, std::regex(R"(score ([0-9.]+))")));
    EXPECT_NEAR(std::stod(score[1]), weights.back(), 0.0005);
    EXPECT_NE(explanation.find("phrase/proximity bonus"), std::string::npos);
}

TEST(Prompt, SettingsAndStats) {
    RunResult prompt =
        search_with_input({"-i"}, ":limit 2\n:lang en\nguaido\n:lang\n:limit\n:stats\n");
    ASSERT_EQ(prompt.exit_code, 0) << prompt.err;
    EXPECT_EQ(prompt.err, "");
    EXPECT_NE(prompt.out.find("results per page: 2\n"), std::string::npos);
    EXPECT_NE(prompt.out.find("query language: en\n"), std::string::npos);
    EXPECT_NE(prompt.out.find("(showing 1–2)"), std::string::npos);
    EXPECT_NE(prompt.out.find("documents  5\n"), std::string::npos) << prompt.out;
    EXPECT_NE(prompt.out.find("analyzer   es-en/1\n"), std::string::npos);
    EXPECT_TRUE(std::regex_search(prompt.out, std::regex(R"(passages   [1-9][0-9]+\n)")));
    EXPECT_TRUE(std::regex_search(prompt.out, std::regex(R"(size       [0-9.]+ [kM]B\n)")));
}

// Issue 18: translation can be turned off and on for the session ("golpe de estado" is a
// coup).
TEST(Prompt, TranslateTurnsTranslationOffAndOn) {
    RunResult prompt = search_with_input(
        {"-i"},
        ":translate\n:translate off\ngolpe de estado\n:translate on\ngolpe de estado\n"
        ":translate maybe\n");
    ASSERT_EQ(prompt.exit_code, 0) << prompt.err;
    EXPECT_NE(prompt.out.find("translation: on ("), std::string::npos) << prompt.out;
    const size_t off = prompt.out.find("translation: off");
    ASSERT_NE(off, std::string::npos) << prompt.out;
    const size_t nothing = prompt.out.find("no passages match \"golpe de estado\"", off);
    const size_t on = prompt.out.find("translation: on", off);
    EXPECT_LT(nothing, on) << prompt.out;
    EXPECT_NE(prompt.out.find("also as golpe de estado: coup", on), std::string::npos)
        << prompt.out;
    EXPECT_EQ(prompt.err, "error: :translate takes on or off, not 'maybe'\n");
}

TEST(Prompt, MistakesGetOneLineAndTheSessionGoesOn) {
    struct Case {
        std::string line;
        std::string error;
    };
    const std::vector<Case> cases = {
        {":bogus", "unknown command ':bogus'; :help lists the commands"},
        {":open 1", "no results yet; search first, then :open N"},
        {":more", "no query yet"},
        {":lang fr", "unknown language 'fr': use es, en or auto"},
        {":limit 0", "limit must be a number from 1 to 1000, not '0'"},
        {":limit many", "not 'many'"},
        {"-guaido", "only excludes words"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.line);
        RunResult prompt = search_with_input({"-i"}, c.line + "\nguaido\n");
        EXPECT_EQ(prompt.exit_code, 0);
        EXPECT_EQ(prompt.err.rfind("error: ", 0), 0u) << prompt.err;
        EXPECT_EQ(count(prompt.err, "\n"), 1u) << prompt.err;
        EXPECT_NE(prompt.err.find(c.error), std::string::npos) << prompt.err;
        EXPECT_NE(prompt.out.find("passages match"), std::string::npos) << "session ended";
    }
    RunResult beyond = search_with_input({"-i", "--limit", "2"}, "guaido\n:explain 7\n");
    EXPECT_NE(beyond.err.find("result 7 is not shown; results 1-2 are (:more shows more)"),
              std::string::npos)
        << beyond.err;
}

TEST(Prompt, QuitStopsReadingAndHelpListsEveryCommand) {
    RunResult prompt = search_with_input({"-i"}, ":help\n:quit\nguaido\n");
    EXPECT_EQ(prompt.exit_code, 0);
    for (const char* command : {":more", ":open N", ":explain N", ":lang es|en|auto", ":limit N",
                                ":translate on|off", ":stats", ":quit"}) {
        EXPECT_NE(prompt.out.find(command), std::string::npos) << command;
    }
    EXPECT_EQ(prompt.out.find("passages match"), std::string::npos) << "ran a query after :quit";
}

TEST(Prompt, InteractiveWithJsonIsAUsageError) {
    RunResult run = search_with_input({"-i", "--json"}, "guaido\n");
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("tilde-search: error: the prompt (--interactive) prints text"),
              std::string::npos)
        << run.err;
}

}  // namespace
}  // namespace tilde
