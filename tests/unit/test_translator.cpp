// SPDX-License-Identifier: MIT
/// @file test_translator.cpp  The translator on Apertium's real dictionaries: what it reads of
/// the analyser's output over many calls, and of an output longer than its buffer.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

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
    const Translator fresh(kDictionary);
    const std::vector<std::string> coup_fresh = described(fresh.translate(coup, Language::Spanish));
    ASSERT_FALSE(coup_fresh.empty());

    const Translator used(kDictionary);
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
    const Translator translator(kDictionary);
    const std::vector<TranslatedWords> runs = translator.translate(words, Language::Spanish);
    ASSERT_EQ(runs.size(), words.size());
    EXPECT_EQ(runs.back().first, words.size() - 1);
    EXPECT_EQ(runs.back().translations, runs.front().translations);
}

}  // namespace
}  // namespace tilde
