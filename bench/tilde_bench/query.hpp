// SPDX-License-Identifier: MIT
/// @file query.hpp  tilde-bench query: how fast a query set runs on an index.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tilde::bench {

/// One query a line; empty lines and lines starting with '#' are skipped.
/// @throws IoError if unreadable, UsageError if it holds no query.
std::vector<std::string> read_query_lines(const std::filesystem::path& path);

/// Nearest-rank percentile (fraction in (0, 1]) of the values; 0 for none.
double percentile(std::vector<double> values, double fraction);

struct QueryRunOptions {
    std::uint32_t runs = 3;    ///< Timed passes over the queries.
    std::uint32_t warmup = 1;  ///< Untimed passes first.
    std::uint32_t threads = 1;
    std::uint32_t limit = 10;
    bool snippets = true;
};

struct QueryRun {
    std::vector<double> latencies_us;  ///< One per query per timed pass.
    double wall_seconds = 0.0;         ///< Of the timed passes, all threads together.
    std::uint64_t results = 0;         ///< Hits returned over one pass of the queries.
};

/// Runs the queries: warm-up passes, then `runs` timed passes shared among `threads` threads,
/// each with its own Searcher on `index`.
QueryRun run_queries(const std::filesystem::path& index, const std::vector<std::string>& queries,
                     const QueryRunOptions& options);

/// `tilde-bench query ...`: parses its options and prints latencies (or JSON).
int run_query_bench(int argc, char** argv);

}  // namespace tilde::bench
