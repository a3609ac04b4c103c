// SPDX-License-Identifier: MIT
/// @file terminal.hpp  Terminal-aware text output: columns, display width, wrapping with marks.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <tilde/searcher.hpp>

namespace tilde::cli {

/// Columns `text` takes on a terminal: wide East Asian characters count two, combining marks
/// and format characters none. Invalid UTF-8 bytes count one each.
[[nodiscard]] std::size_t display_width(std::string_view text);

/// How write_wrapped() lays text out.
struct WrapStyle {
    std::size_t width = 0;      ///< Columns to fill; 0 writes each line of text as it is.
    std::string first_indent;   ///< Starts the first line.
    std::string indent;         ///< Starts every following line.
    std::string_view mark_on;   ///< Written before each highlighted range (empty: no colour).
    std::string_view mark_off;  ///< Written after it.
};

/// Writes `text` word-wrapped at spaces, keeping its own line breaks, with `highlights` (sorted
/// byte ranges of `text`) between the style's marks, and a final newline. A word longer than the
/// width gets a line of its own.
void write_wrapped(std::ostream& out, std::string_view text,
                   const std::vector<ByteRange>& highlights, const WrapStyle& style);

}  // namespace tilde::cli
