// SPDX-License-Identifier: MIT
/// @file terminal.cpp  Column counting with ICU properties and a highlight-preserving wrapper.
#include "terminal.hpp"

#include <algorithm>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "cli_support.hpp"

namespace tilde::cli {

std::size_t display_width(std::string_view text) {
    std::size_t columns = 0;
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t at = 0; at < length;) {
        UChar32 c = 0;
        U8_NEXT(bytes, at, length, c);
        if (c < 0) {
            ++columns;  // an invalid byte shows as one replacement character
        } else if (c < 0x80) {
            columns += c >= 0x20 && c != 0x7F ? 1 : (c == '\t' || c == '\n' ? 0 : 4);  // \x1b
        } else {
            int8_t type = u_charType(c);
            if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) {
                continue;
            }
            auto east_asian =
                static_cast<UEastAsianWidth>(u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH));
            columns += east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
        }
    }
    return columns;
}

namespace {

// Writes byte ranges of one text, switching the highlight marks on and off at range edges,
// and starting new lines with the indent (marks are closed across the line break).
class MarkedWriter {
  public:
    MarkedWriter(std::ostream& out, std::string_view text, const std::vector<ByteRange>& highlights,
                 const WrapStyle& style)
        : out_(out), text_(text), highlights_(highlights), style_(style) {}

    void write(std::size_t begin, std::size_t end) {
        while (begin < end) {
            while (next_ < highlights_.size() && highlights_[next_].end <= begin) {
                ++next_;
            }
            bool inside = next_ < highlights_.size() && highlights_[next_].begin <= begin;
            std::size_t stop = end;
            if (next_ < highlights_.size()) {
                stop = std::min<std::size_t>(
                    end, inside ? highlights_[next_].end : highlights_[next_].begin);
            }
            set_marked(inside);
            out_ << visible(text_.substr(begin, stop - begin));
            begin = stop;
        }
    }

    // Marks are closed before the break and reopened by the next write() inside the range.
    void new_line(bool first = false) {
        set_marked(false);
        if (!first) {
            out_ << '\n';
        }
        out_ << (first ? style_.first_indent : style_.indent);
    }

    void finish() {
        set_marked(false);
        out_ << '\n';
    }

  private:
    void set_marked(bool marked) {
        if (marked != marked_ && !style_.mark_on.empty()) {
            out_ << (marked ? style_.mark_on : style_.mark_off);
        }
        marked_ = marked;
    }

    std::ostream& out_;
    std::string_view text_;
    const std::vector<ByteRange>& highlights_;
    const WrapStyle& style_;
    std::size_t next_ = 0;
    bool marked_ = false;
};

bool is_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

void write_wrapped(std::ostream& out, std::string_view text,
                   const std::vector<ByteRange>& highlights, const WrapStyle& style) {
    MarkedWriter writer(out, text, highlights, style);
    const std::size_t indent_columns = display_width(style.indent);
    writer.new_line(/*first=*/true);
    std::size_t column = display_width(style.first_indent);
    bool line_empty = true;
    std::size_t at = 0;
    while (at < text.size()) {
        if (text[at] == '\n') {
            writer.new_line();
            column = indent_columns;
            line_empty = true;
            ++at;
            continue;
        }
        std::size_t space_end = at;
        while (space_end < text.size() && is_space(text[space_end])) {
            ++space_end;
        }
        std::size_t word_end = space_end;
        while (word_end < text.size() && !is_space(text[word_end]) && text[word_end] != '\n') {
            ++word_end;
        }
        std::size_t space_columns = space_end - at;
        std::size_t word_columns = display_width(text.substr(space_end, word_end - space_end));
        if (style.width > 0 && !line_empty && word_end > space_end &&
            column + space_columns + word_columns > style.width) {
            writer.new_line();  // the spaces become the line break
            column = indent_columns;
        } else {
            writer.write(at, space_end);
            column += space_columns;
        }
        writer.write(space_end, word_end);
        column += word_columns;
        line_empty = line_empty && word_end == space_end;
        at = word_end;
    }
    writer.finish();
}

}  // namespace tilde::cli
