// SPDX-License-Identifier: MIT
/// @file c_api_search.cpp  The C API's searching half, over tilde::Searcher.
#include <memory>
#include <optional>
#include <vector>

#include <tilde/analysis.hpp>
#include <tilde/errors.hpp>
#include <tilde/searcher.hpp>

#include "c_api_support.hpp"

struct tilde_searcher {
    std::optional<tilde::Searcher> searcher;
};

// The C view of one search: pointers into `answer`, which the object owns.
struct tilde_results {
    tilde::SearchResults answer;
    std::vector<tilde_hit> hits;
    std::vector<std::vector<tilde_range>> highlights;
    std::vector<std::vector<tilde_range>> snippet_highlights;
    std::vector<std::vector<tilde_term>> terms;
};

namespace {

std::vector<tilde_range> to_ranges(const std::vector<tilde::ByteRange>& ranges) {
    std::vector<tilde_range> out;
    out.reserve(ranges.size());
    for (const tilde::ByteRange& range : ranges) {
        out.push_back({range.begin, range.end});
    }
    return out;
}

// Fills the C structs once the vectors they point into have their final size.
void build_view(tilde_results& view) {
    const size_t count = view.answer.hits.size();
    view.hits.resize(count);
    view.highlights.resize(count);
    view.snippet_highlights.resize(count);
    view.terms.resize(count);
    for (size_t i = 0; i < count; ++i) {
        const tilde::Hit& hit = view.answer.hits[i];
        view.highlights[i] = to_ranges(hit.highlights);
        view.snippet_highlights[i] = to_ranges(hit.snippet.highlights);
        for (const tilde::TermContribution& part : hit.explanation) {
            view.terms[i].push_back({part.term.c_str(), part.kind.c_str(), part.form.c_str(),
                                     part.lang.c_str(), part.passage_words.c_str(), part.weight});
        }
        view.hits[i] = {hit.rank,
                        hit.score,
                        hit.doc.c_str(),
                        hit.title.c_str(),
                        hit.passage,
                        hit.start,
                        hit.end,
                        hit.lang.c_str(),
                        hit.text.c_str(),
                        view.highlights[i].data(),
                        view.highlights[i].size(),
                        hit.snippet.text.c_str(),
                        view.snippet_highlights[i].data(),
                        view.snippet_highlights[i].size(),
                        view.terms[i].data(),
                        view.terms[i].size(),
                        hit.proximity};
    }
}

tilde_status open_searcher(const char* path, std::optional<uint64_t> offset,
                           tilde_searcher** searcher) {
    if (searcher == nullptr || tilde::capi::missing(path)) {
        return tilde::capi::fail(TILDE_ERROR_USAGE,
                                 "tilde_searcher_open: path and searcher are required");
    }
    *searcher = nullptr;
    return tilde::capi::guard([&] {
        auto handle = std::make_unique<tilde_searcher>();
        if (offset) {
            handle->searcher.emplace(tilde::Searcher::open_at(path, *offset));
        } else {
            handle->searcher.emplace(path);
        }
        *searcher = handle.release();
    });
}

}  // namespace

extern "C" {

tilde_status tilde_searcher_open(const char* path, tilde_searcher** searcher) {
    return open_searcher(path, std::nullopt, searcher);
}

tilde_status tilde_searcher_open_at(const char* path, uint64_t offset, tilde_searcher** searcher) {
    return open_searcher(path, offset, searcher);
}

void tilde_searcher_close(tilde_searcher* searcher) { delete searcher; }

tilde_status tilde_set_stopwords_dir(const char* dir) {
    if (tilde::capi::missing(dir)) {
        return tilde::capi::fail(TILDE_ERROR_USAGE, "tilde_set_stopwords_dir: no folder");
    }
    return tilde::capi::guard([&] { tilde::set_stopwords_dir(dir); });
}

void tilde_search_options_init(tilde_search_options* options) {
    if (options != nullptr) {
        *options = {10, 0, "auto", 1, 0, 1};
    }
}

tilde_status tilde_search(tilde_searcher* searcher, const char* query,
                          const tilde_search_options* options, tilde_results** results) {
    if (searcher == nullptr || results == nullptr || tilde::capi::missing(query)) {
        return tilde::capi::fail(TILDE_ERROR_USAGE,
                                 "tilde_search: searcher, query and results are required");
    }
    *results = nullptr;
    return tilde::capi::guard([&] {
        tilde::SearchOptions search_options;
        if (options != nullptr) {
            search_options.limit = options->limit;
            search_options.offset = options->offset;
            if (options->lang != nullptr) {
                const std::optional<tilde::QueryLanguage> language =
                    tilde::parse_query_language(options->lang);
                if (!language) {
                    throw tilde::UsageError("unknown language '" + std::string(options->lang) +
                                            "': use es, en or auto");
                }
                search_options.lang = *language;
            }
            search_options.snippets = options->snippets != 0;
            search_options.explain = options->explain != 0;
            search_options.translate = options->translate != 0;
        }
        auto view = std::make_unique<tilde_results>();
        view->answer = searcher->searcher->search(query, search_options);
        build_view(*view);
        *results = view.release();
    });
}

void tilde_results_free(tilde_results* results) { delete results; }

uint64_t tilde_results_total(const tilde_results* results) {
    return results == nullptr ? 0 : results->answer.total;
}

int tilde_results_total_exact(const tilde_results* results) {
    return results != nullptr && results->answer.total_exact ? 1 : 0;
}

size_t tilde_results_count(const tilde_results* results) {
    return results == nullptr ? 0 : results->hits.size();
}

const char* tilde_results_suggestion(const tilde_results* results) {
    return results == nullptr || !results->answer.suggestion ? nullptr
                                                             : results->answer.suggestion->c_str();
}

double tilde_results_took_ms(const tilde_results* results) {
    return results == nullptr ? 0.0 : results->answer.took_ms;
}

const tilde_hit* tilde_results_hit(const tilde_results* results, size_t i) {
    return results == nullptr || i >= results->hits.size() ? nullptr : &results->hits[i];
}

}  // extern "C"
