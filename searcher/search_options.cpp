// SPDX-License-Identifier: MIT
// Sort orders and query languages, parsed once where they come in (an option, a prompt
// command, the C API), so the stages below only ever see the enums.
#include <algorithm>
#include <cctype>
#include <string>

#include <tilde/searcher.hpp>

namespace tilde {

namespace {

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

std::optional<QueryLanguage> parse_query_language(std::string_view name) {
    const std::string lower = lowercase(name);
    if (lower == "auto") {
        return QueryLanguage::Auto;
    }
    if (lower == "es" || lower == "spanish") {
        return QueryLanguage::Spanish;
    }
    if (lower == "en" || lower == "english") {
        return QueryLanguage::English;
    }
    return std::nullopt;
}

std::string_view to_string(QueryLanguage language) {
    switch (language) {
        case QueryLanguage::Spanish:
            return "es";
        case QueryLanguage::English:
            return "en";
        case QueryLanguage::Auto:
            break;
    }
    return "auto";
}

std::optional<SortOrder> parse_sort_order(std::string_view name) {
    if (name == "relevance") {
        return SortOrder::Relevance;
    }
    if (name == "date") {
        return SortOrder::OldestFirst;
    }
    if (name == "-date") {
        return SortOrder::NewestFirst;
    }
    return std::nullopt;
}

std::string_view to_string(SortOrder order) {
    switch (order) {
        case SortOrder::OldestFirst:
            return "date";
        case SortOrder::NewestFirst:
            return "-date";
        case SortOrder::Relevance:
            break;
    }
    return "relevance";
}

}  // namespace tilde
