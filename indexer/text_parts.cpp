// SPDX-License-Identifier: MIT
#include "text_parts.hpp"

#include <algorithm>

#include "dates.hpp"
#include "trim.hpp"

namespace tilde {
namespace {

// A short line holding a date: a page's date line, not its headline.
bool is_dateline(std::string_view line) {
    constexpr size_t kMaxDatelineWords = 7;
    size_t words = 0;
    bool in_word = false;
    for (char c : line) {
        const bool word_byte = c != ' ' && c != '\t' && c != '|' && c != ',' && c != '/';
        words += word_byte && !in_word ? 1 : 0;
        in_word = word_byte;
    }
    return words <= kMaxDatelineWords && !find_dates(line).empty();
}

}  // namespace

std::string_view utf8_prefix(std::string_view s, size_t max) {
    if (s.size() <= max) {
        return s;
    }
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return s.substr(0, cut);
}

std::string excerpt(std::string_view value) {
    constexpr size_t kMaxQuoted = 60;
    return value.size() <= kMaxQuoted
               ? std::string(value)
               : std::string(utf8_prefix(value, kMaxQuoted)) + "\xE2\x80\xA6";  // …
}

std::string first_line_title(std::string_view content, bool markdown) {
    constexpr int kMaxDatelines = 3;
    int datelines = 0;
    std::string_view first_line;
    size_t pos = 0;
    while (pos < content.size()) {
        size_t nl = content.find('\n', pos);
        std::string_view line = content.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        line = trim_spaces(line);
        if (markdown) {
            while (!line.empty() && line.front() == '#') {
                line.remove_prefix(1);
            }
            line = trim_spaces(line);
            if (line.size() >= 3 && line.find_first_not_of("-*_= ") == std::string_view::npos) {
                line = {};  // a rule or a heading's underline, not a title
            }
        }
        if (!line.empty()) {
            if (first_line.empty()) {
                first_line = line;
            }
            // A dateline ("Saturday, 23 February 2019", "LATIN AMERICA | 21-08-2019 12:56")
            // heads many saved news pages; the headline follows it.
            if (!is_dateline(line) || ++datelines > kMaxDatelines) {
                return std::string(
                    utf8_prefix(is_dateline(line) ? first_line : line, kMaxTitleBytes));
            }
        }
        if (nl == std::string_view::npos) {
            break;
        }
        pos = nl + 1;
    }
    return std::string(utf8_prefix(first_line, kMaxTitleBytes));
}

FrontMatter read_front_matter(std::string_view content) {
    constexpr size_t kMaxLines = 200;  // a fence further down is a rule, not front matter
    auto is_fence = [](std::string_view line, bool closing) {
        line = trim_spaces(line);
        return line == "---" || (closing && line == "...");
    };
    auto value_of = [](std::string_view value) {
        value = trim_spaces(value);
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front()) {
            value = value.substr(1, value.size() - 2);
        }
        return std::string(utf8_prefix(value, kMaxTitleBytes));
    };
    FrontMatter found;
    bool has_key = false;
    size_t pos = 0;
    for (size_t number = 0; number <= kMaxLines && pos < content.size(); ++number) {
        const size_t nl = content.find('\n', pos);
        if (nl == std::string_view::npos) {
            return {};  // never closed
        }
        const std::string_view line = content.substr(pos, nl - pos);
        pos = nl + 1;
        if (number == 0) {
            if (!is_fence(line, false)) {
                return {};
            }
            continue;
        }
        if (is_fence(line, true)) {
            if (!has_key) {
                return {};  // two rules, not front matter
            }
            found.bytes = pos;
            return found;
        }
        // "key: value" with a YAML key; other lines (list items, continuations, comments)
        // are passed over, and a sentence with a colon is no key.
        const size_t colon = line.find(':');
        const std::string_view key = line.substr(0, colon);
        if (colon == std::string_view::npos || key.empty() ||
            key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                  "0123456789_-") != std::string_view::npos ||
            key.front() == '-' || (colon + 1 < line.size() && line[colon + 1] != ' ')) {
            continue;
        }
        has_key = true;
        if (key == "title") {
            found.title = value_of(line.substr(colon + 1));
        } else if (key == "date") {
            found.date = value_of(line.substr(colon + 1));
        }
    }
    return {};
}

size_t part_end(std::string_view text, size_t limit) {
    std::string_view head = text.substr(0, limit);
    if (size_t blank = head.rfind("\n\n"); blank != std::string_view::npos && blank > 0) {
        return blank + 2;
    }
    if (size_t line = head.rfind('\n'); line != std::string_view::npos && line > 0) {
        return line + 1;
    }
    size_t cut = head.size();
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return cut > 0 ? cut : head.size();
}

void emit_document(Document&& document, uint64_t bytes, const CorpusCallbacks& callbacks) {
    const size_t part_bytes = std::max<uint64_t>(callbacks.part_bytes, 64);
    if (!callbacks.on_document_part || document.text.size() <= part_bytes) {
        if (callbacks.on_document) {
            callbacks.on_document(std::move(document), bytes);
        }
        return;
    }
    std::string_view text = document.text;
    size_t done = 0;
    while (done < text.size()) {
        const std::string_view rest = text.substr(done);
        const size_t end = rest.size() <= part_bytes ? rest.size() : part_end(rest, part_bytes);
        Document part = document;  // id, title, date, lang, source
        part.text = std::string(rest.substr(0, end));
        done += end;
        const bool last = done >= text.size();
        callbacks.on_document_part(std::move(part), last, last ? bytes : 0);
    }
}

}  // namespace tilde
