// SPDX-License-Identifier: MIT
/// @file test_query_language.cpp  The query language on the bundled corpus, through the real
/// tilde-search: fields, dates, operators, exact accents, synonyms, sorting, suggestions.
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
using nlohmann::json;
using test::run_program;
using test::RunResult;

// The article files of the bundled corpus, by their dates.
constexpr const char* kJan31 = "004_";  // Thu, 31 Jan 2019 (at its end)
constexpr const char* kFeb08 = "003_";  // Friday 08 February 2019
constexpr const char* kFeb23 = "002_";  // Saturday, 23 February 2019
constexpr const char* kAug19 = "001_";  // Aug 19 2019: the Cabello article
constexpr const char* kAug21 = "000_";  // 21-08-2019, below a 2024 scrape date

RunResult search(std::vector<std::string> args) {
    args.insert(args.begin(), {"--index", test::sample_index().string(), "--limit", "200"});
    return run_program("tilde-search", args);
}

// The results of a query that must succeed (exit 0 or 1).
json results(std::vector<std::string> args) {
    args.push_back("--json");
    RunResult run = search(args);
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
    return json::parse(run.out);
}

std::set<std::string> files_of(const json& answer) {
    std::set<std::string> files;
    for (const json& hit : answer["results"]) {
        files.insert(hit["doc"].get<std::string>().substr(0, 4));
    }
    return files;
}

TEST(QueryLanguage, DateRangeKeepsOnlyJanuaryAndFebruary2019) {
    json answer = results({"Guaidó date:2019-01..2019-02"});
    ASSERT_FALSE(answer["results"].empty());
    for (const json& hit : answer["results"]) {
        const std::string date = hit["date"];
        EXPECT_TRUE(date >= "2019-01-01" && date <= "2019-02-28") << date;
    }
    // Guaidó (accented or not) is in both early articles, and in the August ones too.
    EXPECT_EQ(files_of(answer), (std::set<std::string>{kJan31, kFeb08}));
    EXPECT_TRUE(files_of(results({"Guaidó"})).count(kAug21));
    // A year, an open range, and the dates each article's head or tail carries.
    EXPECT_EQ(files_of(results({"Maduro date:2019-08"})), (std::set<std::string>{kAug19, kAug21}));
    EXPECT_EQ(files_of(results({"Maduro date:>=2019-02-09"})),
              (std::set<std::string>{kFeb23, kAug19, kAug21}));
    EXPECT_EQ(files_of(results({"Maduro date:<2019-02-08"})), (std::set<std::string>{kJan31}));
    EXPECT_TRUE(results({"Maduro date:2024"})["results"].empty());  // the scrape date is not
}

TEST(QueryLanguage, TitleFieldKeepsOnlyTheCabelloArticle) {
    json answer = results({"title:Cabello"});
    ASSERT_FALSE(answer["results"].empty());
    EXPECT_EQ(files_of(answer), std::set<std::string>{kAug19});
    // Cabello is named in another article's text, which title: leaves out.
    EXPECT_TRUE(files_of(results({"Cabello"})).count(kAug21));
    // Headlines below a date line are the titles: 002's too talks of secret talks.
    EXPECT_EQ(files_of(results({"Maduro title:\"secret talks\""})),
              (std::set<std::string>{kAug19, kFeb23}));
}

TEST(QueryLanguage, PhraseNotWordExcludesPassages) {
    json answer = results({"\"secret meetings\" NOT Bolton"});
    ASSERT_FALSE(answer["results"].empty());
    for (const json& hit : answer["results"]) {
        const std::string text = hit["text"];
        EXPECT_EQ(text.find("Bolton"), std::string::npos) << text;
        EXPECT_TRUE(std::regex_search(text, std::regex("secret meetings", std::regex::icase)))
            << text;
    }
    // The exclusion bites: Maduro's permission is quoted in a Bolton passage.
    auto has_bolton = [](const json& a) {
        for (const json& hit : a["results"]) {
            if (hit["text"].get<std::string>().find("Bolton") != std::string::npos) {
                return true;
            }
        }
        return false;
    };
    EXPECT_TRUE(has_bolton(results({"permission"})));
    EXPECT_FALSE(has_bolton(results({"permission NOT Bolton"})));
    EXPECT_FALSE(has_bolton(results({"permission -Bolton"})));
    EXPECT_FALSE(has_bolton(results({"permission -(Bolton OR Pompeo)"})));
}

