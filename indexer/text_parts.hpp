// SPDX-License-Identifier: MIT
/// @file text_parts.hpp  What the corpus readers share to make documents: titles, cuts at
/// UTF-8 and paragraph boundaries, and long texts handed on in parts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "corpus_reader.hpp"

namespace tilde {

inline constexpr std::size_t kMaxTitleBytes = 200;

/// Cuts at most `max` bytes without splitting a UTF-8 sequence.
[[nodiscard]] std::string_view utf8_prefix(std::string_view s, std::size_t max);

/// A value from the input as a warning quotes it: whole if short, else its start and "…", so
/// that a warning stays one line.
[[nodiscard]] std::string excerpt(std::string_view value);

/// A document's title from its first line, or the line after a few datelines ("Saturday, 23
/// February 2019") that head saved news pages; Markdown's `#` marks left out.
[[nodiscard]] std::string first_line_title(std::string_view content, bool markdown);

/// Markdown front matter: a YAML block between "---" lines at a file's very start, as Jekyll,
/// Hugo and Obsidian write it. `bytes` is 0 when there is none.
struct FrontMatter {
    std::size_t bytes = 0;  ///< through the closing line's line break
    std::string title;      ///< its `title:`, unquoted
    std::string date;       ///< its `date:`, unquoted
};
[[nodiscard]] FrontMatter read_front_matter(std::string_view content);

/// Where to end a part of at most `limit` bytes of `text`: after the last blank line, else
/// after the last line break, else at a UTF-8 character boundary.
[[nodiscard]] std::size_t part_end(std::string_view text, std::size_t limit);

/// Hands `document` to the callbacks: whole, or (bigger than a part, with on_document_part
/// set) in parts, so analysis memory stays bounded. `bytes` is what was read for it.
void emit_document(Document&& document, std::uint64_t bytes, const CorpusCallbacks& callbacks);

}  // namespace tilde
