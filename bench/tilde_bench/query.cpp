// SPDX-License-Identifier: MIT
/// @file query.cpp  tilde-bench query: latency percentiles and throughput of a query set.
#include "query.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>
#include <tilde/searcher.hpp>

#include "bench_support.hpp"

namespace tilde::bench {

std::vector<std::string> read_query_lines(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw IoError("cannot read queries from '" + path.string() + "'");
    }
    std::vector<std::string> queries;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (!line.empty() && line.front() != '#') {
            queries.push_back(std::move(line));
        }
    }
    if (queries.empty()) {
        throw UsageError("no queries in '" + path.string() + "'");
    }
    return queries;
}

double percentile(std::vector<double> sorted_values, double fraction) {
    if (sorted_values.empty()) {
        return 0.0;
    }
    std::sort(sorted_values.begin(), sorted_values.end());
    // Nearest rank: the smallest value with at least `fraction` of the values at or below it.
    size_t rank = static_cast<size_t>(std::ceil(fraction * sorted_values.size()));
    return sorted_values[std::clamp<size_t>(rank, 1, sorted_values.size()) - 1];
}

QueryRun run_queries(const std::filesystem::path& index, const std::vector<std::string>& queries,
                     const QueryRunOptions& options) {
    QueryRun run;
    run.latencies_us.assign(queries.size() * options.runs, 0.0);
    std::vector<uint64_t> results(queries.size(), 0);
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::string failure;
    std::mutex failure_mutex;

    auto worker = [&](Searcher& searcher) {
        SearchOptions search;
        search.limit = options.limit;
        search.snippets = options.snippets;
        try {
            for (size_t job; (job = next.fetch_add(1)) < run.latencies_us.size() && !failed;) {
                const size_t query = job % queries.size();
                auto start = std::chrono::steady_clock::now();
                SearchResults answer = searcher.search(queries[query], search);
                auto end = std::chrono::steady_clock::now();
                run.latencies_us[job] =
                    std::chrono::duration<double, std::micro>(end - start).count();
                results[query] = answer.hits.size();
            }
        } catch (const std::exception& error) {
            std::lock_guard lock(failure_mutex);
            failure = error.what();
            failed = true;
        }
    };

    // Each thread has its own index handle, opened (and warmed) before the clock starts.
    std::vector<std::unique_ptr<Searcher>> searchers;
    for (uint32_t t = 0; t < options.threads; ++t) {
        searchers.push_back(std::make_unique<Searcher>(index));
    }
    for (uint32_t pass = 0; pass < options.warmup; ++pass) {
        SearchOptions search;
        search.limit = options.limit;
        search.snippets = options.snippets;
        for (const std::string& query : queries) {
            (void)searchers.front()->search(query, search);
        }
    }
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (auto& searcher : searchers) {
        threads.emplace_back(worker, std::ref(*searcher));
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    run.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (failed) {
        throw Error("a query failed: " + failure);
    }
    for (uint64_t count : results) {
        run.results += count;
    }
    return run;
}

}  // namespace tilde::bench

namespace tilde::bench {

int run_query_bench(int argc, char** argv) {
    cxxopts::Options options(
        "tilde-bench query",
        "Query latency (p50/p95/p99/max, mean) and throughput of a query set.");
    options.add_options()("index", "the index (made by tilde-index)",
                          cxxopts::value<std::string>())("queries", "query file, one query a line",
                                                         cxxopts::value<std::string>())(
        "runs", "timed passes over the queries", cxxopts::value<uint32_t>()->default_value("3"))(
        "warmup", "untimed passes first", cxxopts::value<uint32_t>()->default_value("1"))(
        "threads", "threads, each with its own index handle",
        cxxopts::value<uint32_t>()->default_value("1"))(
        "limit", "results per query", cxxopts::value<uint32_t>()->default_value("10"))(
        "no-snippets", "skip snippets and highlights")("json", "print one JSON object")(
        "h,help", "show this help");
    cxxopts::ParseResult args = options.parse(argc, argv);
    if (args.count("help")) {
        std::cout << options.help();
        return 0;
    }
    for (const char* required : {"index", "queries"}) {
        if (!args.count(required)) {
            throw UsageError(std::string("missing --") + required);
        }
    }
    QueryRunOptions run_options;
    run_options.runs = args["runs"].as<uint32_t>();
    run_options.warmup = args["warmup"].as<uint32_t>();
    run_options.threads = args["threads"].as<uint32_t>();
    run_options.limit = args["limit"].as<uint32_t>();
    run_options.snippets = !args.count("no-snippets");
    if (run_options.runs < 1 || run_options.threads < 1 || run_options.threads > 256 ||
        run_options.limit < 1) {
        throw UsageError("--runs, --threads and --limit must be at least 1 (threads at most 256)");
    }
    const std::string index = args["index"].as<std::string>();
    const std::string query_file = args["queries"].as<std::string>();
    const std::vector<std::string> queries = read_query_lines(query_file);
    const QueryRun run = run_queries(index, queries, run_options);

    const std::vector<double>& latencies = run.latencies_us;
    double sum = 0;
    for (double latency : latencies) {
        sum += latency;
    }
    const double mean = sum / static_cast<double>(latencies.size());
    const double qps = static_cast<double>(latencies.size()) / run.wall_seconds;
    const double results_per_query =
        static_cast<double>(run.results) / static_cast<double>(queries.size());
    const double p50 = percentile(latencies, 0.50), p95 = percentile(latencies, 0.95),
                 p99 = percentile(latencies, 0.99), max = percentile(latencies, 1.0);
    if (args.count("json")) {
        nlohmann::json report = environment_json();
        report["config"] = {{"index", index},
                            {"queries", query_file},
                            {"query_count", queries.size()},
                            {"runs", run_options.runs},
                            {"warmup", run_options.warmup},
                            {"threads", run_options.threads},
                            {"limit", run_options.limit},
                            {"snippets", run_options.snippets}};
        report["latency_us"] = {
            {"p50", p50}, {"p95", p95}, {"p99", p99}, {"max", max}, {"mean", mean}};
        report["qps"] = qps;
        report["results_per_query"] = results_per_query;
        std::cout << report.dump() << "\n";
        return 0;
    }
    std::printf("%zu queries x %u runs, %u thread(s), top %u, snippets %s\n", queries.size(),
                run_options.runs, run_options.threads, run_options.limit,
                run_options.snippets ? "on" : "off");
    std::printf("latency us   p50 %.0f   p95 %.0f   p99 %.0f   max %.0f   mean %.0f\n", p50, p95,
                p99, max, mean);
    std::printf("throughput   %.1f queries/s; %.2f results per query\n", qps, results_per_query);
    return 0;
}

}  // namespace tilde::bench