// Words between the first "maduro" and a "secret..." word, in either order, the closest pair.
int closest_gap(const std::string& text) {
    std::vector<std::string> words;
    std::regex word(R"([A-Za-z\x80-\xff]+)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), word);
         it != std::sregex_iterator(); ++it) {
        std::string w = it->str();
        std::transform(w.begin(), w.end(), w.begin(), ::tolower);
        words.push_back(w);
    }
    int best = 1 << 30;
    for (size_t i = 0; i < words.size(); ++i) {
        for (size_t j = 0; j < words.size(); ++j) {
            if (words[i] == "maduro" && words[j].starts_with("secret")) {
                best = std::min(best, std::abs(static_cast<int>(i) - static_cast<int>(j)) - 1);
            }
        }
    }
    return best;
}

TEST(QueryLanguage, NearKeepsWordsWithinDistance) {
    json answer = results({"Maduro NEAR/3 secret"});
    ASSERT_FALSE(answer["results"].empty());
    for (const json& hit : answer["results"]) {
        EXPECT_LE(closest_gap(hit["text"]), 3) << hit["text"];
    }
    // Both words in a passage, but further apart: left out by NEAR, found without it.
    size_t far_apart = 0;
    const json answer1 = results({"+Maduro +secret"});
    for (const json& hit : answer1["results"]) {
        far_apart += closest_gap(hit["text"]) > 3 ? 1 : 0;
    }
    EXPECT_GT(far_apart, 0u);
    EXPECT_LT(answer["results"].size(), results({"+Maduro +secret"})["results"].size());
}

TEST(QueryLanguage, ExactAccentsMatchOnlyThatSpelling) {
    json accented = results({"=Guaidó"});
    ASSERT_FALSE(accented["results"].empty());
    for (const json& hit : accented["results"]) {
        EXPECT_NE(hit["text"].get<std::string>().find("Guaidó"), std::string::npos) << hit["text"];
    }
    // Plain words ignore accents: the unaccented "Guaido" of other articles comes too.
    size_t unaccented = 0;
    const json answer2 = results({"Guaido"});
    for (const json& hit : answer2["results"]) {
        unaccented += hit["text"].get<std::string>().find("Guaidó") == std::string::npos;
    }
    EXPECT_GT(unaccented, 0u);
    // =Guaido: only passages writing it without the accent.
    json plain = results({"=Guaido"});
    ASSERT_FALSE(plain["results"].empty());
    for (const json& hit : plain["results"]) {
        const std::string text = hit["text"];
        EXPECT_NE(text.find("Guaido"), std::string::npos) << text;
        EXPECT_EQ(text.find("Guaidó"), std::string::npos) << text;
    }
}

TEST(QueryLanguage, SynonymsFindOtherSpellings) {
    json answer = results({"EE.UU."});
    ASSERT_FALSE(answer["results"].empty());
    size_t us = 0;
    for (const json& hit : answer["results"]) {
        const std::string text = hit["text"];
        us += std::regex_search(text, std::regex(R"(\bUS\b|U\.S\.|United States)")) ? 1 : 0;
        EXPECT_FALSE(hit["highlights"].empty()) << text;  // the matched spelling is marked
    }
    EXPECT_EQ(us, answer["results"].size());
    EXPECT_GT(results({"Estados Unidos"})["results"].size(), 10u);
    // Off: nobody writes EE.UU. in these English articles.
    EXPECT_TRUE(results({"EE.UU.", "--no-synonyms"})["results"].empty());
    // "us" the pronoun is not the country.
    const json answer3 = results({"EE.UU."});
    for (const json& hit : answer3["results"]) {
        EXPECT_FALSE(
            std::regex_search(hit["text"].get<std::string>(), std::regex(R"(^[^U]*\bus\b[^U]*$)")));
    }
}

