// SPDX-License-Identifier: MIT
/// @file test_issue18.cpp  Regression tests for issue #18's queries that failed on the bundled
/// corpus: an acronym taken for a Spanish stopword, empty field values, and suggestions that
/// found nothing more than the query as typed.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
using nlohmann::json;
using test::run_program;
using test::RunResult;
using test::sample_index;
using test::search_json;
using test::search_total;

// "UN" is the Spanish stopword "un" in capitals: it made the query Spanish, so "officials" was
// stemmed as Spanish and nothing matched, while "xyzzy officials" found the 29 passages.
TEST(Issue18, AnAcronymDoesNotMakeTheQuerySpanish) {
    const std::uint64_t officials = search_total(sample_index(), "officials");
    ASSERT_GT(officials, 0u);
    EXPECT_EQ(search_total(sample_index(), "UN officials"), officials);
    EXPECT_EQ(search_total(sample_index(), "xyzzy officials"), officials);
}

// With the query in Spanish, an English passage holds the English stem ("maduro", where Spanish
// has "madur") and matched only through the word as typed, which choosing candidates left out:
// any query of two words or more found nothing there ("xyzzy maduro" 0, "maduro" 70).
TEST(Issue18, AQueryInOneLanguageFindsPassagesInTheOther) {
    auto total = [](const std::string& query, const std::string& lang) {
        return search_json(sample_index(), {"--lang", lang, "--limit", "1", query})["total"]
            .get<std::uint64_t>();
    };
    const std::uint64_t maduro = total("maduro", "es");
    ASSERT_GT(maduro, 0u);
    EXPECT_EQ(total("maduro", "en"), maduro);
    EXPECT_EQ(total("xyzzy maduro", "es"), maduro);
    EXPECT_EQ(total("guaido maduro", "es"), total("guaido maduro", "en"));
}

// Each spelling of a synonym group was a term of its own: in "US sanctions" the rare phrase
// "united states" outweighed the "US" typed, and "EE.UU. sanciones" counted "us" twice (from
// US and U.S.). A group now weighs as one term, with one explanation entry.
TEST(Issue18, ASynonymGroupWeighsAsOneWord) {
    const json us = search_json(sample_index(), {"--explain", "--limit", "3", "US sanctions"});
    ASSERT_EQ(us["results"].size(), 3u) << us.dump();
    for (const json& hit : us["results"]) {  // "The United States later lifted..." was first
        EXPECT_EQ(hit["text"].get<std::string>().find("United States"), std::string::npos)
            << hit["text"];
    }
    const json spanish =
        search_json(sample_index(), {"--explain", "--limit", "5", "EE.UU. sanciones"});
    ASSERT_FALSE(spanish["results"].empty());
    for (const json& hit : spanish["results"]) {
        int groups = 0;
        for (const json& entry : hit["explain"]) {
            if (entry["kind"] == "synonym" && entry["term"] == "EE.UU") {
                ++groups;
                // Each spelling once: "us" (US, U.S.) is not there twice.
                const std::string form = entry["form"];
                EXPECT_EQ(form.find("= us ="), form.rfind("= us =")) << form;
            }
        }
        EXPECT_EQ(groups, 1) << hit["explain"].dump();
    }
}

// "¿Qué estándar usa...": the Spanish verb matched the synonym file's USA, and with it United
// States and EE.UU. A spelling the file writes in capitals now matches capitals only.
TEST(Issue18, AnAcronymSpellingMatchesWordsInCapitalsOnly) {
    auto kinds = [](const std::string& query) {
        std::vector<std::string> out;
        // Untranslated: "usa" is also the Spanish "uses".
        const json answer =
            search_json(sample_index(), {"--no-translate", "--explain", "--limit", "1", query});
        for (const json& entry : answer["results"].at(0)["explain"]) {
            out.push_back(entry["kind"]);
        }
        return out;
    };
    const std::vector<std::string> lower = kinds("usa sanctions");
    EXPECT_EQ(std::count(lower.begin(), lower.end(), "synonym"), 1);  // sanctions = sanciones
    const std::vector<std::string> upper = kinds("USA sanctions");
    EXPECT_EQ(std::count(upper.begin(), upper.end(), "synonym"), 2);
}

