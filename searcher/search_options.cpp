// SPDX-License-Identifier: MIT
// Sort orders and query languages, parsed once where they come in (an option, a prompt
// command, the C API), so the stages below only ever see the enums.
#include <algorithm>
#include <cctype>
#include <string>

#include <tilde/searcher.hpp>

#include "language.hpp"

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
    // The analyzer's own names ("es", "spanish", ...), less "und": a query language is one
    // the analyzer has a stemmer for.
    switch (parse_language(lower).value_or(Language::Unknown)) {
        case Language::Spanish:
            return QueryLanguage::Spanish;
        case Language::English:
            return QueryLanguage::English;
        case Language::Unknown:
            break;
    }
    return std::nullopt;
}

std::string_view to_string(QueryLanguage language) {
    switch (language) {
        case QueryLanguage::Spanish:
            return language_code(Language::Spanish);
        case QueryLanguage::English:
            return language_code(Language::English);
        case QueryLanguage::Auto:
            break;
    }
    return "auto";
}

std::vector<std::string> parse_facet_list(std::string_view list) {
    std::vector<std::string> names;
    while (!list.empty()) {
        const size_t comma = std::min(list.find(','), list.size());
        names.emplace_back(list.substr(0, comma));
        list.remove_prefix(std::min(comma + 1, list.size()));
    }
    return names;
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
