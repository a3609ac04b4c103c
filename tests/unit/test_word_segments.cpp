// SPDX-License-Identifier: MIT
/// @file test_word_segments.cpp  The direct Latin-script pass cuts words exactly as ICU does.
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "word_segments.hpp"

namespace tilde {
namespace {

std::string render(std::string_view text, const std::vector<WordSegment>& segments) {
    std::string out;
    for (const WordSegment& segment : segments) {
        out += "[" + std::string(text.substr(segment.begin, segment.end - segment.begin)) + "]" +
               (segment.number ? "#" : "");
    }
    return out;
}

TEST(WordSegments, CutsWordsNumbersAndMidWordPunctuationAsIcu) {
    WordSegmenter segmenter;
    std::vector<WordSegment> latin;
    const std::string text =
        "L'homme d’État, it's 3.5 or 1,000.50 (U.S.) a:b a1.5 abc123 123abc 3:4 ¿Guaidó? "
        "—dijo— señor·a x.y.";
    ASSERT_TRUE(segmenter.segment_latin(text, latin));
    EXPECT_EQ(render(text, latin),
              "[L'homme][d’État][it's][3.5]#[or][1,000.50]#[U.S][a][b][a1.5]#[abc123]#[123abc][3]#"
              "[4]#[Guaidó][dijo][señor·a][x.y]");
    std::vector<WordSegment> icu;
    segmenter.segment_with_icu(text, icu);
    EXPECT_EQ(render(text, latin), render(text, icu));
}

TEST(WordSegments, LeavesOtherScriptsAndJoinersToIcu) {
    WordSegmenter segmenter;
    std::vector<WordSegment> out;
    for (const std::string text : {"snake_case", "cafe\xCC\x81", "soft\xC2\xADhyphen", "日本語",
                                   "ภาษาไทย", "Ελληνικά", "bad \xFF byte"}) {
        EXPECT_FALSE(segmenter.segment_latin(text, out)) << text;
        std::vector<WordSegment> icu;
        segmenter.segment_with_icu(text, icu);
        segmenter.segment(text, out);
        EXPECT_EQ(out, icu) << text;
    }
}

// Random strings over characters of every Word_Break class the pass handles, and some it
// leaves to ICU: wherever the pass answers, its answer is ICU's.
TEST(WordSegments, RandomTextCutsAsIcuDoes) {
    const std::vector<std::string> alphabet = {
        "a",  "Z",  "é", "Ñ", "ª",        "µ",        "º",   "ß",        "ÿ",
        "Ā",  "ǅ",  "ʼ", "ˆ", "0",        "7",        ".",   ",",        ":",
        ";",  "'",  "’", "‘", "·",        "-",        " ",   "\n",       "\r",
        "\t", "\"", "@", "#", "$",        "%",        "&",   "/",        "?",
        "!",  "©",  "®", "‼", "€",        "–",        "—",   "\xC2\xA0", "\xE2\x80\x89",
        "․",  "‧",  "⁄", "½", "²",        "¹",        "¿",   "¡",        "«",
        "»",  "×",  "÷", "_", "\xCC\x81", "\xC2\xAD", "\x01"};
    std::mt19937 random(29);
    std::uniform_int_distribution<size_t> letter(0, alphabet.size() - 1);
    std::uniform_int_distribution<int> length(1, 12);
    WordSegmenter segmenter;
    std::vector<WordSegment> latin;
    std::vector<WordSegment> icu;
    int answered = 0;
    int mismatches = 0;
    for (int round = 0; round < 200000 && mismatches < 10; ++round) {
        std::string text;
        for (int n = length(random); n > 0; --n) {
            // Letters and digits often, so that words and mid-word punctuation meet.
            const size_t pick = letter(random);
            text += round % 2 == 0 && pick % 3 == 0 ? alphabet[pick % 8] : alphabet[pick];
        }
        if (!segmenter.segment_latin(text, latin)) {
            continue;
        }
        ++answered;
        segmenter.segment_with_icu(text, icu);
        if (latin != icu) {
            ++mismatches;
            ADD_FAILURE() << "\"" << text << "\": " << render(text, latin) << " against ICU's "
                          << render(text, icu);
        }
    }
    EXPECT_GT(answered, 100000);
}

TEST(WordSegments, BundledCorpusCutsAsIcuDoes) {
    WordSegmenter segmenter;
    std::vector<WordSegment> latin;
    std::vector<WordSegment> icu;
    size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test::corpus_dir())) {
        const std::string text = test::read_text_file(entry.path());
        ASSERT_TRUE(segmenter.segment_latin(text, latin)) << entry.path();
        segmenter.segment_with_icu(text, icu);
        EXPECT_EQ(latin, icu) << entry.path();
        EXPECT_GT(latin.size(), 100u);
        ++files;
    }
    EXPECT_GE(files, 5u);
}

}  // namespace
}  // namespace tilde
