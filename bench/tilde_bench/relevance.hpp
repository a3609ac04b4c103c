// SPDX-License-Identifier: MIT
/// @file relevance.hpp  Ranking quality on a test collection: MRR@10, nDCG@10, Recall@k.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <tilde/searcher.hpp>

namespace tilde::bench {

/// One judged query: `qid<TAB>lang<TAB>text` in a queries file.
struct JudgedQuery {
    std::string id;
    std::string lang;
    std::string text;
};

/// Reads a queries file. @throws IoError naming the file and line.
std::vector<JudgedQuery> read_queries(const std::filesystem::path& path);

/// Reads a qrels file (`qid<TAB>passage id` lines): the relevant document ids of each query.
std::map<std::string, std::set<std::string>> read_qrels(const std::filesystem::path& path);

/// Where one query's first relevant result came (0: not in the results).
struct QueryOutcome {
    const JudgedQuery* query = nullptr;
    std::uint32_t rank = 0;
    std::string top_doc;  ///< the first result, for the worst-queries list
};

/// Averages over a set of queries.
struct Metrics {
    std::size_t queries = 0;
    double mrr_at_10 = 0;
    double ndcg_at_10 = 0;
    double recall_at_1 = 0;
    double recall_at_10 = 0;
    double recall_at_100 = 0;
};

/// Metrics of `outcomes` whose language is `lang` ("" for all).
Metrics summarize(const std::vector<QueryOutcome>& outcomes, const std::string& lang);

/// Runs every query (top `depth`, no snippets) and finds the rank of its relevant document.
/// A result is a passage; the first passage of a relevant document counts.
std::vector<QueryOutcome> evaluate(const Searcher& searcher,
                                   const std::vector<JudgedQuery>& queries,
                                   const std::map<std::string, std::set<std::string>>& qrels,
                                   const SearchOptions& options);

/// `tilde-bench relevance ...`: parses its options, prints the table (or JSON).
int run_relevance(int argc, char** argv);

}  // namespace tilde::bench
