// SPDX-License-Identifier: MIT
/// @file bench_analyzer.cpp  Analyzer and passage splitter throughput on the bundled corpus.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "analyzer.hpp"
#include "passage_splitter.hpp"

namespace {

std::string bundled_corpus_text() {
    std::string text;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(TILDE_SOURCE_DIR) + "/corpus/venezuela")) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        text += buffer.str() + "\n\n";
    }
    return text;
}

void BM_Analyze(benchmark::State& state) {
    const std::string text = bundled_corpus_text();
    tilde::Analyzer analyzer;
    std::vector<tilde::Token> tokens;
    analyzer.analyze(text, tilde::Purpose::Document, tokens);
    if (tokens.size() < 3000) {  // check the answer once, so a broken fast path cannot win
        state.SkipWithError("analyzer produced too few tokens");
        return;
    }
    for (auto _ : state) {
        analyzer.analyze(text, tilde::Purpose::Document, tokens);
        benchmark::DoNotOptimize(tokens.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Analyze);

void BM_AnalyzeAndStem(benchmark::State& state) {
    const std::string text = bundled_corpus_text();
    tilde::Analyzer analyzer;
    std::vector<tilde::Token> tokens;
    for (auto _ : state) {
        analyzer.analyze(text, tilde::Purpose::Document, tokens);
        for (const tilde::Token& token : tokens) {
            benchmark::DoNotOptimize(analyzer.stem(token.folded, tilde::Language::English));
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_AnalyzeAndStem);

void BM_SplitPassages(benchmark::State& state) {
    const std::string text = bundled_corpus_text();
    tilde::PassageSplitter splitter;
    for (auto _ : state) {
        benchmark::DoNotOptimize(splitter.split(text));
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SplitPassages);

}  // namespace

BENCHMARK_MAIN();
