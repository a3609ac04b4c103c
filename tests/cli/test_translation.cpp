// SPDX-License-Identifier: MIT
/// @file test_translation.cpp  Issue #18: a query in one language finds passages in the other
/// through Apertium's dictionary, on the bundled corpus (English news, a few Spanish lines).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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

// The highlighted words of every hit, lower-case as written.
std::vector<std::string> highlighted(const json& answer) {
    std::vector<std::string> out;
    for (const json& hit : answer["results"]) {
        const std::string text = hit["text"];
        for (const json& range : hit["highlights"]) {
            const auto begin = range[0].get<size_t>();
            std::string word = text.substr(begin, range[1].get<size_t>() - begin);
            std::transform(word.begin(), word.end(), word.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            out.push_back(word);
        }
    }
    return out;
}

// `lines` (JSON Lines) indexed into DIR/news.idx, which is returned.
std::filesystem::path index_lines(const test::TempDir& dir, const std::vector<std::string>& lines) {
    const std::filesystem::path corpus = dir.path() / "news.jsonl";
    {
        std::ofstream out(corpus);
        for (const std::string& line : lines) {
            out << line << '\n';
        }
    }
    const std::filesystem::path index = dir.path() / "news.idx";
    const RunResult run = test::index_into(index, {corpus.string()}, {"--quiet"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return index;
}

bool contains(const std::vector<std::string>& words, const std::string& word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

// The English articles speak of "secret meetings"; before translation, "reunión secreta" found
// only "secret" through the shared stem, never "meetings".
TEST(Issue18, ReunionSecretaFindsSecretMeetings) {
    for (const char* query : {"reunión secreta", "reunion secreta"}) {
        SCOPED_TRACE(query);
        const json answer = search_json(sample_index(), {"--limit", "3", query});
        ASSERT_FALSE(answer["results"].empty());
        const std::string top = answer["results"][0]["text"];
        EXPECT_NE(top.find("secret meetings"), std::string::npos) << top;
        const std::vector<std::string> words = highlighted(answer);
        EXPECT_TRUE(contains(words, "meetings")) << answer.dump();
        EXPECT_TRUE(contains(words, "secret"));
        // The translations used, listed for the reader; "reunion" is read as "reunión".
        ASSERT_FALSE(answer["translations"].empty());
        const json& first = answer["translations"][0];
        EXPECT_EQ(first["words"], std::string(query).substr(0, std::string(query).find(' ')));
        EXPECT_EQ(first["from"], "es");
        EXPECT_EQ(first["translations"][0], "meeting");
    }
}

// A fixed expression translates as one: "golpe de estado" is a coup, which the Spanish words
// never found.
TEST(Issue18, GolpeDeEstadoFindsCoup) {
    const json answer = search_json(sample_index(), {"golpe de estado"});
    ASSERT_FALSE(answer["results"].empty()) << answer.dump();
    EXPECT_TRUE(contains(highlighted(answer), "coup")) << answer.dump();
    ASSERT_EQ(answer["translations"].size(), 1u);
    EXPECT_EQ(answer["translations"][0]["words"], "golpe de estado");
    EXPECT_TRUE(answer["suggestion"].is_null()) << answer["suggestion"];  // was "gold de estado"
    const json untranslated = search_json(sample_index(), {"--no-translate", "golpe de estado"});
    EXPECT_EQ(untranslated["total"], 0);
    EXPECT_TRUE(untranslated["translations"].empty());
}

// --explain names the translation and the word it came from: one entry for all of a word's
// translations (one term, weighed by the passages that have any of them).
TEST(Issue18, ATranslationIsOneExplanationEntry) {
    const json answer = search_json(sample_index(), {"--explain", "--limit", "1", "reunión"});
    ASSERT_EQ(answer["results"].size(), 1u);
    int translations = 0;
    for (const json& entry : answer["results"][0]["explain"]) {
        if (entry["kind"] == "translation") {
            ++translations;
            EXPECT_EQ(entry["term"], "reunión");
            EXPECT_NE(entry["form"].get<std::string>().find("meeting"), std::string::npos);
            EXPECT_GT(entry["weight"].get<double>(), 0.0);
            EXPECT_EQ(entry["passage_words"], "meetings") << entry.dump();
        }
    }
    EXPECT_EQ(translations, 1) << answer.dump();
}

// A passage in the query's language with the words ranks above those that have only their
// translations, even ones that say them more often; without a query language, words and
// translations rank alike.
TEST(Issue18, PassagesInTheQuerysLanguageComeFirst) {
    test::TempDir dir;
    const std::filesystem::path index = index_lines(
        dir, {R"({"id": "es-1", "lang": "es", "text": "El gobierno negó la reunión secreta."})",
              R"({"id": "en-1", "lang": "en", "text": "A secret meeting, then another secret )"
              R"(meeting: the secret meetings went on."})",
              R"({"id": "en-2", "lang": "en", "text": "The weather was fine."})"});
    auto docs = [&](const std::vector<std::string>& args) {
        std::vector<std::string> out;
        const json answer = search_json(index, args);
        for (const json& hit : answer["results"]) {
            out.push_back(hit["doc"]);
        }
        return out;
    };
    EXPECT_EQ(docs({"--lang", "es", "reunión secreta"}),
              (std::vector<std::string>{"es-1", "en-1"}));
    EXPECT_EQ(docs({"--lang", "en", "secret meeting"}), (std::vector<std::string>{"en-1", "es-1"}));
    EXPECT_EQ(docs({"--lang", "es", "reunión"}), (std::vector<std::string>{"es-1", "en-1"}));
    EXPECT_EQ(docs({"--no-translate", "--lang", "es", "reunión"}),
              std::vector<std::string>{"es-1"});
}

// Across languages, whole-query proximity never applies (a word without a translation is
// missing from the other language's passages): two neighbouring words close together, one at
// least through its translation, earn the bonus instead. The two English passages hold the
// same words, so without it they tie, and the tie goes to the first document.
TEST(Issue18, NeighbouringWordsCloseTogetherInTranslationRankFirst) {
    test::TempDir dir;
    const std::filesystem::path index = index_lines(
        dir, {R"({"id": "en-apart", "lang": "en", "text": "A secret report reached the council )"
              R"(long before the meeting began."})",
              R"({"id": "en-together", "lang": "en", "text": "A secret meeting reached the )"
              R"(council long before the report began."})"});
    const json answer = search_json(index, {"--lang", "es", "--explain", "reunión secreta"});
    ASSERT_EQ(answer["results"].size(), 2u) << answer.dump();
    EXPECT_EQ(answer["results"][0]["doc"], "en-together");
    EXPECT_GT(answer["results"][0]["proximity"].get<double>(), 0.0);
    EXPECT_EQ(answer["results"][1]["doc"], "en-apart");
    EXPECT_EQ(answer["results"][1]["proximity"].get<double>(), 0.0);
}

