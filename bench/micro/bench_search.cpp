// SPDX-License-Identifier: MIT
/// @file bench_search.cpp  The query side's own code, without Xapian: query parsing (building)
/// and highlighting plus snippet windows (per result), on passages of the bundled corpus.
#include <optional>

#include <benchmark/benchmark.h>

#include "analyzer.hpp"
#include "bundled_corpus.hpp"
#include "query_parser.hpp"
#include "snippet.hpp"

namespace {

void BM_ParseQuery(benchmark::State& state, const char* query, size_t expected_words) {
    tilde::Analyzer analyzer;
    if (tilde::matchable_words(tilde::parse_query_tree(query, analyzer)).size() != expected_words) {
        state.SkipWithError("the query parsed into the wrong number of words");
        return;
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(tilde::parse_query_tree(query, analyzer));
    }
}
BENCHMARK_CAPTURE(BM_ParseQuery, keywords, "guaido maduro", 2);
BENCHMARK_CAPTURE(BM_ParseQuery, question,
                  "¿Qué dijo Guaidó sobre sus reuniones secretas con los militares?", 10);

// Per result: analyze the passage, find the query's words, pick the snippet window; the
// matcher lives for one search, as in the searcher.
void BM_SnippetPerResult(benchmark::State& state, const char* query) {
    const std::vector<std::string> passages = tilde::bench::bundled_passages();
    tilde::Analyzer analyzer;
    const std::vector<tilde::Token> query_words =
        tilde::matchable_words(tilde::parse_query_tree(query, analyzer));
    auto make_matcher = [&] {
        tilde::QueryMatcher matcher(analyzer, tilde::Language::Unknown);
        for (size_t i = 0; i < query_words.size(); ++i) {
            matcher.add_word(query_words[i], static_cast<int>(i));
        }
        return matcher;
    };
    size_t highlighted = 0;
    {
        const tilde::QueryMatcher matcher = make_matcher();
        for (const std::string& passage : passages) {
            auto words = analyzer.analyze(passage, tilde::Purpose::Highlight);
            highlighted += find_matches(words, tilde::Language::English, matcher).ranges.size();
        }
    }
    if (highlighted < 20) {  // the sample corpus names Guaidó and Maduro dozens of times
        state.SkipWithError("too few words highlighted");
        return;
    }
    size_t next = 0;
    std::vector<tilde::Token> words;
    std::optional<tilde::QueryMatcher> matcher;
    for (auto _ : state) {
        if (next % 10 == 0) {  // a new matcher every 10 results: one search's worth
            matcher.emplace(make_matcher());
        }
        const std::string& passage = passages[next++ % passages.size()];
        analyzer.analyze(passage, tilde::Purpose::Highlight, words);
        tilde::PassageMatches matches = find_matches(words, tilde::Language::English, *matcher);
        benchmark::DoNotOptimize(tilde::make_snippet(passage, matches, words, 240));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK_CAPTURE(BM_SnippetPerResult, one_word, "guaido");
BENCHMARK_CAPTURE(BM_SnippetPerResult, three_words, "maduro military talks");

}  // namespace
