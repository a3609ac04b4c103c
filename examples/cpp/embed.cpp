// SPDX-License-Identifier: MIT
// embed INDEX QUERY...: the smallest useful program on tilde's C++ API. It searches an index
// made by tilde-index and prints each passage's place, score, snippet and why it ranked.
#include <iostream>
#include <string>

#include <tilde/tilde.hpp>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: embed INDEX QUERY...\n";
        return 2;
    }
    std::string query = argv[2];
    for (int i = 3; i < argc; ++i) {
        query += std::string(" ") + argv[i];
    }
    try {
        tilde::Searcher searcher(argv[1]);  // one per thread
        tilde::SearchOptions options;
        options.limit = 5;
        options.explain = true;
        tilde::SearchResults results = searcher.search(query, options);
        for (const tilde::Hit& hit : results.hits) {
            std::cout << hit.rank << ". " << hit.doc << " #" << hit.passage << " (score "
                      << hit.score << ")\n   " << hit.snippet.text << "\n   why:";
            for (const tilde::TermContribution& part : hit.explanation) {
                std::cout << ' ' << part.kind << ':' << part.form << '=' << part.weight;
            }
            std::cout << " proximity=" << hit.proximity << '\n';
        }
        std::cout << results.total << " passages match\n";
        return results.hits.empty() ? 1 : 0;
    } catch (const tilde::Error& error) {  // index missing, version mismatch, bad query...
        std::cerr << "embed: error: " << error.what() << '\n';
        return 2;
    }
}