// A Spanish question typed without a single accent: "ano" is a word of its own ("anus"), yet
// stands for "año"; "rio" for "río" (the analyser knows "rió" first); a capitalised word too
// ("Anarquia"). Before, only the first accented spelling of an unknown lower-case word was
// tried, and es->en XQuAD without accents ranked below as typed (.877 against .884).
TEST(Issue18, AQuestionTypedWithoutAccentsIsTranslatedAsWithThem) {
    test::TempDir dir;
    const std::filesystem::path index = index_lines(
        dir,
        {R"({"id": "en-1", "lang": "en", "text": "That year Dewar froze liquid oxygen."})",
         R"({"id": "en-2", "lang": "en", "text": "The St. Johns river runs through the city."})",
         R"({"id": "en-3", "lang": "en", "text": "The Mark of Anarchy, a poem."})",
         R"({"id": "en-4", "lang": "en", "text": "The weather was fine that day."})"});
    auto translations_of = [&](const std::string& query, const std::string& word) {
        const json answer = search_json(index, {"--limit", "1", query});
        std::vector<std::string> out;
        for (const json& translation : answer["translations"]) {
            if (translation["words"] == word) {
                out = translation["translations"].get<std::vector<std::string>>();
            }
        }
        return std::make_pair(out, answer["results"].empty() ? "" : answer["results"][0]["doc"]);
    };
    struct Case {
        std::string query, word, translation, top;
    };
    for (const Case& c : std::vector<Case>{
             {"¿En que ano congelo Dewar el oxigeno?", "ano", "year", "en-1"},
             {"¿Que rio corre por la ciudad?", "rio", "river", "en-2"},
             {"¿Que es la Marca de la Anarquia?", "Anarquia", "Anarchy", "en-3"},
         }) {
        SCOPED_TRACE(c.query);
        const auto [translations, top] = translations_of(c.query, c.word);
        EXPECT_TRUE(contains(translations, c.translation)) << testing::PrintToString(translations);
        EXPECT_EQ(top, c.top);
    }
    // With an accent elsewhere the words are taken as typed: "ano" stays "anus" (not indexed).
    EXPECT_TRUE(translations_of("¿En qué ano congeló Dewar el oxígeno?", "ano").first.empty());
}

