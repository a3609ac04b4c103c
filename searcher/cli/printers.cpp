// SPDX-License-Identifier: MIT
/// @file printers.cpp  Text and JSON printers for search results.
#include "printers.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tilde/analysis.hpp>

#include "cli_support.hpp"
#include "terminal.hpp"

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

WrapStyle wrap_style(const PrintOptions& options, std::string first_indent, std::string indent) {
    WrapStyle style;
    style.width = options.width;
    style.first_indent = std::move(first_indent);
    style.indent = std::move(indent);
    if (options.color) {
        style.mark_on = kMatch;
        style.mark_off = kReset;
    }
    return style;
}

// "N. Title", wrapped under the number, in bold (the bold closed at each line break).
void print_heading(std::ostream& out, const Hit& hit, const PrintOptions& options) {
    const std::string& heading = hit.title.empty() ? hit.doc : hit.title;
    WrapStyle style = wrap_style(options, std::to_string(hit.rank) + ". ", "   ");
    if (options.color) {
        style.mark_on = kBold;
    }
    write_wrapped(out, heading, {{0, static_cast<uint32_t>(heading.size())}}, style);
}

// The line after the results: how many matched, the time, the translations used and the
// suggestion (bold), wrapped at its spaces in a narrow window.
void print_status(std::ostream& out, const SearchResults& results, const PrintOptions& options) {
    const std::string count =
        (results.total_exact ? "" : "about ") + std::to_string(results.total) +
        (results.total == 1 && results.total_exact ? " passage matches" : " passages match");
    std::string status;
    if (results.total == 0) {
        status = "no passages match \"" + visible(results.query, false) + "\"";
    } else if (results.hits.empty()) {
        status = count + "; none is left past the first " + std::to_string(results.total);
    } else {
        status = count + " (showing " + std::to_string(results.hits.front().rank) + "–" +
                 std::to_string(results.hits.back().rank) + ")";
    }
    if (options.timing) {
        char took[32];
        std::snprintf(took, sizeof took, " in %.1f ms", results.took_ms);
        status += took;
    }
    if (results.phrases_relaxed) {
        status += " \u00B7 no passage has the quoted phrase; matching its words instead";
    }
    for (size_t i = 0; i < results.translations.size(); ++i) {
        const QueryTranslation& translation = results.translations[i];
        status += (i == 0 ? " \u00B7 also as " : "; ") + visible(translation.words, false) + ": ";
        for (size_t k = 0; k < translation.translations.size(); ++k) {
            status += (k == 0 ? "" : ", ") + visible(translation.translations[k], false);
        }
    }
    std::vector<ByteRange> bold;
    if (results.suggestion) {
        status += " \u00B7 did you mean: ";
        const auto from = static_cast<uint32_t>(status.size());
        status += visible(*results.suggestion, false);
        bold.push_back({from, static_cast<uint32_t>(status.size())});
    }
    WrapStyle style = wrap_style(options, "", "");
    if (options.color) {
        style.mark_on = kBold;
    }
    write_wrapped(out, status, bold, style);
}

}  // namespace

void print_text(std::ostream& out, const SearchResults& results, const PrintOptions& options) {
    auto style = [&](std::string_view code) { return options.color ? code : std::string_view(); };
    for (const Hit& hit : results.hits) {
        print_heading(out, hit, options);
        // Dim, and wrapped at its spaces like the heading (a long path in a narrow window).
        const std::string where = visible(hit.doc, false) + " ¶" + std::to_string(hit.passage) +
                                  (hit.date.empty() ? "" : " · " + hit.date) + " · score " +
                                  format_score(hit.score);
        WrapStyle where_style = wrap_style(options, "   ", "     ");
        if (options.color) {
            where_style.mark_on = kDim;
        }
        write_wrapped(out, where, {{0, static_cast<uint32_t>(where.size())}}, where_style);
        if (!hit.snippet.text.empty()) {
            write_wrapped(out, hit.snippet.text, hit.snippet.highlights,
                          wrap_style(options, "   ", "   "));
        }
        if (options.explain && !hit.explanation.empty()) {
            out << "   " << style(kDim) << "why:";
            for (const TermContribution& part : hit.explanation) {
                out << ' ' << part.kind << ':' << part.form << '=' << format_score(part.weight);
            }
            if (hit.proximity > 0.0005) {
                out << " proximity=" << format_score(hit.proximity);
            }
            out << " total=" << format_score(hit.score) << style(kReset) << '\n';
        }
        out << '\n';
    }
    print_status(out, results, options);
    // Facets, a line each: "year: 2019 (27) · 2020 (3)".
    for (const Facet& facet : results.facets) {
        std::string line = facet.name + ":";
        for (size_t i = 0; i < facet.counts.size(); ++i) {
            line += (i == 0 ? " " : " \u00B7 ") + visible(facet.counts[i].value, false) + " (" +
                    std::to_string(facet.counts[i].count) + ")";
        }
        write_wrapped(out, facet.counts.empty() ? line + " none" : line, {},
                      wrap_style(options, "", "  "));
    }
}

