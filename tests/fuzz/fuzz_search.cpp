// SPDX-License-Identifier: MIT
/// @file fuzz_search.cpp  Any bytes as a query against a small real index: never a crash, a
/// hang or an exception other than a tilde::Error, and results that hold together.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include <tilde/tilde.hpp>

#include "fuzz_support.hpp"

namespace {

std::unique_ptr<tilde::Searcher> g_searcher;
std::filesystem::path g_index;

void remove_index() { std::filesystem::remove_all(g_index); }

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    g_index = std::filesystem::temp_directory_path() /
              ("tilde-fuzz-" + std::to_string(getpid()) + ".idx");
    tilde::fuzz::write_sample_index(g_index);
    std::atexit(remove_index);
    g_searcher = std::make_unique<tilde::Searcher>(g_index);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view query(reinterpret_cast<const char*>(data), size);
    tilde::SearchOptions options;
    options.explain = (size % 2) == 0;
    options.limit = 5;
    options.sort = static_cast<tilde::SortOrder>(size % 3);
    options.synonyms = (size % 5) != 0;
    try {
        tilde::SearchResults results = g_searcher->search(query, options);
        for (const tilde::Hit& hit : results.hits) {
            double sum = hit.proximity;
            for (const tilde::TermContribution& part : hit.explanation) {
                sum += part.weight;
            }
            tilde::fuzz::check(!options.explain || std::abs(sum - hit.score) < 1e-6,
                               "explanation does not add up to the score");
            for (const tilde::ByteRange& range : hit.highlights) {
                tilde::fuzz::check(range.end <= hit.text.size(), "highlight past the text");
            }
        }
        (void)g_searcher->complete(query);
    } catch (const tilde::Error&) {
        // A one-line error for a bad query is a fine answer.
    }
    return 0;
}
