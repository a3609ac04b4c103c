// SPDX-License-Identifier: MIT
/// @file main.cpp  tilde-bench-peers: builds and queries the peers of bench/compare.sh with the
/// same passages, queries and timing code as tilde-bench.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>

#include "bench_support.hpp"
#include "cli_support.hpp"
#include "peers.hpp"

namespace tilde::bench {
namespace {

namespace fs = std::filesystem;

std::string engine_option(const cxxopts::ParseResult& args) {
    if (!args.count("engine")) {
        throw UsageError("missing --engine (xapian or fts5)");
    }
    std::string engine = args["engine"].as<std::string>();
    if (engine != "xapian" && engine != "fts5") {
        throw UsageError("unknown engine '" + engine + "': use xapian or fts5");
    }
    return engine;
}

std::string required(const cxxopts::ParseResult& args, const char* name) {
    if (!args.count(name)) {
        throw UsageError(std::string("missing --") + name);
    }
    return args[name].as<std::string>();
}

int run_index(int argc, char** argv) {
    cxxopts::Options options("tilde-bench-peers index",
                             "Indexes a tilde index's passages with a peer; prints MB/s of text "
                             "and index size.");
    options.add_options()("engine", "xapian or fts5", cxxopts::value<std::string>())(
        "from", "tilde index whose passages to index", cxxopts::value<std::string>())(
        "index", "where to build the peer's index (must not exist)", cxxopts::value<std::string>())(
        "json", "print one JSON object")("h,help", "show this help");
    cxxopts::ParseResult args = options.parse(argc, argv);
    if (args.count("help")) {
        std::cout << options.help();
        return cli::kExitOk;
    }
    const std::string engine = engine_option(args);
    const fs::path from = required(args, "from");
    const fs::path out = required(args, "index");
    if (fs::exists(out)) {
        throw UsageError("'" + out.string() + "' exists; the benchmark builds a new index");
    }
    const std::vector<PeerPassage> passages = load_passages(from);
    uint64_t text_bytes = 0;
    for (const PeerPassage& passage : passages) {
        text_bytes += passage.text.size();
    }
    auto start = std::chrono::steady_clock::now();
    if (engine == "xapian") {
        build_xapian_peer(passages, out);
    } else {
        build_fts5_peer(passages, out);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const uint64_t index_bytes = disk_bytes(out);
    const double mb_per_s = static_cast<double>(text_bytes) / 1e6 / seconds;
    const double ratio = static_cast<double>(index_bytes) / static_cast<double>(text_bytes);
    if (args.count("json")) {
        nlohmann::json report = environment_json();
        report["config"] = {{"engine", engine}, {"from", from.string()}, {"index", out.string()}};
        report["passages"] = passages.size();
        report["text_bytes"] = text_bytes;
        report["seconds"] = seconds;
        report["mb_per_s"] = mb_per_s;
        report["index_bytes"] = index_bytes;
        report["index_to_text"] = ratio;
        std::cout << report.dump() << "\n";
        return cli::kExitOk;
    }
    std::printf(
        "%s: %zu passages, %.1f MB of text in %.1f s: %.2f MB/s; index %.1f MB (%.2f x "
        "the text)\n",
        engine.c_str(), passages.size(), static_cast<double>(text_bytes) / 1e6, seconds, mb_per_s,
        static_cast<double>(index_bytes) / 1e6, ratio);
    return cli::kExitOk;
}

int run_query(int argc, char** argv) {
    cxxopts::Options options("tilde-bench-peers query",
                             "Query latency of a peer, measured as tilde-bench query measures "
                             "tilde.");
    options.add_options()("engine", "xapian or fts5", cxxopts::value<std::string>())(
        "index", "the peer's index (made by tilde-bench-peers index)",
        cxxopts::value<std::string>());
    add_query_run_options(options);
    cxxopts::ParseResult args = options.parse(argc, argv);
    if (args.count("help")) {
        std::cout << options.help();
        return cli::kExitOk;
    }
    const std::string engine = engine_option(args);
    const fs::path index = required(args, "index");
    if (!fs::exists(index)) {
        throw IndexNotFound("no index at '" + index.string() + "'");
    }
    const QueryRunOptions run_options = parse_query_run_options(args);
    const std::string query_file = args["queries"].as<std::string>();
    const std::vector<std::string> queries = read_query_lines(query_file);
    const QueryRun run = run_queries(
        [&] {
            return engine == "xapian" ? open_xapian_peer(index, run_options)
                                      : open_fts5_peer(index, run_options);
        },
        queries, run_options);
    print_query_run(run, run_options, query_file, queries.size(),
                    {{"engine", engine}, {"index", index.string()}}, args.count("json") > 0);
    return cli::kExitOk;
}

int run(int argc, char** argv) {
    const char* command = argc > 1 ? argv[1] : "";
    if (std::strcmp(command, "index") == 0) {
        return run_index(argc - 1, argv + 1);
    }
    if (std::strcmp(command, "query") == 0) {
        return run_query(argc - 1, argv + 1);
    }
    if (*command == '\0' || std::strcmp(command, "-h") == 0 ||
        std::strcmp(command, "--help") == 0) {
        std::cout << "usage: tilde-bench-peers COMMAND --engine xapian|fts5 [OPTIONS]\n\n"
                     "  index   index a tilde index's passages with a peer\n"
                     "  query   query latency of a peer's index\n\n"
                     "tilde-bench-peers COMMAND --help lists a command's options.\n";
        return *command == '\0' ? cli::kExitError : cli::kExitOk;
    }
    throw UsageError(std::string("unknown command '") + command + "': use index or query");
}

}  // namespace
}  // namespace tilde::bench

int main(int argc, char** argv) {
    return tilde::cli::run_main("tilde-bench-peers", [&] { return tilde::bench::run(argc, argv); });
}
