// SPDX-License-Identifier: MIT
/// @file test_passage_splitter.cpp  Paragraphs, one-paragraph-a-line blocks, long paragraphs.
#include <filesystem>

#include <gtest/gtest.h>

#include "passage_splitter.hpp"
#include "schema.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {

std::vector<std::string> passages_of(const std::string& text) {
    PassageSplitter splitter;
    std::vector<std::string> out;
    for (const PassageSpan& span : splitter.split(text)) {
        out.push_back(text.substr(span.begin, span.end - span.begin));
    }
    return out;
}

using Passages = std::vector<std::string>;

TEST(PassageSplitter, SplitsAtBlankLines) {
    EXPECT_EQ(passages_of("First para.\n\nSecond para.\n \n\n  Third.  \n"),
              (Passages{"First para.", "Second para.", "Third."}));
}

TEST(PassageSplitter, KeepsWrappedLinesTogether) {
    EXPECT_EQ(passages_of("a short wrapped line\nand its continuation\n\nnext"),
              (Passages{"a short wrapped line\nand its continuation", "next"}));
}

TEST(PassageSplitter, LongLinesAreParagraphsOfTheirOwn) {
    std::string one(150, 'a');
    std::string two(120, 'b');
    EXPECT_EQ(passages_of(one + "\n" + two + "\nshort"), (Passages{one, two, "short"}));
}

TEST(PassageSplitter, EmptyAndBlankTextHaveNoPassages) {
    EXPECT_TRUE(passages_of("").empty());
    EXPECT_TRUE(passages_of("\n\n   \n\t\n").empty());
}

TEST(PassageSplitter, CutsLongParagraphsAtSentenceEnds) {
    std::string paragraph;
    for (int i = 0; i < 40; ++i) {
        paragraph += "Sentence number " + std::to_string(i) + " says something about Venezuela. ";
    }
    Passages passages = passages_of(paragraph);
    ASSERT_GT(passages.size(), 2u);
    for (const std::string& passage : passages) {
        SCOPED_TRACE(passage);
        EXPECT_LE(passage.size(), kPassageMaxBytes);
        EXPECT_EQ(passage.back(), '.');  // ends at a sentence end
        EXPECT_EQ(passage.rfind("Sentence", 0), 0u);
    }
}

TEST(PassageSplitter, CutsRunOnTextAtSpacesWithoutBreakingUtf8) {
    std::string paragraph;
    for (int i = 0; i < 400; ++i) {
        paragraph += "ñandú ";  // no sentence end at all
    }
    Passages passages = passages_of(paragraph);
    ASSERT_GT(passages.size(), 1u);
    std::string joined;
    for (const std::string& passage : passages) {
        EXPECT_LE(passage.size(), kPassageMaxBytes);
        EXPECT_EQ(passage.rfind("ñandú", 0), 0u);
        joined += passage + " ";
    }
    EXPECT_EQ(joined, paragraph);
}

TEST(PassageSplitter, BundledCorpusPassagesAreBoundedAndInOrder) {
    PassageSplitter splitter;
    for (const auto& entry : std::filesystem::directory_iterator(test::corpus_dir())) {
        std::string text = test::read_text_file(entry.path());
        std::vector<PassageSpan> spans = splitter.split(text);
        SCOPED_TRACE(entry.path().filename().string());
        EXPECT_GT(spans.size(), 10u);
        uint32_t last_end = 0;
        for (const PassageSpan& span : spans) {
            EXPECT_GE(span.begin, last_end);
            EXPECT_LT(span.begin, span.end);
            EXPECT_LE(span.end - span.begin, kPassageMaxBytes);
            last_end = span.end;
        }
    }
}

}  // namespace
}  // namespace tilde