TEST(QueryLanguage, SortByDateBothWays) {
    for (const char* order : {"date", "-date"}) {
        json answer = results({"Maduro", "--sort", order});
        ASSERT_GT(answer["results"].size(), 20u);
        std::string previous;
        for (const json& hit : answer["results"]) {
            const std::string date = hit["date"];
            if (!previous.empty()) {
                EXPECT_TRUE(order[0] == '-' ? date <= previous : date >= previous)
                    << order << ": " << previous << " then " << date;
            }
            previous = date;
        }
        EXPECT_EQ(answer["results"][0]["date"], order[0] == '-' ? "2019-08-21" : "2019-01-31");
    }
    RunResult bad = search({"Maduro", "--sort", "newest"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(
        bad.err,
        "tilde-search: error: --sort: unknown order 'newest': use relevance, date or -date\n");
}

TEST(QueryLanguage, OperatorsAndOtherFields) {
    // OR: either word; AND: both, never one alone.
    EXPECT_EQ(files_of(results({"Cabello OR Bolton"})),
              (std::set<std::string>{kAug21, kAug19, kJan31}));
    const json answer4 = results({"Cabello AND Trump"});
    for (const json& hit : answer4["results"]) {
        const std::string text = hit["text"];
        EXPECT_NE(text.find("Cabello"), std::string::npos) << text;
        EXPECT_NE(text.find("Trump"), std::string::npos) << text;
    }
    EXPECT_EQ(files_of(results({"doc:004_ Maduro"})), std::set<std::string>{kJan31});
    EXPECT_FALSE(results({"source:venezuela Maduro"})["results"].empty());
    EXPECT_TRUE(results({"source:elsewhere Maduro"})["results"].empty());
    EXPECT_TRUE(results({"lang:es Maduro"})["results"].empty());  // English articles
    EXPECT_FALSE(results({"lang:en Maduro"})["results"].empty());
    EXPECT_EQ(results({"sanction* date:2019-08"})["results"].empty(), false);
}

TEST(QueryLanguage, ErrorsNameTheQueryAndTheProblem) {
    RunResult run = search({"date:2019-13"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.err, "tilde-search: error: query \"date:2019-13\": month 13 does not exist\n");
    run = search({"Guaidó", "(Maduro"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.err, "tilde-search: error: query \"Guaidó (Maduro\": a '(' is never closed\n");
}

TEST(QueryLanguage, DidYouMeanCorrectsEachWordInContext) {
    json answer = results({"maduro secert meetigns"});
    ASSERT_TRUE(answer["suggestion"].is_string()) << answer.dump();
    EXPECT_EQ(answer["suggestion"], "maduro secret meetings");
    // Good results: no suggestion, even for a rare spelling.
    EXPECT_TRUE(results({"Maduro secret meetings"})["suggestion"].is_null());
    EXPECT_TRUE(results({"Guaido"})["suggestion"].is_null());
    EXPECT_EQ(results({"Guiado Cabelo"})["suggestion"], "Guaidó Cabello");
}

}  // namespace
}  // namespace tilde

namespace tilde {
namespace {

// JSON Lines give dates and sources as fields; a bad date leaves the document undated.
TEST(QueryLanguage, JsonDatesAndSources) {
    test::TempDir dir;
    test::write_file(
        dir.path() / "news" / "a.jsonl",
        R"({"id": "a1", "date": "2019-08-21T12:56:00Z", "source": "Al Jazeera", "text": "Cabello met a Trump emissary in Caracas."})"
        "\n"
        R"({"id": "a2", "date": "1937-01", "text": "Cabello wrote a letter from Melbourne."})"
        "\n"
        R"({"id": "a3", "date": "someday", "source": "El País", "text": "Cabello habló en Caracas."})"
        "\n");
    const std::string index = (dir.path() / "idx").string();
    RunResult built =
        run_program("tilde-index", {"--index", index, (dir.path() / "news").string()});
    ASSERT_EQ(built.exit_code, 0) << built.err;
    EXPECT_NE(built.err.find("a.jsonl:3: date \"someday\" not understood (write 2019-08-21); "
                             "indexed without a date"),
              std::string::npos)
        << built.err;
    auto ids = [&](const std::string& query, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"--index", index, "--json", query};
        args.insert(args.end(), extra.begin(), extra.end());
        RunResult run = run_program("tilde-search", args);
        EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << query << ": " << run.err;
        std::vector<std::string> out;
        const json answer = json::parse(run.out);
        for (const json& hit : answer["results"]) {
            out.push_back(hit["doc"]);
        }
        return out;
    };
    EXPECT_EQ(ids("Cabello date:2019"), std::vector<std::string>{"a1"});
    EXPECT_EQ(ids("Cabello date:<1940"), std::vector<std::string>{"a2"});
    EXPECT_EQ(ids("Cabello source:\"al jaz\""), std::vector<std::string>{"a1"});
    EXPECT_EQ(ids("Cabello source:news"), std::vector<std::string>{"a2"});  // the folder's name
    EXPECT_EQ(ids("Cabello source:el"), std::vector<std::string>{"a3"});
    // Undated last, in either order.
    EXPECT_EQ(ids("Cabello", {"--sort", "date"}), (std::vector<std::string>{"a2", "a1", "a3"}));
    EXPECT_EQ(ids("Cabello", {"--sort", "-date"}), (std::vector<std::string>{"a1", "a2", "a3"}));
}

}  // namespace
}  // namespace tilde
