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
#include <string>
#include <thread>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>
#include <tilde/searcher.hpp>

#include "bench_support.hpp"
#include "cli_support.hpp"

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

namespace {

// Each stage by name, for the report: (name, its field).
constexpr std::pair<const char*, double StageTimes::*> kStages[] = {
    {"parse", &StageTimes::parse},         {"plan", &StageTimes::plan},
    {"phase1", &StageTimes::phase1},       {"phase2", &StageTimes::phase2},
    {"rerank", &StageTimes::rerank},       {"records", &StageTimes::records},
    {"highlight", &StageTimes::highlight}, {"explain", &StageTimes::explain},
    {"suggest", &StageTimes::suggest},
};

void add_stages(StageTimes& into, const StageTimes& from) {
    for (const auto& [name, field] : kStages) {
        into.*field += from.*field;
    }
}

// Phase 1, phase 2 and the re-rank together: the time in Xapian's matcher (nearly all of
// it; the rest is collecting its matches), which no saving in the other stages shortens.
// Its percentiles are a floor under the whole search's.
double ranking_ms(const StageTimes& stages) {
    return stages.phase1 + stages.phase2 + stages.rerank;
}

struct StagePercentiles {
    std::string name;
    double p50_us = 0;
    double p99_us = 0;
};

// Each stage's median and 99th percentile over the timed searches, then the ranking's.
std::vector<StagePercentiles> stage_percentiles(const QueryRun& run) {
    std::vector<StagePercentiles> out;
    auto add = [&](std::string name, auto of) {
        std::vector<double> values;
        for (const std::optional<StageTimes>& stages : run.stages_by_search) {
            if (stages) {
                values.push_back(of(*stages) * 1000.0);
            }
        }
        out.push_back({std::move(name), percentile(values, 0.50), percentile(values, 0.99)});
    };
    for (const auto& [name, field] : kStages) {
        add(name, [field = field](const StageTimes& stages) { return stages.*field; });
    }
    add("ranking", ranking_ms);
    return out;
}

}  // namespace

