// SPDX-License-Identifier: MIT
/// @file search_main.cpp  tilde-search: rank passages for a query and print them; with no
/// query, an interactive prompt on a terminal, or one query per line from a pipe.
#include <cstdlib>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>
#include <tilde/searcher.hpp>

#include "cli_support.hpp"
#include "line_editor.hpp"
#include "pager.hpp"
#include "printers.hpp"
#include "prompt.hpp"
#include "terminal.hpp"

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
        const bool is_sort_value = i > 0 && std::string_view(argv[i - 1]) == "--sort";  // -date
        if (i > 0 && arg.size() > 2 && arg[0] == '-' && arg[1] != '-' && !is_limit &&
            !is_sort_value) {
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

// Columns to wrap text to: the terminal's, else $COLUMNS, else none (pipes get whole lines).
size_t output_columns() {
    if (size_t columns = tilde::cli::terminal_columns(STDOUT_FILENO); columns > 0) {
        return columns;
    }
    const char* columns = std::getenv("COLUMNS");
    if (columns != nullptr) {
        char* end = nullptr;
        unsigned long value = std::strtoul(columns, &end, 10);
        if (end != columns && *end == '\0' && value >= 20 && value <= 1000) {
            return value;
        }
    }
    return 0;
}

// Shards left out, said once however many queries are piped in.
void warn_once(const tilde::SearchResults& results) {
    static std::set<std::string> said;
    for (const std::string& warning : results.warnings) {
        if (said.insert(warning).second) {
            tilde::cli::print_warning(kProgram, warning);
        }
    }
}

// The prompt: readline when a person is typing, plain lines otherwise (scripts and tests
// drive the same commands through a pipe with --interactive).
int run_prompt(const tilde::Searcher& searcher, const std::string& index_path,
               const std::string& first_query, const tilde::SearchOptions& search_options,
               const tilde::cli::PrintOptions& print_options, bool pager) {
    tilde::cli::PromptSession session(searcher, index_path, search_options, print_options);
    const bool typing = isatty(STDIN_FILENO) != 0;
    if (typing) {  // before the first results, so that -i QUERY explains what follows
        std::cout << "Searching " << index_path
                  << ". Type words and press Enter; :help lists the commands, Ctrl-D leaves.\n";
    }
    // What a line prints, through the pager when it is long (a document, a long page).
    auto answer = [&](std::string_view line) {
        std::ostringstream shown;
        const auto next = session.handle(line, shown, std::cerr);
        tilde::cli::show_paged(shown.str(), pager);
        return next;
    };
    if (!first_query.empty()) {
        answer(first_query);
    }
    if (!typing) {
        std::string line;
        while (std::getline(std::cin, line)) {
            if (session.handle(line, std::cout, std::cerr) ==
                tilde::cli::PromptSession::Next::Quit) {
                break;
            }
            std::cout.flush();
        }
        return tilde::cli::kExitOk;
    }
    tilde::cli::LineEditor::Callbacks callbacks;
    callbacks.on_line = [&](std::string_view line) {
        return answer(line) == tilde::cli::PromptSession::Next::Continue;
    };
    callbacks.complete = [&](std::string_view word) { return session.complete(word); };
    callbacks.prompt = [&] { return session.prompt(); };
    callbacks.on_resize = [&](size_t columns) { session.set_width(columns); };
    tilde::cli::LineEditor editor(
        tilde::cli::default_history_path(), std::move(callbacks),
        [](const std::string& message) { tilde::cli::print_warning(kProgram, message); });
    editor.run();
    return tilde::cli::kExitOk;
}

// The one-shot ways to print: ranked passages, their documents, or just the count.
enum class Listing : std::uint8_t { Passages, Documents, Count };

void print_results(std::ostream& out, const tilde::SearchResults& results, Listing listing,
                   bool json, bool explain, const tilde::cli::PrintOptions& print_options) {
    if (listing == Listing::Count) {
        if (json) {
            out << nlohmann::json({{"query", results.query}, {"total", results.total}}).dump()
                << '\n';
        } else {
            out << results.total << '\n';
        }
    } else if (json) {
        tilde::cli::print_json(out, results, explain);
    } else if (listing == Listing::Documents) {
        for (const tilde::Hit& hit : results.hits) {
            out << tilde::cli::visible(hit.doc, false) << '\n';
        }
    } else {
        tilde::cli::print_text(out, results, print_options);
    }
}

// One query per line from standard input, each answered in turn (a JSON line each with
// --json). A bad query is reported and the next one runs. Exit status: 2 if any query
// failed, else 0 if any found something, else 1.
int run_piped(const tilde::Searcher& searcher, const tilde::SearchOptions& search_options,
              bool json, Listing listing, const tilde::cli::PrintOptions& print_options) {
    bool any_results = false;
    bool any_error = false;
    bool first = true;
    std::string line;
    while (std::getline(std::cin, line)) {
        size_t begin = line.find_first_not_of(" \t\r");
        if (begin == std::string::npos) {
            continue;
        }
        std::string query = line.substr(begin, line.find_last_not_of(" \t\r") - begin + 1);
        try {
            tilde::SearchResults results = searcher.search(query, search_options);
            warn_once(results);
            any_results |= results.total > 0;
            if (!json && listing == Listing::Passages && !first) {
                std::cout << '\n';
            }
            print_results(std::cout, results, listing, json, search_options.explain, print_options);
        } catch (const tilde::Error& error) {
            any_error = true;
            tilde::cli::print_error(kProgram, error.what());
            if (json) {
                tilde::cli::print_json_error(std::cout, query, error.what());
            }
        }
        first = false;
        std::cout.flush();  // a script may wait for each answer before sending the next query
    }
    if (first) {
        throw tilde::UsageError("no query given: pass words, or pipe queries in one per line");
    }
    if (any_error) {
        return tilde::cli::kExitError;
    }
    return any_results ? tilde::cli::kExitOk : tilde::cli::kExitNoResults;
}

cxxopts::Options command_line_options() {
    cxxopts::Options options(std::string(kProgram),
                             "Search a tilde index and print ranked passages.");
    options.positional_help("QUERY...");
    // Numbers are read as text and checked by whole_number_option, which names the option.
    options.add_options()(
        "index",
        "index: folder, single file, or shard list (made by tilde-index); default: "
        "$TILDE_INDEX, or 'index = DIR' in ~/.config/tilde/config",
        cxxopts::value<std::string>(),
        "DIR")("i,interactive", "open the search prompt (the default on a terminal with no query)")(
        "n,limit", "results to show", cxxopts::value<std::string>()->default_value("10"), "N")(
        "offset", "results to skip (paging)", cxxopts::value<std::string>()->default_value("0"),
        "K")("per-document", "at most N passages of one document (the best of each)",
             cxxopts::value<std::string>(),
             "N")("documents", "list the documents that match, best first, one id a line")(
        "count", "print only the number of matching passages (exact)")(
        "stats", "print the index's counts (documents, passages, terms, size) and exit")(
        "l,lang", "query language: auto, es or en",
        cxxopts::value<std::string>()->default_value("auto"),
        "LANG")("json", "print JSON: one object per query (a line each when queries are piped in)")(
        "explain", "show each term's share of the score")("no-snippets",
                                                          "print no snippets (faster)")(
        "sort", "order: relevance, date (oldest first) or -date (newest first)",
        cxxopts::value<std::string>()->default_value("relevance"),
        "ORDER")("no-synonyms", "match only the words typed, not the spellings in synonyms.txt")(
        "no-translate", "match only the words typed, not their translations (reunión: meeting)")(
        "timeout", "sharded index: milliseconds a remote shard may take to answer",
        cxxopts::value<std::string>()->default_value("10000"),
        "MS")("partial", "sharded index: if a shard is down, search the others (with a warning)")(
        "color", "colour: auto, always or never",
        cxxopts::value<std::string>()->default_value("auto"),
        "WHEN")("facets",
                "also count the matches by these, comma-separated: date (year and month), year, "
                "month, lang, source",
                cxxopts::value<std::string>(), "LIST")(
        "no-pager",
        "never page long output (by default, on a terminal: $TILDE_PAGER, $PAGER or less)")(
        "h,help", "show this help")("version", "show the version and licence")(
        "query", "the query", cxxopts::value<std::vector<std::string>>());
    options.parse_positional({"query"});
    return options;
}

int run(int argc, char** argv) {
    tilde::cli::use_stopwords_from_environment();
    cxxopts::Options options = command_line_options();
    std::vector<std::string> arg_strings = separate_excluded_words(argc, argv);
    std::vector<char*> arg_pointers;
    for (std::string& arg : arg_strings) {
        arg_pointers.push_back(arg.data());
    }
    cxxopts::ParseResult args =
        options.parse(static_cast<int>(arg_pointers.size()), arg_pointers.data());
    if (args.count("help")) {
        std::cout
            << options.help()
            << "\nWith no query: a search prompt on a terminal (:help there lists its "
               "commands),\notherwise one query per line from standard input.\n"
               "Query syntax: words (all preferred, any accepted),\n"
               "\"exact phrase\", -excluded, +required, AND OR NOT ( ), Maduro NEAR/3 secret,\n"
               "prefix*, =año (accents as typed), title: doc: lang:es source: "
               "date:2019-01..2019-02.\nExit status: 0 results, 1 none, 2 error.\n"
               "More: man tilde-search; the query language in full: docs/query-syntax.md\n"
               "(installed in share/doc/tilde).\n";
        return tilde::cli::kExitOk;
    }
    if (args.count("version")) {
        tilde::cli::print_version(kProgram);
        return tilde::cli::kExitOk;
    }
    const std::string index_path = tilde::cli::index_option(args);
    const std::string color = args["color"].as<std::string>();
    if (color != "auto" && color != "always" && color != "never") {
        throw tilde::UsageError("--color: unknown value '" + color +
                                "': use auto, always or never");
    }
    const bool interactive = args.count("interactive") > 0;
    const bool json = args.count("json") > 0;
    if (interactive && json) {
        throw tilde::UsageError(
            "the prompt (--interactive) prints text; pipe queries in for "
            "--json, one per line");
    }
    if (args.count("documents") && args.count("count")) {
        throw tilde::UsageError("--documents and --count: choose one");
    }
    const Listing listing = args.count("count")       ? Listing::Count
                            : args.count("documents") ? Listing::Documents
                                                      : Listing::Passages;
    if (interactive && listing != Listing::Passages) {
        throw tilde::UsageError("the prompt (--interactive) lists passages, not " +
                                std::string(listing == Listing::Count ? "--count" : "--documents"));
    }
    std::string query;
    if (args.count("query")) {
        for (const std::string& word : args["query"].as<std::vector<std::string>>()) {
            query += (query.empty() ? "" : " ") + word;
        }
    }

    tilde::OpenOptions open_options;
    open_options.timeout_ms =
        static_cast<uint32_t>(tilde::cli::whole_number_option(args, "timeout"));
    open_options.partial = args.count("partial") > 0;
    if (open_options.timeout_ms == 0) {
        throw tilde::UsageError("--timeout: must be at least 1 millisecond");
    }
    tilde::SearchOptions search_options;
    search_options.limit = static_cast<uint32_t>(tilde::cli::whole_number_option(args, "limit"));
    if (search_options.limit == 0) {
        throw tilde::UsageError("--limit: must be at least 1");
    }
    search_options.offset = static_cast<uint32_t>(tilde::cli::whole_number_option(args, "offset"));
    if (args.count("per-document")) {
        search_options.per_document =
            static_cast<uint32_t>(tilde::cli::whole_number_option(args, "per-document"));
        if (search_options.per_document == 0) {
            throw tilde::UsageError("--per-document: must be at least 1");
        }
    }
    const std::string lang = args["lang"].as<std::string>();
    const std::optional<tilde::QueryLanguage> language = tilde::parse_query_language(lang);
    if (!language) {
        throw tilde::UsageError("--lang: unknown language '" + lang + "': use es, en or auto");
    }
    search_options.lang = *language;
    search_options.snippets = args.count("no-snippets") == 0;
    search_options.explain = args.count("explain") > 0;
    const std::string sort = args["sort"].as<std::string>();
    const std::optional<tilde::SortOrder> order = tilde::parse_sort_order(sort);
    if (!order) {
        throw tilde::UsageError("--sort: unknown order '" + sort +
                                "': use relevance, date or -date");
    }
    search_options.sort = *order;
    search_options.synonyms = args.count("no-synonyms") == 0;
    search_options.translate = args.count("no-translate") == 0;
    if (args.count("facets")) {
        search_options.facets = tilde::parse_facet_list(args["facets"].as<std::string>());
    }
    if (listing == Listing::Documents) {
        search_options.per_document = 1;
        search_options.snippets = false;
    } else if (listing == Listing::Count) {
        search_options.exact_total = true;
        search_options.snippets = false;
        search_options.limit = 1;
        search_options.offset = 0;
    }
    const bool pager = args.count("no-pager") == 0;
    tilde::cli::PrintOptions print_options;
    print_options.color = tilde::cli::use_color(color, STDOUT_FILENO);
    print_options.explain = search_options.explain;
    print_options.width = output_columns();

    const tilde::Searcher searcher(index_path, open_options);
    if (args.count("stats")) {
        tilde::cli::print_info(std::cout, searcher.info(), index_path);
        return tilde::cli::kExitOk;
    }
    if (interactive ||
        (query.empty() && !json && listing == Listing::Passages && isatty(STDIN_FILENO) != 0)) {
        return run_prompt(searcher, index_path, query, search_options, print_options, pager);
    }
    if (query.empty()) {
        return run_piped(searcher, search_options, json, listing, print_options);
    }
    tilde::SearchResults results;
    try {
        results = searcher.search(query, search_options);
    } catch (const tilde::Error& error) {
        if (json) {  // a script reading JSON gets its answer where it reads
            tilde::cli::print_json_error(std::cout, query, error.what());
        }
        throw;
    }
    warn_once(results);
    std::ostringstream shown;
    print_results(shown, results, listing, json, search_options.explain, print_options);
    tilde::cli::show_paged(shown.str(), pager);
    // Paging past the last result still found passages.
    return results.total == 0 ? tilde::cli::kExitNoResults : tilde::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    return tilde::cli::run_main(kProgram, [&] { return run(argc, argv); });
}
