// SPDX-License-Identifier: MIT
/// @file relevance.cpp  tilde-bench relevance: ranking quality per language, worst queries.
#include "relevance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>

#include "bench_support.hpp"
#include "cli_support.hpp"

namespace tilde::bench {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
        size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab - start));
        if (tab == std::string::npos) {
            return fields;
        }
        start = tab + 1;
    }
}

// Calls `on_fields` with each non-empty line's tab-separated fields and its line number.
template <class OnFields>
void read_tsv(const std::filesystem::path& path, size_t want_fields, OnFields&& on_fields) {
    std::ifstream in(path);
    if (!in) {
        throw IoError("cannot read '" + path.string() + "'");
    }
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty()) {
            continue;
        }
        std::vector<std::string> fields = split_tabs(line);
        if (fields.size() < want_fields) {
            throw IoError(path.string() + ":" + std::to_string(number) + ": expected " +
                          std::to_string(want_fields) + " tab-separated fields");
        }
        on_fields(fields);
    }
}

std::string format_metric(double value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    return buffer;
}

}  // namespace

std::vector<JudgedQuery> read_queries(const std::filesystem::path& path) {
    std::vector<JudgedQuery> queries;
    read_tsv(path, 3, [&](const std::vector<std::string>& fields) {
        queries.push_back({fields[0], fields[1], fields[2]});
    });
    return queries;
}

std::map<std::string, std::set<std::string>> read_qrels(const std::filesystem::path& path) {
    std::map<std::string, std::set<std::string>> qrels;
    read_tsv(path, 2,
             [&](const std::vector<std::string>& fields) { qrels[fields[0]].insert(fields[1]); });
    return qrels;
}

Metrics summarize(const std::vector<QueryOutcome>& outcomes, const std::string& lang) {
    Metrics metrics;
    for (const QueryOutcome& outcome : outcomes) {
        if (!lang.empty() && outcome.query->lang != lang) {
            continue;
        }
        ++metrics.queries;
        const uint32_t rank = outcome.rank;
        if (rank == 0) {
            continue;
        }
        if (rank <= 10) {
            metrics.mrr_at_10 += 1.0 / rank;
            metrics.ndcg_at_10 += 1.0 / std::log2(rank + 1.0);  // one relevant: ideal DCG is 1
            metrics.recall_at_10 += 1;
        }
        metrics.recall_at_1 += rank == 1 ? 1 : 0;
        metrics.recall_at_100 += rank <= 100 ? 1 : 0;
    }
    if (metrics.queries > 0) {
        const auto n = static_cast<double>(metrics.queries);
        for (double* value : {&metrics.mrr_at_10, &metrics.ndcg_at_10, &metrics.recall_at_1,
                              &metrics.recall_at_10, &metrics.recall_at_100}) {
            *value /= n;
        }
    }
    return metrics;
}

