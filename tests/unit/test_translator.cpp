// SPDX-License-Identifier: MIT
/// @file test_translator.cpp  The translator on Apertium's real dictionaries: what it reads of
/// the analyser's output over many calls, and of an output longer than its buffer; queries
/// answered word by word as the whole analysis answers them.
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "multiword_guard.hpp"
#include "translator.hpp"

namespace tilde {
namespace {

constexpr const char* kDictionary = "/usr/share/apertium/apertium-eng-spa";

bool dictionary_installed() {
    return std::filesystem::exists(std::string(kDictionary) + "/spa-eng.automorf.bin");
}

// Each run as "first+count: translation|translation", to compare whole answers.
std::vector<std::string> described(const std::vector<TranslatedWords>& runs) {
    std::vector<std::string> out;
    for (const TranslatedWords& run : runs) {
        std::string line = std::to_string(run.first) + "+" + std::to_string(run.count) + ":";
        for (const std::vector<std::string>& translation : run.translations) {
            line += ' ';
            for (const std::string& word : translation) {
                line += word + '_';
            }
        }
        out.push_back(line);
    }
    return out;
}

// The analyser writes on after its last call's output and starts afresh when the buffer runs
// low: thousands of queries later, a query translates as it did in a new translator.
TEST(Translator, ManyQueriesInARowTranslateAsTheFirst) {
    if (!dictionary_installed()) {
        GTEST_SKIP() << "apertium-eng-spa is not installed";
    }
    const std::vector<std::string> coup = {"golpe", "de", "estado", "en", "Venezuela"};
    const std::vector<std::string> meeting = {"reunion", "secreta"};  // "reunion": no accent
    // Whole: the analyser runs on every query (word by word, it would not run again).
    const Translator fresh(kDictionary, false);
    const std::vector<std::string> coup_fresh = described(fresh.translate(coup, Language::Spanish));
    ASSERT_FALSE(coup_fresh.empty());

    const Translator used(kDictionary, false);
    const std::vector<std::string> meeting_first =
        described(used.translate(meeting, Language::Spanish, true));
    ASSERT_EQ(meeting_first.size(), 2U);
    EXPECT_NE(meeting_first[0].find(" meeting_"), std::string::npos) << meeting_first[0];
    for (int i = 0; i < 6000; ++i) {  // about 400,000 characters of analysis
        ASSERT_EQ(described(used.translate(meeting, Language::Spanish, true)), meeting_first)
            << "query " << i;
    }
    EXPECT_EQ(described(used.translate(coup, Language::Spanish)), coup_fresh);
}

// The end of an analysis in the buffer is its first zero: a zero byte in a word must not end
// one early, nor leave the next analyses empty.
TEST(Issue18, AZeroByteInAWordLeavesTheNextQueriesWhole) {
    if (!dictionary_installed()) {
        GTEST_SKIP() << "apertium-eng-spa is not installed";
    }
    const std::vector<std::string> coup = {"golpe", "de", "estado"};
    const Translator translator(kDictionary);
    const std::vector<std::string> coup_first =
        described(translator.translate(coup, Language::Spanish));
    ASSERT_FALSE(coup_first.empty());
    const std::vector<std::string> zeroed = {std::string("reuni\0n", 7), "secreta"};
    const std::vector<std::string> zeroed_described =
        described(translator.translate(zeroed, Language::Spanish));
    ASSERT_FALSE(zeroed_described.empty());  // "secreta" at least
    EXPECT_EQ(zeroed_described.back().substr(0, 4), "1+1:");
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(described(translator.translate(coup, Language::Spanish)), coup_first);
    }
}

// The words' readings are remembered up to a limit (20,000), then forgotten all at once: a
// word remembered before must be analysed again with the new ones, not looked for in the
// emptied table. In a long-running process (found by fuzz_search) a query with a known word's
// accented spelling and new words threw std::out_of_range and ended the process.
TEST(Issue18, WordsRememberedBeforeTheLimitStillTranslateAfterIt) {
    if (!dictionary_installed()) {
        GTEST_SKIP() << "apertium-eng-spa is not installed";
    }
    const std::vector<std::string> meeting = {"reunion", "secreta"};  // "reunion": no accent
    const std::vector<std::string> meeting_fresh =
        described(Translator(kDictionary).translate(meeting, Language::Spanish));
    ASSERT_FALSE(meeting_fresh.empty());
    const Translator translator(kDictionary);
    // Each query: "reunion" (its accented spellings remembered at the first) and a made-up
    // word the analyser does not know, remembered with its accented spelling.
    for (int i = 0; i < 12000; ++i) {
        std::string made_up = "zqa";
        for (int n = i; n > 0; n /= 20) {
            made_up += "bcdfghjklmnprstvwxyz"[n % 20];
        }
        ASSERT_NO_THROW((void)translator.translate({"reunion", made_up}, Language::Spanish))
            << "query " << i;
    }
    EXPECT_EQ(described(translator.translate(meeting, Language::Spanish)), meeting_fresh);
}

// Each word's accented spellings are analysed apart from the others': together, "más" and
// "allá" (from "mas alla", typed without accents) were read as one fixed expression, so neither
// was known, and that was remembered.
TEST(Issue18, AccentedSpellingsAreAnalysedEachOnItsOwn) {
    if (!dictionary_installed()) {
        GTEST_SKIP() << "apertium-eng-spa is not installed";
    }
    const Translator translator(kDictionary);
    const std::vector<std::string> described_runs =
        described(translator.translate({"mas", "alla"}, Language::Spanish, true));
    bool alla_translated = false;
    for (const std::string& run : described_runs) {
        alla_translated = alla_translated || run.starts_with("1+1:");
    }
    EXPECT_TRUE(alla_translated) << ::testing::PrintToString(described_runs);
}

// A query whose analysis is longer than the whole buffer is analysed again in a larger one,
// never cut short: every word of it is translated.
TEST(Translator, AnAnalysisLongerThanTheBufferIsReadWhole) {
    if (!dictionary_installed()) {
        GTEST_SKIP() << "apertium-eng-spa is not installed";
    }
    const std::vector<std::string> words(12000, "reunión");  // about 360,000 characters
    const Translator translator(kDictionary, false);
    const std::vector<TranslatedWords> runs = translator.translate(words, Language::Spanish);
    ASSERT_EQ(runs.size(), words.size());
    EXPECT_EQ(runs.back().first, words.size() - 1);
    EXPECT_EQ(runs.back().translations, runs.front().translations);
}

// Real text's words, in order: runs of letters (any byte above ASCII counts as one).
std::vector<std::string> words_of_passages(size_t count) {
    std::ifstream in(std::string(TILDE_SOURCE_DIR) + "/tests/data/xquad-dev/passages.jsonl");
    std::vector<std::string> out;
    std::string word;
    for (char c; out.size() < count && in.get(c);) {
        if (std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
            word += c;
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    return out;
}

// The table made at build time is the installed analysers': it knows their fixed expressions
// and tells the words they read apart.
TEST(MultiwordGuard, KnowsTheFixedExpressionsOfTheInstalledAnalysers) {
    if (!dictionary_installed()) {
        GTEST_SKIP() << "apertium-eng-spa is not installed";
    }
    for (const auto& [file, table] :
         {std::pair{"/spa-eng.automorf.bin", &multiword_tables::spanish},
          std::pair{"/eng-spa.automorf.bin", &multiword_tables::english}}) {
        std::FILE* analyser = std::fopen((std::string(kDictionary) + file).c_str(), "rb");
        ASSERT_NE(analyser, nullptr);
        const MultiwordFingerprint fingerprint = multiword_fingerprint(analyser);
        std::fclose(analyser);
        EXPECT_TRUE(MultiwordGuard(*table).made_from(fingerprint)) << file;
    }
    const MultiwordGuard spanish(multiword_tables::spanish);
    EXPECT_TRUE(spanish.may_join("golpe", "de"));
    EXPECT_TRUE(spanish.may_join("Golpe", "De"));
    EXPECT_FALSE(spanish.may_join("reunión", "secreta"));
    EXPECT_FALSE(spanish.may_join("secreta", "."));
    const MultiwordGuard english(multiword_tables::english);
    EXPECT_TRUE(english.may_join("prime", "minister"));
    EXPECT_TRUE(english.may_join("United", "States"));
    EXPECT_FALSE(english.may_join("view", "work"));
    EXPECT_FALSE(english.may_join("meeting", "secret"));
    // Read on over the words that follow: "de la" begins fixed expressions, "de la defensa"
    // none; "golpe de" goes on to "golpe de estado".
    const std::vector<std::string> defence = {"la", "defensa", "."};
    const std::vector<std::string> state = {"de", "estado", "."};
    EXPECT_TRUE(spanish.may_join("de", "la"));
    EXPECT_FALSE(spanish.reads_on(spanish.after_blank("de"), defence));
    EXPECT_TRUE(spanish.reads_on(spanish.after_blank("golpe"), state));
}

// Word by word (each word's analysis remembered, the transducer run only on fixed
// expressions), every run of one, two, three or seven words of real Spanish and English text
// translates as the analysis of the whole query does, both ways, with and without accents
// assumed missing.
TEST(Translator, WordByWordTranslatesAsTheWholeAnalysis) {
    if (!dictionary_installed()) {
        GTEST_SKIP() << "apertium-eng-spa is not installed";
    }
    const std::vector<std::string> text = words_of_passages(1500);
    ASSERT_EQ(text.size(), 1500U);
    const Translator whole(kDictionary, false);
    const Translator word_by_word(kDictionary, true);
    size_t translated = 0;
    for (const size_t length : {1, 2, 3, 7}) {
        for (size_t at = 0; at + length <= text.size(); at += length) {
            const std::vector<std::string> words(text.begin() + static_cast<long>(at),
                                                 text.begin() + static_cast<long>(at + length));
            for (const auto& [from, unaccented] :
                 {std::pair{Language::Spanish, false}, std::pair{Language::Spanish, true},
                  std::pair{Language::English, false}}) {
                const std::vector<std::string> expected =
                    described(whole.translate(words, from, unaccented));
                ASSERT_EQ(described(word_by_word.translate(words, from, unaccented)), expected)
                    << ::testing::PrintToString(words);
                translated += expected.empty() ? 0 : 1;
            }
        }
    }
    EXPECT_GT(translated, 1000U);  // the comparison was of real answers
}

}  // namespace
}  // namespace tilde