// "EE.UU." highlighted every "of" of the passages it found (35 in its 100 best): each word of
// "United States of America" was marked alone, stopwords too.
TEST(Issue18, ASynonymsStopwordsAreNotHighlightedAlone) {
    const json answer = search_json(sample_index(), {"--limit", "100", "EE.UU."});
    ASSERT_FALSE(answer["results"].empty());
    int marked_us = 0;
    for (const json& hit : answer["results"]) {
        const std::string text = hit["text"];
        for (const json& range : hit["highlights"]) {
            const auto begin = range[0].get<size_t>();
            const std::string word = text.substr(begin, range[1].get<size_t>() - begin);
            EXPECT_NE(word, "of") << text;
            marked_us += word == "US";
        }
    }
    EXPECT_GT(marked_us, 0);
}

// A word only in a title (HTML <title>, JSON "title") was found with title: only.
TEST(Issue18, AWordOnlyInATitleIsFound) {
    test::TempDir dir;
    test::write_file(dir.path() / "news.jsonl",
                     R"({"id": "z1", "title": "Zapatero mediates in Caracas", "text": "The former )"
                     R"(Spanish prime minister met both sides. He met them again later."})"
                     "\n");
    const std::filesystem::path index = dir.path() / "idx";
    ASSERT_EQ(test::index_into(index, {(dir.path() / "news.jsonl").string()}).exit_code, 0);
    for (const std::string query : {"zapatero", "zapatero minister", "Zapatero sides"}) {
        const json answer = search_json(index, {"--explain", query});
        ASSERT_EQ(answer["total"], 1) << query;
        const json& hit = answer["results"].at(0);
        EXPECT_EQ(hit["passage"], 1) << query;  // the title's words are its first passage's
        bool title = false;
        for (const json& entry : hit["explain"]) {
            title |= entry["kind"] == "title";
        }
        EXPECT_TRUE(title) << hit["explain"].dump();
    }
}

// "date:" -> "late:", "title:" -> "File:", "doc:" -> "door:" were offered as corrections.
TEST(Issue18, AFieldWithNoValueIsAnError) {
    for (const std::string field : {"date", "title", "doc", "lang", "source", "fecha"}) {
        RunResult run = run_program("tilde-search",
                                    {"--index", sample_index().string(), "guaido " + field + ":"});
        EXPECT_EQ(run.exit_code, 2) << field;
        EXPECT_NE(run.err.find("needs a value right after the colon"), std::string::npos)
            << run.err;
        EXPECT_EQ(run.err.find("did you mean"), std::string::npos) << run.err;
    }
    // Followed by a space, too; a value right after the colon is a field as before.
    RunResult spaced =
        run_program("tilde-search", {"--index", sample_index().string(), "date: 2019"});
    EXPECT_EQ(spaced.exit_code, 2) << spaced.err;
    EXPECT_GT(search_total(sample_index(), "maduro date:2019"), 0u);
}

// A suggestion must find more passages with every word, or, where neither does, know every
// word: "help://example.come" and "one" for "ONU" found nothing the user asked for.
TEST(Issue18, SuggestionsFindMoreThanTheQueryAsTyped) {
    auto suggestion = [](const std::string& query) {
        return search_json(sample_index(), {"--limit", "1", query})["suggestion"];
    };
    EXPECT_TRUE(suggestion("http://example.com").is_null()) << suggestion("http://example.com");
    EXPECT_TRUE(suggestion("ONU").is_null()) << suggestion("ONU");
    EXPECT_TRUE(suggestion("naciones unidas").is_null()) << suggestion("naciones unidas");
    // Corrections that do find more are still offered, shouted ones too.
    EXPECT_EQ(suggestion("Guiado Cabelo"), "Guaidó Cabello");
    EXPECT_EQ(suggestion("guaido madur"), "guaido Maduro");
    EXPECT_EQ(suggestion("MADUOR"), "Maduro");
}

}  // namespace
}  // namespace tilde