void print_document(std::ostream& out, const DocumentText& document, std::uint32_t marked,
                    const PrintOptions& options) {
    auto style = [&](std::string_view code) { return options.color ? code : std::string_view(); };
    out << style(kBold) << visible(document.title.empty() ? document.doc : document.title)
        << style(kReset) << '\n';
    out << style(kDim) << visible(document.doc) << " · " << document.passages.size()
        << (document.passages.size() == 1 ? " passage" : " passages") << style(kReset) << "\n\n";
    for (const PassageText& passage : document.passages) {
        // The margin: a bar on the marked passage's lines, then the passage number.
        const std::string bar = passage.passage == marked ? "\u258C " : "  ";
        std::string number = "\u00B6" + std::to_string(passage.passage);
        number.resize(std::max<size_t>(number.size(), 6), ' ');  // "¶" is two bytes, one column
        write_wrapped(out, passage.text, passage.highlights,
                      wrap_style(options, bar + number, bar + std::string(5, ' ')));
        out << '\n';
    }
}

void print_explanation(std::ostream& out, const Hit& hit, const PrintOptions& options) {
    auto style = [&](std::string_view code) { return options.color ? code : std::string_view(); };
    print_heading(out, hit, options);
    out << "   " << visible(hit.doc) << " \u00B6" << hit.passage << ", passage language "
        << (hit.lang.empty() ? "und" : hit.lang) << "\n\n";
    std::vector<std::vector<std::string>> rows = {
        {"query word", "matched as", "stemmer", "in the passage", "weight"}};
    for (const TermContribution& part : hit.explanation) {
        rows.push_back({part.term.empty() ? "(whole query)" : part.term,
                        part.kind + " " + part.form, part.lang.empty() ? "-" : part.lang,
                        part.passage_words.empty() ? "-" : visible(part.passage_words),
                        format_score(part.weight)});
    }
    rows.push_back({"phrase/proximity bonus", "", "", "", format_score(hit.proximity)});
    rows.push_back({"total", "", "", "", format_score(hit.score)});
    std::vector<size_t> widths(rows[0].size(), 0);
    for (size_t row = 0; row < rows.size(); ++row) {
        bool spans = row >= rows.size() - 2;  // the last two rows' labels run across columns
        for (size_t column = spans ? 4 : 0; column < rows[row].size(); ++column) {
            widths[column] = std::max(widths[column], display_width(rows[row][column]));
        }
    }
    size_t label_width = widths[0] + widths[1] + widths[2] + widths[3] + 6;
    for (size_t row = 0; row < rows.size(); ++row) {
        const auto& cells = rows[row];
        out << "   " << (row == 0 ? style(kDim) : std::string_view());
        if (row >= rows.size() - 2) {
            out << cells[0] << std::string(label_width - display_width(cells[0]), ' ');
        } else {
            for (size_t column = 0; column < 4; ++column) {
                out << cells[column]
                    << std::string(widths[column] - display_width(cells[column]) + 2, ' ');
            }
        }
        out << std::string(widths[4] - display_width(cells[4]), ' ') << cells[4]
            << (row == 0 ? style(kReset) : std::string_view()) << '\n';
    }
}

