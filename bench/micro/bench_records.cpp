// SPDX-License-Identifier: MIT
/// @file bench_records.cpp  Passage records compressed with a trained dictionary (issue #16:
/// compressing every record was a tenth of a one-thread indexing run).
#include <fstream>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "bundled_corpus.hpp"
#include "passage_record.hpp"
#include "record_codec.hpp"

namespace {

// The bundled articles' passages and XQuAD's, Spanish and English.
std::vector<std::string> real_passages() {
    std::vector<std::string> out = tilde::bench::bundled_passages();
    std::ifstream xquad(std::string(TILDE_SOURCE_DIR) + "/tests/data/xquad-dev/passages.jsonl");
    for (std::string line; std::getline(xquad, line);) {
        out.push_back(nlohmann::json::parse(line)["text"].get<std::string>());
    }
    return out;
}

// The dictionary is trained on the passages it compresses (too few to hold some out).
void BM_CompressRecords(benchmark::State& state) {
    const std::vector<std::string> passages = real_passages();
    std::vector<tilde::PassageRecord> records;
    for (size_t i = 0; i < passages.size(); ++i) {
        tilde::PassageRecord record;
        record.doc = "doc-" + std::to_string(i / 10);
        record.passage = static_cast<uint32_t>(i % 10 + 1);
        record.end = static_cast<uint32_t>(passages[i].size());
        record.lang = "en";
        record.text_key = 0x9e3779b97f4a7c15ULL * (i + 1);
        record.text = passages[i];
        records.push_back(record);
    }
    const tilde::RecordCompressor compressor(tilde::train_record_dictionary(passages));
    size_t plain_bytes = 0;
    size_t stored_bytes = 0;
    for (const tilde::PassageRecord& record : records) {  // check the answer once
        const std::string stored = record.serialize(&compressor);
        if (tilde::PassageRecord::parse(stored).text != record.text) {
            state.SkipWithError("a record does not read back the same");
            return;
        }
        plain_bytes += record.serialize().size();
        stored_bytes += stored.size();
    }
    for (auto _ : state) {
        for (const tilde::PassageRecord& record : records) {
            benchmark::DoNotOptimize(record.serialize(&compressor));
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * plain_bytes));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records.size()));
    state.counters["stored_over_plain"] =
        static_cast<double>(stored_bytes) / static_cast<double>(plain_bytes);
}
BENCHMARK(BM_CompressRecords);

}  // namespace
