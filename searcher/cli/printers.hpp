// SPDX-License-Identifier: MIT
/// @file printers.hpp  Renders SearchResults as text for people or JSON for programs.
#pragma once

#include <ostream>

#include <tilde/searcher.hpp>

namespace tilde::cli {

struct PrintOptions {
    bool color = false;    ///< ANSI bold/colour for titles and matched words
    bool explain = false;  ///< per-term score breakdown under each result
    bool timing = true;    ///< "(3.1 ms)" in the footer; golden tests turn it off
};

/// Numbered results with title, document, passage, score and snippet, then a footer line.
void print_text(std::ostream& out, const SearchResults& results, const PrintOptions& options);

/// One JSON object (see README "JSON output"), followed by a newline.
void print_json(std::ostream& out, const SearchResults& results, bool explain);

}  // namespace tilde::cli