void print_info(std::ostream& out, const IndexInfo& info, std::string_view index_path) {
    out << "index      " << index_path << '\n'
        << "documents  " << info.documents << '\n'
        << "passages   " << info.passages << '\n'
        << "terms      " << info.terms << " distinct words\n"
        << "size       " << human_bytes(static_cast<double>(info.size_bytes))
        << (info.remote_shards > 0 ? " (local shards only)" : "") << '\n';
    if (info.shards > 1 || info.remote_shards > 0) {
        out << "shards     " << info.shards;
        if (info.remote_shards > 0) {
            out << " (" << info.remote_shards << " remote)";
        }
        if (info.unavailable_shards > 0) {
            out << ", " << info.unavailable_shards << " unavailable";
        }
        out << '\n';
    }
    out << "analyzer   " << info.analyzer << '\n' << "stopwords  " << stopwords_source() << '\n';
}

namespace {

// Byte ranges as JSON: [[begin, end], ...].
nlohmann::json ranges(const std::vector<ByteRange>& of) {
    nlohmann::json list = nlohmann::json::array();
    for (const ByteRange& range : of) {
        list.push_back({range.begin, range.end});
    }
    return list;
}

}  // namespace

void print_document_json(std::ostream& out, const DocumentText& document) {
    using nlohmann::json;
    json passages = json::array();
    for (const PassageText& passage : document.passages) {
        passages.push_back({{"passage", passage.passage},
                            {"start", passage.start},
                            {"end", passage.end},
                            {"lang", passage.lang},
                            {"text", passage.text},
                            {"highlights", ranges(passage.highlights)}});
    }
    out << json({{"doc", document.doc}, {"title", document.title}, {"passages", passages}})
               .dump(-1, ' ', false, json::error_handler_t::replace)
        << '\n';
}

void print_json(std::ostream& out, const SearchResults& results, bool explain) {
    using nlohmann::json;
    json hits = json::array();
    for (const Hit& hit : results.hits) {
        json highlights = ranges(hit.highlights);
        json item = {
            {"rank", hit.rank},         {"score", hit.score},
            {"doc", hit.doc},           {"title", hit.title},
            {"passage", hit.passage},   {"start", hit.start},
            {"end", hit.end},           {"lang", hit.lang},
            {"text", hit.text},         {"snippet", hit.snippet.text},
            {"highlights", highlights}, {"snippet_highlights", ranges(hit.snippet.highlights)}};
        item["date"] = hit.date.empty() ? json(nullptr) : json(hit.date);
        if (explain) {
            json parts = json::array();
            for (const TermContribution& part : hit.explanation) {
                parts.push_back({{"term", part.term},
                                 {"kind", part.kind},
                                 {"form", part.form},
                                 {"lang", part.lang},
                                 {"passage_words", part.passage_words},
                                 {"weight", part.weight}});
            }
            item["explain"] = parts;
            item["proximity"] = hit.proximity;
        }
        hits.push_back(std::move(item));
    }
    json translations = json::array();
    for (const QueryTranslation& translation : results.translations) {
        translations.push_back({{"words", translation.words},
                                {"from", translation.from},
                                {"translations", translation.translations}});
    }
    json answer = {{"query", results.query},
                   {"total", results.total},
                   {"total_exact", results.total_exact},
                   {"suggestion", results.suggestion ? json(*results.suggestion) : json(nullptr)},
                   {"took_ms", results.took_ms},
                   {"phrases_relaxed", results.phrases_relaxed},
                   {"translations", translations},
                   {"results", hits}};
    if (!results.warnings.empty()) {
        answer["warnings"] = results.warnings;
    }
    if (!results.facets.empty()) {
        json facets = json::object();
        for (const Facet& facet : results.facets) {
            json counts = json::array();
            for (const FacetCount& count : facet.counts) {
                counts.push_back({{"value", count.value}, {"count", count.count}});
            }
            facets[facet.name] = std::move(counts);
        }
        answer["facets"] = std::move(facets);
    }
    out << answer.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

void print_json_error(std::ostream& out, std::string_view query, std::string_view message) {
    nlohmann::json answer = {{"query", query}, {"error", message}};
    out << answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace tilde::cli
