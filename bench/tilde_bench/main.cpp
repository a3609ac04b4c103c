// SPDX-License-Identifier: MIT
/// @file main.cpp  tilde-bench: end-to-end measurements. cxxopts has no subcommands, so the
/// first argument picks one and the rest go to its own options.
#include <cstring>
#include <iostream>

#include <tilde/errors.hpp>

#include "cli_support.hpp"
#include "index_bench.hpp"
#include "query.hpp"
#include "relevance.hpp"

namespace {

constexpr std::string_view kProgram = "tilde-bench";

int run(int argc, char** argv) {
    tilde::cli::use_stopwords_from_environment();
    const char* command = argc > 1 ? argv[1] : "";
    if (std::strcmp(command, "index") == 0) {
        return tilde::bench::run_index_bench(argc - 1, argv + 1);
    }
    if (std::strcmp(command, "query") == 0) {
        return tilde::bench::run_query_bench(argc - 1, argv + 1);
    }
    if (std::strcmp(command, "relevance") == 0) {
        return tilde::bench::run_relevance(argc - 1, argv + 1);
    }
    if (std::strcmp(command, "--version") == 0) {
        tilde::cli::print_version(kProgram);
        return tilde::cli::kExitOk;
    }
    if (*command == '\0' || std::strcmp(command, "-h") == 0 ||
        std::strcmp(command, "--help") == 0) {
        std::cout << "usage: tilde-bench COMMAND [OPTIONS]\n\n"
                     "  index       indexing throughput, peak memory and index size\n"
                     "  query       query latency (p50/p95/p99, QPS) of a query set\n"
                     "  relevance   ranking quality (MRR@10, nDCG@10, Recall@k) on judged "
                     "queries\n\n"
                     "tilde-bench COMMAND --help lists a command's options; "
                     "--version shows the version.\nMore: man tilde-bench.\n";
        return *command == '\0' ? tilde::cli::kExitError : tilde::cli::kExitOk;
    }
    throw tilde::UsageError(std::string("unknown command '") + command +
                            "': use index, query or relevance");
}

}  // namespace

int main(int argc, char** argv) {
    return tilde::cli::run_main(kProgram, [&] { return run(argc, argv); });
}
