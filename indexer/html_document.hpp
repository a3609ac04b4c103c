// SPDX-License-Identifier: MIT
/// @file html_document.hpp  An HTML page's text, title and date, through libxml2.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <tilde/document.hpp>

namespace tilde {

/// libxml2's nesting limit with XML_PARSE_HUGE: deeper elements are not read.
inline constexpr std::size_t kMaxHtmlDepth = 2048;

/// The page's text (paragraphs at block elements), its title (<title>, else <h1>, else the
/// first line) and date. `cut_short` (when given) is set when elements nested deeper than
/// kMaxHtmlDepth were dropped.
Document parse_html_document(std::string_view content, std::string id, bool* cut_short = nullptr);

}  // namespace tilde
