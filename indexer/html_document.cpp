// SPDX-License-Identifier: MIT
#include "html_document.hpp"

#include <cstring>
#include <mutex>
#include <optional>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "dates.hpp"
#include "text_parts.hpp"
#include "trim.hpp"

namespace tilde {
namespace {

// HTML elements after which text starts a new paragraph.
bool is_block_element(std::string_view name) {
    static const char* const kBlocks[] = {
        "p",       "div",     "br",         "li",    "ul",      "ol",    "h1",      "h2",
        "h3",      "h4",      "h5",         "h6",    "tr",      "table", "section", "article",
        "header",  "footer",  "blockquote", "pre",   "hr",      "dd",    "dt",      "figcaption",
        "main",    "aside",   "nav",        "title", "caption", "dl",    "figure",  "details",
        "summary", "address", "fieldset",   "form",  "legend"};
    for (const char* block : kBlocks) {
        if (name == block) {
            return true;
        }
    }
    return false;
}

// Collapses the white space a title spans, and bounds it.
std::string title_text(std::string_view inner) {
    std::string collapsed;
    bool space = false;
    for (char c : trim_spaces(inner)) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !collapsed.empty()) {
            collapsed.push_back(' ');
        }
        space = false;
        collapsed.push_back(c);
    }
    return std::string(utf8_prefix(collapsed, kMaxTitleBytes));
}

// What sets an element's text apart from the text around it: a paragraph break for a block,
// a space for a table cell or a list's option (a row stays one paragraph, but
// "Caracas</td><td>Maracaibo" is two words), nothing for inline elements.
std::string_view element_break(const xmlNode* node) {
    if (node->type != XML_ELEMENT_NODE) {
        return {};
    }
    const std::string_view name = reinterpret_cast<const char*>(node->name);
    if (is_block_element(name)) {
        return "\n\n";
    }
    return name == "td" || name == "th" || name == "option" ? " " : "";
}

// The text of `first`, its siblings and everything under them, in document order; the first
// <title> and <h1> found are also kept. Walked through the tree's own parent links, not by
// recursion: a page can nest elements hundreds of thousands deep.
void collect_html_text(xmlNode* first, std::string& text, std::string& title, std::string& h1) {
    if (first == nullptr) {
        return;
    }
    const xmlNode* const stop = first->parent;
    xmlNode* node = first;
    while (node != nullptr) {
        bool descend = false;
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content != nullptr) {
                text.append(reinterpret_cast<const char*>(node->content));
            }
        } else if (node->type == XML_ELEMENT_NODE) {
            const std::string_view name = reinterpret_cast<const char*>(node->name);
            const bool hidden =
                name == "script" || name == "style" || name == "noscript" || name == "template";
            if (name == "title" || (name == "h1" && h1.empty())) {
                std::string inner;
                std::string ignored_title;
                std::string ignored_h1 = "-";
                collect_html_text(node->children, inner, ignored_title, ignored_h1);
                std::string& target = name == "title" ? title : h1;
                if (target.empty()) {
                    target = title_text(inner);
                }
            }
            if (!hidden && name != "title") {  // the <title> is metadata, not body text
                text.append(element_break(node));
                descend = node->children != nullptr;
                if (!descend) {
                    text.append(element_break(node));
                }
            }
        }
        if (descend) {
            node = node->children;
            continue;
        }
        // On to the next node, closing each block element left on the way up.
        while (node->next == nullptr) {
            node = node->parent;
            if (node == nullptr || node == stop) {
                return;
            }
            text.append(element_break(node));
        }
        node = node->next;
    }
}

// Collapses runs of spaces inside lines and of blank lines, so HTML source layout does not
// decide where passages end.
std::string tidy_extracted_text(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    int newlines = 0;
    bool space = false;
    for (char c : raw) {
        if (c == '\n') {
            ++newlines;
            space = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            space = true;
            continue;
        }
        if (newlines > 0) {
            if (!out.empty()) {
                out.append(newlines >= 2 ? "\n\n" : " ");
            }
        } else if (space && !out.empty()) {
            out.push_back(' ');
        }
        newlines = 0;
        space = false;
        out.push_back(c);
    }
    return out;
}

}  // namespace

Document parse_html_document(std::string_view content, std::string id, bool* cut_short) {
    Document document;
    document.id = std::move(id);
    // libxml2 2.9 sets up its globals on the first parse, which two threads must not do at once
    // (the sampler reads files on several).
    static std::once_flag libxml_ready;
    std::call_once(libxml_ready, xmlInitParser);
    // HUGE lifts libxml2's nesting limit from 256 to kMaxHtmlDepth; deeper elements are
    // dropped by the parser, which then says so in its last error.
    htmlParserCtxtPtr context = htmlNewParserCtxt();
    if (context == nullptr) {
        return document;
    }
    htmlDocPtr html = htmlCtxtReadMemory(
        context, content.data(), static_cast<int>(content.size()), nullptr, "UTF-8",
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
            XML_PARSE_HUGE);
    const bool too_deep = context->lastError.message != nullptr &&
                          std::strstr(context->lastError.message, "Excessive depth") != nullptr;
    htmlFreeParserCtxt(context);
    if (cut_short != nullptr) {
        *cut_short = too_deep;
    }
    if (html == nullptr) {
        return document;
    }
    std::string raw;
    std::string h1;
    collect_html_text(xmlDocGetRootElement(html), raw, document.title, h1);
    xmlFreeDoc(html);
    if (document.title.empty()) {
        document.title = h1;
    }
    document.text = tidy_extracted_text(raw);
    if (document.title.empty()) {
        document.title = first_line_title(document.text, false);
    }
    if (std::optional<CalendarDate> date = document_date(document.text)) {
        document.date = iso_date(date_key(*date));
    }
    return document;
}

}  // namespace tilde
