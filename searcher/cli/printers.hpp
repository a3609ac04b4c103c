// SPDX-License-Identifier: MIT
/// @file printers.hpp  Renders SearchResults as text for people or JSON for programs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string_view>

#include <tilde/searcher.hpp>

namespace tilde::cli {

struct PrintOptions {
    bool color = false;     ///< ANSI bold/colour for titles and matched words
    bool explain = false;   ///< per-term score breakdown under each result
    bool timing = true;     ///< "(3.1 ms)" in the footer; golden tests turn it off
    std::size_t width = 0;  ///< terminal columns to wrap text to; 0: no wrapping
};

/// Numbered results with title, document, passage, score and snippet, then one status line:
/// passages matched, time taken, and the spelling suggestion if there is one.
void print_text(std::ostream& out, const SearchResults& results, const PrintOptions& options);

/// A whole document, one block per passage numbered "¶N", the passage numbered `marked` flagged
/// with a bar in the margin; matched words highlighted when colour is on.
void print_document(std::ostream& out, const DocumentText& document, std::uint32_t marked,
                    const PrintOptions& options);

/// Why `hit` (searched with SearchOptions::explain) ranked where it did: a table of the terms
/// that matched, each with its kind, language, the passage's words and its weight, then the
/// phrase/proximity bonus and the total.
void print_explanation(std::ostream& out, const Hit& hit, const PrintOptions& options);

/// Index counts, one per line, under the index's path.
void print_info(std::ostream& out, const IndexInfo& info, std::string_view index_path);

/// One JSON object (see README "JSON output"), followed by a newline.
void print_json(std::ostream& out, const SearchResults& results, bool explain);

/// A whole document as one JSON object: {"doc", "title", "passages": [{"passage", "start",
/// "end", "lang", "text", "highlights"}]}, followed by a newline.
void print_document_json(std::ostream& out, const DocumentText& document);

/// {"query": QUERY, "error": MESSAGE} and a newline: a failed query's place in JSON Lines.
void print_json_error(std::ostream& out, std::string_view query, std::string_view message);

}  // namespace tilde::cli
