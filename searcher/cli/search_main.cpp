// SPDX-License-Identifier: MIT
/// @file search_main.cpp  tilde-search: rank passages for a query and print them.
#include <iostream>

#include <cxxopts.hpp>

#include <tilde/errors.hpp>
#include <tilde/searcher.hpp>

#include "cli_support.hpp"
#include "printers.hpp"

namespace {

constexpr std::string_view kProgram = "tilde-search";

// "-Bolton" is a query word (exclusion), not a bundle of short options. Single-dash arguments
// longer than an option ("-n", "-n5" aside) are moved after "--" so cxxopts leaves them alone.
std::vector<std::string> separate_excluded_words(int argc, char** argv) {
    std::vector<std::string> options;
    std::vector<std::string> words;
    bool after_separator = false;
    for (int i = 0; i < argc; ++i) {
        std::string arg = argv[i];
        if (after_separator) {
            words.push_back(arg);
            continue;
        }
        if (arg == "--") {
            after_separator = true;
            continue;
        }
        bool is_limit = arg.size() > 2 && arg[1] == 'n' &&
                        arg.find_first_not_of("0123456789", 2) == std::string::npos;
        if (i > 0 && arg.size() > 2 && arg[0] == '-' && arg[1] != '-' && !is_limit) {
            words.push_back(arg);
        } else {
            options.push_back(arg);
        }
    }
    if (!words.empty()) {
        options.push_back("--");
        options.insert(options.end(), words.begin(), words.end());
    }
    return options;
}

int run(int argc, char** argv) {
    cxxopts::Options options(std::string(kProgram),
                             "Search a tilde index and print ranked passages.");
    options.positional_help("QUERY...");
    options.add_options()("i,index", "index folder (made by tilde-index)",
                          cxxopts::value<std::string>())(
        "n,limit", "results to show", cxxopts::value<uint32_t>()->default_value("10"))(
        "offset", "results to skip (paging)", cxxopts::value<uint32_t>()->default_value("0"))(
        "l,lang", "query language: auto, es or en",
        cxxopts::value<std::string>()->default_value("auto"))(
        "json", "print one JSON object instead of text")(
        "explain", "show each term's share of the score")("no-snippets",
                                                          "print no snippets (faster)")(
        "color", "colour: auto, always or never",
        cxxopts::value<std::string>()->default_value("auto"))("h,help", "show this help")(
        "query", "the query", cxxopts::value<std::vector<std::string>>());
    options.parse_positional({"query"});
    std::vector<std::string> arg_strings = separate_excluded_words(argc, argv);
    std::vector<char*> arg_pointers;
    for (std::string& arg : arg_strings) {
        arg_pointers.push_back(arg.data());
    }
    cxxopts::ParseResult args =
        options.parse(static_cast<int>(arg_pointers.size()), arg_pointers.data());
    if (args.count("help")) {
        std::cout << options.help()
                  << "\nQuery syntax: words (all preferred, any accepted), \"exact phrase\", "
                     "-excluded, prefix*.\nExit status: 0 results, 1 none, 2 error.\n";
        return tilde::cli::kExitOk;
    }
    if (!args.count("index")) {
        throw tilde::UsageError("missing --index DIR (an index made by tilde-index)");
    }
    const std::string color = args["color"].as<std::string>();
    if (color != "auto" && color != "always" && color != "never") {
        throw tilde::UsageError("unknown --color '" + color + "': use auto, always or never");
    }
    if (!args.count("query")) {
        throw tilde::UsageError("no query given: tilde-search --index DIR WORDS...");
    }
    std::string query;
    for (const std::string& word : args["query"].as<std::vector<std::string>>()) {
        query += (query.empty() ? "" : " ") + word;
    }

    tilde::Searcher searcher(args["index"].as<std::string>());
    tilde::SearchOptions search_options;
    search_options.limit = args["limit"].as<uint32_t>();
    search_options.offset = args["offset"].as<uint32_t>();
    search_options.lang = args["lang"].as<std::string>();
    search_options.snippets = args.count("no-snippets") == 0;
    search_options.explain = args.count("explain") > 0;
    tilde::SearchResults results = searcher.search(query, search_options);

    if (args.count("json")) {
        tilde::cli::print_json(std::cout, results, search_options.explain);
    } else {
        tilde::cli::PrintOptions print_options;
        print_options.color = tilde::cli::use_color(color, STDOUT_FILENO);
        print_options.explain = search_options.explain;
        tilde::cli::print_text(std::cout, results, print_options);
    }
    std::cout.flush();
    return results.hits.empty() ? tilde::cli::kExitNoResults : tilde::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    return tilde::cli::run_main(kProgram, [&] { return run(argc, argv); });
}