QueryRun run_queries(const EngineFactory& make_engine, const std::vector<std::string>& queries,
                     const QueryRunOptions& options) {
    // Opened first: a path that cannot be written fails before the queries run, not after.
    std::ofstream per_query;
    if (!options.per_query.empty()) {
        per_query.open(options.per_query);
        if (!per_query) {
            throw IoError("cannot write per-query figures to '" + options.per_query + "'");
        }
    }
    QueryRun run;
    run.latencies_us.assign(queries.size() * options.runs, 0.0);
    run.stages_by_search.resize(run.latencies_us.size());
    std::vector<uint64_t> results(queries.size(), 0);
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::string failure;
    std::mutex mutex;  // guards `failure`

    auto worker = [&](QueryEngine& engine) {
        try {
            for (size_t job; (job = next.fetch_add(1)) < run.latencies_us.size() && !failed;) {
                const size_t query = job % queries.size();
                auto start = std::chrono::steady_clock::now();
                const size_t hits = engine.search(queries[query]);
                auto end = std::chrono::steady_clock::now();
                run.latencies_us[job] =
                    std::chrono::duration<double, std::micro>(end - start).count();
                results[query] = hits;
                if (const StageTimes* last = engine.last_stages()) {
                    run.stages_by_search[job] = *last;  // this thread's job alone
                }
            }
        } catch (const std::exception& error) {
            std::lock_guard lock(mutex);
            failure = error.what();
            failed = true;
        }
    };

    // Each thread has its own index handle, opened (and warmed) before the clock starts.
    std::vector<std::unique_ptr<QueryEngine>> engines;
    for (uint32_t t = 0; t < options.threads; ++t) {
        engines.push_back(make_engine());
    }
    for (uint32_t pass = 0; pass < options.warmup; ++pass) {
        for (const std::string& query : queries) {
            (void)engines.front()->search(query);
        }
    }
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (auto& engine : engines) {
        threads.emplace_back(worker, std::ref(*engine));
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
    for (const std::optional<StageTimes>& stages : run.stages_by_search) {
        if (stages) {
            add_stages(run.stages ? *run.stages : run.stages.emplace(), *stages);
        }
    }
    run.hits_by_query = std::move(results);
    if (per_query.is_open()) {
        write_per_query(per_query, run, queries);
        per_query.close();
        if (!per_query) {
            throw IoError("cannot write per-query figures to '" + options.per_query + "'");
        }
    }
    return run;
}

void write_per_query(std::ostream& out, const QueryRun& run,
                     const std::vector<std::string>& queries) {
    const size_t count = queries.size();
    for (size_t query = 0; query < count; ++query) {
        std::vector<double> latencies;
        std::optional<StageTimes> stages;
        size_t staged = 0;
        for (size_t job = query; job < run.latencies_us.size(); job += count) {
            latencies.push_back(run.latencies_us[job]);
            if (run.stages_by_search[job]) {
                add_stages(stages ? *stages : stages.emplace(), *run.stages_by_search[job]);
                ++staged;
            }
        }
        nlohmann::ordered_json line = {
            {"query", queries[query]},
            {"latency_us",
             {{"p50", percentile(latencies, 0.5)},
              {"min", *std::min_element(latencies.begin(), latencies.end())},
              {"max", *std::max_element(latencies.begin(), latencies.end())}}},
            {"hits", run.hits_by_query[query]}};
        if (stages) {
            nlohmann::ordered_json by_stage;
            for (const auto& [name, field] : kStages) {
                by_stage[name] = (*stages).*field * 1000.0 / static_cast<double>(staged);
            }
            line["stages_us"] = by_stage;
        }
        // A query file need not be UTF-8: its bytes are shown, not refused.
        out << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    }
}

void add_query_run_options(cxxopts::Options& options) {
    // Numbers are read as text and checked by whole_number_option, which names the option.
    options.add_options()("queries", "query file, one query a line", cxxopts::value<std::string>(),
                          "FILE")("runs", "timed passes over the queries",
                                  cxxopts::value<std::string>()->default_value("3"), "N")(
        "warmup", "untimed passes first", cxxopts::value<std::string>()->default_value("1"), "N")(
        "threads", "threads, each with its own index handle",
        cxxopts::value<std::string>()->default_value("1"),
        "N")("limit", "results per query", cxxopts::value<std::string>()->default_value("10"), "N")(
        "no-snippets", "skip snippets and highlights")(
        "no-translate", "search the words as typed only, not their translations")(
        "lang", "the language of every query: auto (told by its stopwords), es or en",
        cxxopts::value<std::string>()->default_value("auto"),
        "LANG")("per-query", "write each query's latency, hits and stages to FILE (JSON Lines)",
                cxxopts::value<std::string>(),
                "FILE")("json", "print one JSON object")("h,help", "show this help");
}

QueryRunOptions parse_query_run_options(const cxxopts::ParseResult& args) {
    if (!args.count("queries")) {
        throw UsageError("missing --queries");
    }
    QueryRunOptions run_options;
    run_options.runs = static_cast<uint32_t>(cli::whole_number_option(args, "runs"));
    run_options.warmup = static_cast<uint32_t>(cli::whole_number_option(args, "warmup"));
    run_options.threads = static_cast<uint32_t>(cli::whole_number_option(args, "threads"));
    run_options.limit = static_cast<uint32_t>(cli::whole_number_option(args, "limit"));
    run_options.snippets = !args.count("no-snippets");
    run_options.translate = !args.count("no-translate");
    const std::string lang = args["lang"].as<std::string>();
    const std::optional<QueryLanguage> language = parse_query_language(lang);
    if (!language) {
        throw UsageError("--lang: '" + lang + "' is not auto, es or en");
    }
    run_options.lang = *language;
    if (args.count("per-query")) {
        run_options.per_query = args["per-query"].as<std::string>();
        if (run_options.per_query.empty()) {
            throw UsageError("--per-query needs a file name");
        }
    }
    if (run_options.runs < 1 || run_options.threads < 1 || run_options.threads > 256 ||
        run_options.limit < 1) {
        throw UsageError("--runs, --threads and --limit must be at least 1 (threads at most 256)");
    }
    return run_options;
}

void print_query_run(const QueryRun& run, const QueryRunOptions& options,
                     const std::string& query_file, size_t query_count,
                     const nlohmann::json& config, bool json) {
    const std::vector<double>& latencies = run.latencies_us;
    double sum = 0;
    for (double latency : latencies) {
        sum += latency;
    }
    const double mean = sum / static_cast<double>(latencies.size());
    const double qps = static_cast<double>(latencies.size()) / run.wall_seconds;
    const double results_per_query =
        static_cast<double>(run.results) / static_cast<double>(query_count);
    const double p50 = percentile(latencies, 0.50), p95 = percentile(latencies, 0.95),
                 p99 = percentile(latencies, 0.99), max = percentile(latencies, 1.0);
    if (json) {
        nlohmann::json report = environment_json();
        report["config"] = config;
        report["config"].update({{"queries", query_file},
                                 {"query_count", query_count},
                                 {"runs", options.runs},
                                 {"warmup", options.warmup},
                                 {"threads", options.threads},
                                 {"limit", options.limit},
                                 {"snippets", options.snippets},
                                 {"translate", options.translate},
                                 {"lang", std::string(to_string(options.lang))}});
        report["latency_us"] = {
            {"p50", p50}, {"p95", p95}, {"p99", p99}, {"max", max}, {"mean", mean}};
        report["qps"] = qps;
        report["results_per_query"] = results_per_query;
        if (run.stages) {
            // Mean microseconds per search in each stage (the rest of `mean` is the API's
            // own work: opening a revision, copying results).
            nlohmann::json stages;
            for (const auto& [name, field] : kStages) {
                stages[name] =
                    (*run.stages).*field * 1000.0 / static_cast<double>(latencies.size());
            }
            report["stages_us"] = stages;
            nlohmann::json percentiles;
            for (const StagePercentiles& stage : stage_percentiles(run)) {
                percentiles[stage.name] = {{"p50", stage.p50_us}, {"p99", stage.p99_us}};
            }
            report["stage_percentiles_us"] = percentiles;
        }
        std::cout << report.dump() << "\n";
        return;
    }
    std::printf("%zu queries x %u runs, %u thread(s), top %u, snippets %s\n", query_count,
                options.runs, options.threads, options.limit, options.snippets ? "on" : "off");
    std::printf("latency us   p50 %.0f   p95 %.0f   p99 %.0f   max %.0f   mean %.0f\n", p50, p95,
                p99, max, mean);
    std::printf("throughput   %.1f queries/s; %.2f results per query\n", qps, results_per_query);
    if (run.stages) {
        std::printf("stages       mean us per search (share of the mean latency), p50, p99\n");
        const std::vector<StagePercentiles> percentiles = stage_percentiles(run);  // kStages' order
        double accounted = 0;
        for (size_t i = 0; i < std::size(kStages); ++i) {
            const double us =
                (*run.stages).*kStages[i].second * 1000.0 / static_cast<double>(latencies.size());
            accounted += us;
            std::printf("  %-10s %8.0f  %5.1f%%  %8.0f  %8.0f\n", kStages[i].first, us,
                        mean > 0 ? 100.0 * us / mean : 0.0, percentiles[i].p50_us,
                        percentiles[i].p99_us);
        }
        std::printf("  %-10s %8.0f  %5.1f%%\n", "other", mean - accounted,
                    mean > 0 ? 100.0 * (mean - accounted) / mean : 0.0);
        const StagePercentiles& ranking = percentiles.back();
        const double ranking_us =
            ranking_ms(*run.stages) * 1000.0 / static_cast<double>(latencies.size());
        std::printf("  %-10s %8.0f  %5.1f%%  %8.0f  %8.0f  (phase1 + phase2 + rerank)\n", "ranking",
                    ranking_us, mean > 0 ? 100.0 * ranking_us / mean : 0.0, ranking.p50_us,
                    ranking.p99_us);
    }
}

namespace {

class TildeEngine final : public QueryEngine {
  public:
    TildeEngine(const std::filesystem::path& index, const QueryRunOptions& options)
        : searcher_(index) {
        options_.limit = options.limit;
        options_.snippets = options.snippets;
        options_.translate = options.translate;
        options_.lang = options.lang;
    }
    size_t search(const std::string& query) override {
        const SearchResults results = searcher_.search(query, options_);
        stages_ = results.stages;
        return results.hits.size();
    }
    [[nodiscard]] const StageTimes* last_stages() const override { return &stages_; }

  private:
    Searcher searcher_;
    SearchOptions options_;
    StageTimes stages_;
};

}  // namespace

int run_query_bench(int argc, char** argv) {
    cxxopts::Options options(
        "tilde-bench query",
        "Query latency (p50/p95/p99/max, mean) and throughput of a query set.");
    options.add_options()("index", "the index (made by tilde-index)", cxxopts::value<std::string>(),
                          "DIR");
    add_query_run_options(options);
    cxxopts::ParseResult args = options.parse(argc, argv);
    if (args.count("help")) {
        std::cout << options.help();
        return 0;
    }
    if (!args.count("index")) {
        throw UsageError("missing --index");
    }
    const QueryRunOptions run_options = parse_query_run_options(args);
    const std::string index = args["index"].as<std::string>();
    const std::string query_file = args["queries"].as<std::string>();
    const std::vector<std::string> queries = read_query_lines(query_file);
    const QueryRun run = run_queries(
        [&] { return std::make_unique<TildeEngine>(index, run_options); }, queries, run_options);
    print_query_run(run, run_options, query_file, queries.size(),
                    {{"engine", "tilde"}, {"index", index}}, args.count("json") > 0);
    return 0;
}

}  // namespace tilde::bench
