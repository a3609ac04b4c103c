// SPDX-License-Identifier: MIT
/// @file test_terminal.cpp  Display widths and wrapping with highlights kept intact.
#include <sstream>

#include <gtest/gtest.h>

#include "terminal.hpp"

namespace tilde::cli {
namespace {

TEST(DisplayWidth, CountsColumnsNotBytes) {
    struct Case {
        std::string text;
        size_t columns;
    };
    const std::vector<Case> cases = {
        {"", 0},
        {"Guaido", 6},
        {"Guaidó", 6},                    // precomposed ó: 2 bytes, 1 column
        {"Guaido\xCC\x81", 6},            // o + combining acute: no column for the mark
        {"\xE6\x97\xA5\xE6\x9C\xAC", 4},  // 日本: wide
        {"\xC2\xB6"
         "12",
         3},          // ¶12
        {"a\tb", 2},  // control characters take no column
        {"\xFF"
         "ab",
         3},  // an invalid byte shows as one character
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.text);
        EXPECT_EQ(display_width(c.text), c.columns);
    }
}

std::string wrap(std::string_view text, const std::vector<ByteRange>& highlights, size_t width,
                 bool marks = false) {
    WrapStyle style;
    style.width = width;
    style.first_indent = "> ";
    style.indent = "  ";
    if (marks) {
        style.mark_on = "[";
        style.mark_off = "]";
    }
    std::ostringstream out;
    write_wrapped(out, text, highlights, style);
    return out.str();
}

TEST(WriteWrapped, BreaksAtSpacesWithinTheWidth) {
    EXPECT_EQ(wrap("one two three four", {}, 0), "> one two three four\n");
    EXPECT_EQ(wrap("one two three four", {}, 10), "> one two\n  three\n  four\n");
    EXPECT_EQ(wrap("Guaidó Guaidó Guaidó", {}, 15), "> Guaidó Guaidó\n  Guaidó\n");
    // A word wider than the line stands alone rather than looping or vanishing.
    EXPECT_EQ(wrap("a extraordinarily b", {}, 8), "> a\n  extraordinarily\n  b\n");
    // The text's own line breaks are kept.
    EXPECT_EQ(wrap("one\ntwo", {}, 40), "> one\n  two\n");
    EXPECT_EQ(wrap("", {}, 40), "> \n");
}

TEST(WriteWrapped, HighlightsSurviveLineBreaks) {
    // "secret meetings" highlighted as one range that the wrap splits: each line closes it.
    std::string text = "held secret meetings with";
    EXPECT_EQ(wrap(text, {{5, 20}}, 14, true), "> held [secret]\n  [meetings]\n  with\n");
    EXPECT_EQ(wrap(text, {{5, 11}, {12, 20}}, 0, true), "> held [secret] [meetings] with\n");
    // Without marks the text is unchanged.
    EXPECT_EQ(wrap(text, {{5, 11}}, 0, false), "> held secret meetings with\n");
}

}  // namespace
}  // namespace tilde::cli
