// SPDX-License-Identifier: MIT
/// @file query.hpp  tilde-bench query: how fast a query set runs on an index.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <tilde/searcher.hpp>

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
    bool translate = true;  ///< SearchOptions::translate (tilde only)
    /// SearchOptions::lang for every query (tilde only): a keyword query rarely has the
    /// stopwords that tell its language, and is then searched in both.
    QueryLanguage lang = QueryLanguage::Auto;
    /// Where to write each query's own figures (JSON Lines, in query file order); empty:
    /// nowhere. A percentile says how slow the tail is; this says which queries make it.
    std::string per_query;
};

struct QueryRun {
    std::vector<double> latencies_us;  ///< One per query per timed pass.
    double wall_seconds = 0.0;         ///< Of the timed passes, all threads together.
    std::uint64_t results = 0;         ///< Hits returned over one pass of the queries.
    /// tilde's stages (SearchResults::stages), summed over the timed searches, in ms; nullopt
    /// for an engine that does not report them.
    std::optional<StageTimes> stages;
    /// Each timed search's stages (job j searched query j % query count); nullopt for an
    /// engine that does not report them.
    std::vector<std::optional<StageTimes>> stages_by_search;
    std::vector<std::uint64_t> hits_by_query;  ///< Hits of each query's last search.
};

/// One thread's search engine: runs a query, returns how many results it gave (top `limit`,
/// with snippets if asked). tilde and each peer of bench/compare.sh are one of these.
class QueryEngine {
  public:
    virtual ~QueryEngine() = default;
    virtual std::size_t search(const std::string& query) = 0;
    /// Where the last search's time went, for an engine that knows (tilde).
    [[nodiscard]] virtual const StageTimes* last_stages() const { return nullptr; }
};

/// Makes one engine per thread, each with its own index handle.
using EngineFactory = std::function<std::unique_ptr<QueryEngine>()>;

/// Runs the queries: warm-up passes, then `runs` timed passes shared among `threads` threads.
QueryRun run_queries(const EngineFactory& make_engine, const std::vector<std::string>& queries,
                     const QueryRunOptions& options);

/// The options every query benchmark takes (--queries, --runs, ... --json), added to `options`.
void add_query_run_options(cxxopts::Options& options);

/// Reads them back; throws UsageError for nonsense.
QueryRunOptions parse_query_run_options(const cxxopts::ParseResult& args);

/// Writes one JSON object a line to `out`, a query each in file order: the query, its
/// latency over the timed runs (median, min, max), its hits and, when the engine reports
/// them, its mean microseconds in each stage.
void write_per_query(std::ostream& out, const QueryRun& run,
                     const std::vector<std::string>& queries);

/// Prints percentiles and throughput, as text or one JSON object with the config (plus
/// `config` given by the caller: engine, index), the git revision and the machine.
void print_query_run(const QueryRun& run, const QueryRunOptions& options,
                     const std::string& query_file, std::size_t query_count,
                     const nlohmann::json& config, bool json);

/// `tilde-bench query ...`: parses its options and prints latencies (or JSON).
int run_query_bench(int argc, char** argv);

}  // namespace tilde::bench