// "private school" is one unit to Apertium's English analyser, translated "colegio privado";
// Spanish text that says "escuelas privadas" was not found. When the index holds none of a
// fixed expression's translations, its words are translated one by one.
TEST(Issue18, AFixedExpressionNotInTheIndexIsTranslatedWordByWord) {
    test::TempDir dir;
    const std::filesystem::path index = index_lines(
        dir, {R"({"id": "es-1", "lang": "es", "text": "En la India, las escuelas privadas se )"
              R"(llaman escuelas independientes."})",
              R"({"id": "es-2", "lang": "es", "text": "El tiempo fue bueno ese día."})"});
    const json answer = search_json(index, {"--lang", "en", "private school"});
    ASSERT_EQ(answer["results"].size(), 1u) << answer.dump();
    EXPECT_EQ(answer["results"][0]["doc"], "es-1");
    ASSERT_EQ(answer["translations"].size(), 2u) << answer.dump();
    EXPECT_EQ(answer["translations"][0]["words"], "private");
    EXPECT_EQ(answer["translations"][1]["words"], "school");
    const std::vector<std::string> words = highlighted(answer);
    EXPECT_TRUE(contains(words, "privadas")) << answer.dump();
    EXPECT_TRUE(contains(words, "escuelas"));
}

// "Indian" is "indio", whose Spanish stem ("indi") is also what the Spanish stemmer makes of
// "indian". That translation was dropped as the word itself, yet an English query searches
// "Indian" by its English stem only: Spanish passages were never found through it.
TEST(Issue18, ATranslationIsKeptWhenOnlyTheOtherLanguagesStemmerSharesItsStem) {
    test::TempDir dir;
    const std::filesystem::path index = index_lines(
        dir, {R"({"id": "es-1", "lang": "es", "text": "Un jefe indio firmó el tratado."})",
              R"({"id": "es-2", "lang": "es", "text": "El tiempo fue bueno ese día."})"});
    const json answer = search_json(index, {"--lang", "en", "Indian"});
    ASSERT_EQ(answer["results"].size(), 1u) << answer.dump();
    EXPECT_EQ(answer["results"][0]["doc"], "es-1");
    ASSERT_EQ(answer["translations"].size(), 1u);
    EXPECT_EQ(answer["translations"][0]["translations"][0], "indio");
    EXPECT_TRUE(contains(highlighted(answer), "indio")) << answer.dump();
}

// A name the dictionary does not translate ("Gaga") matches a Spanish passage only as typed,
// not by the English query's stem. It weighed as the word's boost alone (half a stem), so a
// passage with only a translated word ("singer": "cantante") came first; now the name weighs
// there as a stem match does, in one explanation entry.
TEST(Issue18, AnUntranslatedNameWeighsInTheOtherLanguageAsAStemDoes) {
    test::TempDir dir;
    std::vector<std::string> lines = {
        R"({"id": "es-name", "lang": "es", "text": "Gaga actuó anoche en el estadio de la )"
        R"(ciudad ante miles de personas."})",
        R"({"id": "es-singer", "lang": "es", "text": "La cantante actuó anoche en el estadio )"
        R"(de la ciudad ante miles de personas."})",
        R"({"id": "es-other", "lang": "es", "text": "Otra cantante famosa visitó el museo."})",
        R"({"id": "en-1", "lang": "en", "text": "The weather was fine in the city."})"};
    for (int i = 1; i <= 16; ++i) {  // enough passages for a rare name to weigh as such
        lines.push_back(R"({"id": "es-f)" + std::to_string(i) +
                        R"(", "lang": "es", "text": "El consejo aprobó el presupuesto )" +
                        std::to_string(i) + R"(."})");
    }
    const std::filesystem::path index = index_lines(dir, lines);
    const json answer = search_json(index, {"--lang", "en", "--explain", "Gaga singer"});
    ASSERT_EQ(answer["results"].size(), 3u) << answer.dump();
    const json& top = answer["results"][0];
    EXPECT_EQ(top["doc"], "es-name") << answer.dump();
    ASSERT_EQ(top["explain"].size(), 1u) << top.dump();
    EXPECT_EQ(top["explain"][0]["kind"], "word");
    EXPECT_EQ(top["explain"][0]["passage_words"], "Gaga");
    // Without translation the word as typed is all there is, and it weighs as before.
    const json untranslated =
        search_json(index, {"--lang", "en", "--explain", "--no-translate", "Gaga singer"});
    ASSERT_EQ(untranslated["results"].size(), 1u) << untranslated.dump();
    EXPECT_NEAR(untranslated["results"][0]["explain"][0]["weight"].get<double>() * 2,
                top["explain"][0]["weight"].get<double>(), 1e-6);
}

// Without the dictionary (apertium-eng-spa not installed), searching works as before.
TEST(Issue18, WithoutTheDictionaryWordsAreSearchedAsTyped) {
    const RunResult run =
        run_program("tilde-search", {"--index", sample_index().string(), "--json", "golpe"},
                    {{"TILDE_APERTIUM_DIR", "/nonexistent"}});
    EXPECT_EQ(run.exit_code, 1) << run.err;  // nothing found: golpe is not in the corpus
    EXPECT_EQ(run.err, "");
    EXPECT_TRUE(json::parse(run.out)["translations"].empty());
}

}  // namespace
}  // namespace tilde