std::vector<QueryOutcome> evaluate(const Searcher& searcher,
                                   const std::vector<JudgedQuery>& queries,
                                   const std::map<std::string, std::set<std::string>>& qrels,
                                   const SearchOptions& options) {
    static const std::set<std::string> kNone;
    std::vector<QueryOutcome> outcomes;
    for (const JudgedQuery& query : queries) {
        auto judged = qrels.find(query.id);
        const std::set<std::string>& relevant = judged == qrels.end() ? kNone : judged->second;
        QueryOutcome outcome{&query, 0, ""};
        SearchResults results;
        try {
            results = searcher.search(query.text, options);
        } catch (const QuerySyntaxError&) {
            // A query with nothing to search for finds nothing; it still counts.
        }
        for (const Hit& hit : results.hits) {
            if (outcome.top_doc.empty()) {
                outcome.top_doc = hit.doc;
            }
            if (relevant.contains(hit.doc)) {
                outcome.rank = hit.rank;
                break;
            }
        }
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

int run_relevance(int argc, char** argv) {
    cxxopts::Options options("tilde-bench relevance",
                             "Ranking quality of a tilde index on judged queries.");
    options.add_options()("index", "the index (made by tilde-index)", cxxopts::value<std::string>(),
                          "DIR")("queries", "queries: qid<TAB>lang<TAB>text lines",
                                 cxxopts::value<std::string>(), "FILE")(
        "qrels", "judgments: qid<TAB>relevant document id lines", cxxopts::value<std::string>(),
        "FILE")("worst", "how many of the worst-ranked queries to list",
                cxxopts::value<std::string>()->default_value("20"),
                "N")("query-lang", "search each query with its language from the file, not auto")(
        "no-translate", "search the words as typed only, not their translations")(
        "json", "print one JSON object")("h,help", "show this help");
    cxxopts::ParseResult args = options.parse(argc, argv);
    if (args.count("help")) {
        std::cout << options.help();
        return 0;
    }
    for (const char* required : {"index", "queries", "qrels"}) {
        if (!args.count(required)) {
            throw UsageError(std::string("missing --") + required);
        }
    }
    const std::vector<JudgedQuery> queries = read_queries(args["queries"].as<std::string>());
    const auto qrels = read_qrels(args["qrels"].as<std::string>());
    Searcher searcher(args["index"].as<std::string>());
    SearchOptions search_options;
    search_options.limit = 100;
    search_options.snippets = false;
    search_options.translate = args.count("no-translate") == 0;
    std::vector<QueryOutcome> outcomes;
    if (args.count("query-lang")) {
        for (const JudgedQuery& query : queries) {
            const std::optional<QueryLanguage> language = parse_query_language(query.lang);
            if (!language) {
                throw UsageError("query " + query.id + ": unknown language '" + query.lang +
                                 "' for --query-lang");
            }
            search_options.lang = *language;
            std::vector<QueryOutcome> one = evaluate(searcher, {query}, qrels, search_options);
            one.front().query = &query;  // evaluate() pointed at its temporary copy
            outcomes.push_back(std::move(one.front()));
        }
    } else {
        outcomes = evaluate(searcher, queries, qrels, search_options);
    }

    std::vector<std::string> languages;
    for (const JudgedQuery& query : queries) {
        if (std::find(languages.begin(), languages.end(), query.lang) == languages.end()) {
            languages.push_back(query.lang);
        }
    }
    std::sort(languages.begin(), languages.end());
    languages.emplace_back("");  // all

    std::vector<const QueryOutcome*> worst;
    for (const QueryOutcome& outcome : outcomes) {
        if (outcome.rank != 1) {
            worst.push_back(&outcome);
        }
    }
    auto badness = [](const QueryOutcome* o) { return o->rank == 0 ? 1000u : o->rank; };
    std::stable_sort(worst.begin(), worst.end(),
                     [&](const auto* a, const auto* b) { return badness(a) > badness(b); });
    worst.resize(
        std::min(worst.size(), static_cast<size_t>(cli::whole_number_option(args, "worst"))));

    if (args.count("json")) {
        nlohmann::json metrics = nlohmann::json::object();
        for (const std::string& lang : languages) {
            Metrics m = summarize(outcomes, lang);
            metrics[lang.empty() ? "all" : lang] = {
                {"queries", m.queries},        {"mrr@10", m.mrr_at_10},
                {"ndcg@10", m.ndcg_at_10},     {"recall@1", m.recall_at_1},
                {"recall@10", m.recall_at_10}, {"recall@100", m.recall_at_100}};
        }
        nlohmann::json ranks = nlohmann::json::object();
        for (const QueryOutcome& outcome : outcomes) {
            ranks[outcome.query->id] = outcome.rank;
        }
        nlohmann::json worst_json = nlohmann::json::array();
        for (const QueryOutcome* outcome : worst) {
            worst_json.push_back({{"id", outcome->query->id},
                                  {"query", outcome->query->text},
                                  {"rank", outcome->rank},
                                  {"top", outcome->top_doc}});
        }
        nlohmann::json answer = {{"config",
                                  {{"index", args["index"].as<std::string>()},
                                   {"queries", args["queries"].as<std::string>()},
                                   {"qrels", args["qrels"].as<std::string>()},
                                   {"query_lang", args.count("query-lang") > 0},
                                   {"depth", search_options.limit}}},
                                 {"environment", environment_json()},
                                 {"metrics", metrics},
                                 {"worst", worst_json},
                                 {"ranks", ranks}};
        std::cout << answer.dump(2) << '\n';
        return 0;
    }
    std::printf("%-5s %7s %7s %8s %6s %6s %6s\n", "lang", "queries", "MRR@10", "nDCG@10", "R@1",
                "R@10", "R@100");
    for (const std::string& lang : languages) {
        Metrics m = summarize(outcomes, lang);
        std::printf("%-5s %7zu %7s %8s %6s %6s %6s\n", lang.empty() ? "all" : lang.c_str(),
                    m.queries, format_metric(m.mrr_at_10).c_str(),
                    format_metric(m.ndcg_at_10).c_str(), format_metric(m.recall_at_1).c_str(),
                    format_metric(m.recall_at_10).c_str(), format_metric(m.recall_at_100).c_str());
    }
    if (!worst.empty()) {
        std::printf(
            "\nworst-ranked queries (rank of the relevant passage; - = not in the top %u):\n",
            search_options.limit);
        for (const QueryOutcome* outcome : worst) {
            std::printf("%5s  %-28s %s  [top: %s]\n",
                        outcome->rank == 0 ? "-" : std::to_string(outcome->rank).c_str(),
                        outcome->query->id.c_str(), outcome->query->text.c_str(),
                        outcome->top_doc.c_str());
        }
    }
    return 0;
}

}  // namespace tilde::bench
