// SPDX-License-Identifier: MIT
/// @file printers.cpp  Text and JSON printers for search results.
#include "printers.hpp"

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace tilde::cli {
namespace {

constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kDim = "\033[2m";
constexpr std::string_view kMatch = "\033[1;31m";
constexpr std::string_view kReset = "\033[0m";

std::string format_score(double score) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", score);
    return buffer;
}

void print_marked(std::ostream& out, const Snippet& snippet, bool color) {
    if (!color) {
        out << snippet.text;
        return;
    }
    size_t at = 0;
    for (const ByteRange& range : snippet.highlights) {
        out << std::string_view(snippet.text).substr(at, range.begin - at) << kMatch
            << std::string_view(snippet.text).substr(range.begin, range.end - range.begin)
            << kReset;
        at = range.end;
    }
    out << std::string_view(snippet.text).substr(at);
}

}  // namespace

void print_text(std::ostream& out, const SearchResults& results, const PrintOptions& options) {
    auto style = [&](std::string_view code) { return options.color ? code : std::string_view(); };
    for (const Hit& hit : results.hits) {
        out << hit.rank << ". " << style(kBold) << (hit.title.empty() ? hit.doc : hit.title)
            << style(kReset) << '\n';
        out << "   " << style(kDim) << hit.doc << " ¶" << hit.passage << " · score "
            << format_score(hit.score) << style(kReset) << '\n';
        if (!hit.snippet.text.empty()) {
            out << "   ";
            print_marked(out, hit.snippet, options.color);
            out << '\n';
        }
        if (options.explain && !hit.explanation.empty()) {
            double terms = 0;
            out << "   " << style(kDim) << "why:";
            for (const TermContribution& part : hit.explanation) {
                out << ' ' << part.matched << '=' << format_score(part.weight);
                terms += part.weight;
            }
            double bonus = hit.score - terms;
            if (bonus > 0.0005) {
                out << " proximity=" << format_score(bonus);
            }
            out << " total=" << format_score(hit.score) << style(kReset) << '\n';
        }
        out << '\n';
    }
    if (results.hits.empty()) {
        out << "no passages match \"" << results.query << "\"";
    } else {
        uint64_t first = results.hits.front().rank;
        uint64_t last = results.hits.back().rank;
        out << results.total << (results.total == 1 ? " passage matches" : " passages match")
            << " (showing " << first << "–" << last << ")";
    }
    if (options.timing) {
        char took[32];
        std::snprintf(took, sizeof took, " in %.1f ms", results.took_ms);
        out << took;
    }
    out << '\n';
    if (results.suggestion) {
        out << "did you mean: " << style(kBold) << *results.suggestion << style(kReset) << '\n';
    }
}

void print_json(std::ostream& out, const SearchResults& results, bool explain) {
    using nlohmann::json;
    json hits = json::array();
    for (const Hit& hit : results.hits) {
        json highlights = json::array();
        for (const ByteRange& range : hit.highlights) {
            highlights.push_back({range.begin, range.end});
        }
        json item = {{"rank", hit.rank},        {"score", hit.score},
                     {"doc", hit.doc},          {"title", hit.title},
                     {"passage", hit.passage},  {"start", hit.start},
                     {"end", hit.end},          {"lang", hit.lang},
                     {"text", hit.text},        {"snippet", hit.snippet.text},
                     {"highlights", highlights}};
        if (explain) {
            json parts = json::array();
            for (const TermContribution& part : hit.explanation) {
                parts.push_back(
                    {{"term", part.term}, {"matched", part.matched}, {"weight", part.weight}});
            }
            item["explain"] = parts;
        }
        hits.push_back(std::move(item));
    }
    json answer = {{"query", results.query},
                   {"total", results.total},
                   {"suggestion", results.suggestion ? json(*results.suggestion) : json(nullptr)},
                   {"took_ms", results.took_ms},
                   {"results", hits}};
    out << answer.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace tilde::cli
