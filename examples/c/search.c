/* SPDX-License-Identifier: MIT */
/* search INDEX QUERY: tilde's C API, for C programs and other languages' FFIs.
 *   cc search.c $(pkg-config --cflags --libs tilde) -o search */
#include <stdio.h>

#include <tilde/tilde.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: search INDEX QUERY\n");
        return 2;
    }
    tilde_searcher* searcher = NULL;
    if (tilde_searcher_open(argv[1], &searcher) != TILDE_OK) {
        fprintf(stderr, "search: error: %s\n", tilde_last_error());
        return 2;
    }
    tilde_search_options options;
    tilde_search_options_init(&options);
    options.limit = 3;
    options.explain = 1;
    tilde_results* results = NULL;
    tilde_status status = tilde_search(searcher, argv[2], &options, &results);
    if (status != TILDE_OK) {
        fprintf(stderr, "search: error (%s): %s\n", tilde_status_name(status), tilde_last_error());
        tilde_searcher_close(searcher);
        return 2;
    }
    for (size_t i = 0; i < tilde_results_count(results); ++i) {
        const tilde_hit* hit = tilde_results_hit(results, i);
        printf("%u. %s #%u (score %.3f)\n   %s\n", hit->rank, hit->doc, hit->passage, hit->score,
               hit->snippet);
        for (size_t t = 0; t < hit->term_count; ++t) {
            printf("   %s %s:%s=%.3f\n", hit->terms[t].term, hit->terms[t].kind, hit->terms[t].form,
                   hit->terms[t].weight);
        }
    }
    printf("%llu passages match\n", (unsigned long long)tilde_results_total(results));
    int found = tilde_results_count(results) > 0;
    tilde_results_free(results);
    tilde_searcher_close(searcher);
    return found ? 0 : 1;
}
