/* SPDX-License-Identifier: MIT */
/**
 * @file tilde.h  The C API of tilde, for programs in C and for other languages' FFIs.
 *
 * Every function returns a tilde_status (TILDE_OK or an error) or a plain value; no C++
 * exception ever crosses this boundary. After an error, tilde_last_error() gives a one-line
 * message naming the index, file or query and what to do.
 *
 * Memory: every object a tilde_*_open() or tilde_search() creates is freed by the matching
 * tilde_*_close() or tilde_results_free(). Strings and arrays that results hand out belong to
 * the results object and stay valid until it is freed.
 *
 * Threads: handles are not thread-safe; use one tilde_searcher (or tilde_writer) per thread.
 * Different handles may be used from different threads at the same time, and so may
 * tilde_last_error(), which is per thread.
 */
#ifndef TILDE_TILDE_H
#define TILDE_TILDE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What a call came to. The numbers are stable. */
typedef enum tilde_status {
    TILDE_OK = 0,
    TILDE_ERROR_USAGE = 1,            /**< a bad argument: NULL handle, unknown language, ... */
    TILDE_ERROR_INDEX_NOT_FOUND = 2,  /**< no index at that path */
    TILDE_ERROR_INDEX_CORRUPT = 3,    /**< the index cannot be read */
    TILDE_ERROR_VERSION_MISMATCH = 4, /**< built by another analyzer or format: re-index */
    TILDE_ERROR_QUERY_SYNTAX = 5,     /**< a query with nothing to search for, ... */
    TILDE_ERROR_IO = 6,               /**< a file could not be read or written */
    TILDE_ERROR_NO_MEMORY = 7,
    TILDE_ERROR_INTERNAL = 8,         /**< a bug: please report the message */
    TILDE_ERROR_SHARD_UNAVAILABLE = 9 /**< a shard of a sharded index cannot be reached */
} tilde_status;

/** The library's version, e.g. "0.1.0". */
const char* tilde_version(void);

/** The message of the last failed call on this thread ("" if none). */
const char* tilde_last_error(void);

/** A status's name, e.g. "TILDE_ERROR_INDEX_NOT_FOUND". */
const char* tilde_status_name(tilde_status status);

/** Reads the stopword lists from `dir`/en.txt and `dir`/es.txt instead of the installed ones
 *  (see tilde::set_stopwords_dir). Call before opening any index. */
tilde_status tilde_set_stopwords_dir(const char* dir);

/* ---- Searching ---------------------------------------------------------------------- */

typedef struct tilde_searcher tilde_searcher;
typedef struct tilde_results tilde_results;

/** A half-open byte range [begin, end) of some UTF-8 text. */
typedef struct tilde_range {
    uint32_t begin;
    uint32_t end;
} tilde_range;

/** Opens the index at `path` (a folder, or a single-file index) for searching. */
tilde_status tilde_searcher_open(const char* path, tilde_searcher** searcher);

/** Opens a single-file index stored `offset` bytes into the file at `path`, as a tool does
 *  that appends an index to its own data file. */
tilde_status tilde_searcher_open_at(const char* path, uint64_t offset, tilde_searcher** searcher);

/** Closes a searcher; NULL is ignored. */
void tilde_searcher_close(tilde_searcher* searcher);

/** How to search; start from tilde_search_options_init(). */
typedef struct tilde_search_options {
    uint32_t limit;   /**< results to return (default 10) */
    uint32_t offset;  /**< results to skip, for paging (default 0) */
    const char* lang; /**< "auto" (default), "es" or "en": the query's stemmer */
    int snippets;     /**< non-zero: make snippets (default 1) */
    int explain;      /**< non-zero: per-term contributions (default 0) */
    int translate;    /**< non-zero: words also match their translations (default 1) */
} tilde_search_options;

/** Fills `options` with the defaults. */
void tilde_search_options_init(tilde_search_options* options);

/** Ranks passages for `query` (words, "phrases", -excluded, prefix*). `options` may be NULL
 *  for the defaults. On success *results must be freed with tilde_results_free(). */
tilde_status tilde_search(tilde_searcher* searcher, const char* query,
                          const tilde_search_options* options, tilde_results** results);

/** Frees results; NULL is ignored. */
void tilde_results_free(tilde_results* results);

/** Estimated number of matching passages. */
uint64_t tilde_results_total(const tilde_results* results);

/** 1 when tilde_results_total() is the exact count of matching passages, 0 when it is an
 *  estimate (past about a hundred matches). */
int tilde_results_total_exact(const tilde_results* results);
/** Number of hits returned (at most the limit). */
size_t tilde_results_count(const tilde_results* results);
/** "Did you mean" in the corpus's spelling, or NULL. */
const char* tilde_results_suggestion(const tilde_results* results);
/** Wall time of the search in milliseconds. */
double tilde_results_took_ms(const tilde_results* results);

/** One query term's share of a hit's score (see tilde::TermContribution). */
typedef struct tilde_term {
    const char* term;          /**< the query word as typed */
    const char* kind;          /**< "stem", "word", "exact" or "prefix" */
    const char* form;          /**< the index term that matched */
    const char* lang;          /**< the stemmer's language for stems, else "" */
    const char* passage_words; /**< the passage's own spelling of the word */
    double weight;
} tilde_term;

/** One ranked passage. Strings are UTF-8 and NUL-terminated. */
typedef struct tilde_hit {
    uint32_t rank; /**< 1-based, counting from the first result of the search */
    double score;
    const char* doc; /**< document id */
    const char* title;
    uint32_t passage; /**< passage number within the document, from 1 */
    uint32_t start;   /**< passage byte range within the document */
    uint32_t end;
    const char* lang;              /**< language the passage was analyzed as */
    const char* text;              /**< the whole passage */
    const tilde_range* highlights; /**< matched words in `text` */
    size_t highlight_count;
    const char* snippet;                   /**< "" when snippets are off */
    const tilde_range* snippet_highlights; /**< matched words in `snippet` */
    size_t snippet_highlight_count;
    const tilde_term* terms; /**< with explain: each term's share of the score */
    size_t term_count;
    double proximity; /**< with explain: the phrase/proximity bonus */
} tilde_hit;

/** Hit `i` (0-based, below tilde_results_count()), or NULL when out of range. */
const tilde_hit* tilde_results_hit(const tilde_results* results, size_t i);

/* ---- Indexing ----------------------------------------------------------------------- */

typedef struct tilde_writer tilde_writer;

/** Opens or creates the index folder at `path`. `lang` is "auto" (NULL means "auto"), "es"
 *  or "en": the language of documents that do not give their own. */
tilde_status tilde_writer_open(const char* path, const char* lang, tilde_writer** writer);

/** Adds (or replaces, by id) one document. `id` and `text` are required; `title`, `lang`,
 *  `date` and `source` may be NULL. */
tilde_status tilde_writer_add(tilde_writer* writer, const char* id, const char* title,
                              const char* text, const char* lang, const char* date,
                              const char* source);

/** Makes everything added so far durable and visible to searchers. */
tilde_status tilde_writer_commit(tilde_writer* writer);

/** What tilde_writer_index_paths() did. */
typedef struct tilde_index_summary {
    uint64_t files;     /**< files read */
    uint64_t unchanged; /**< files skipped as unchanged since they were indexed */
    uint64_t pruned;    /**< files gone whose documents were removed */
    uint64_t skipped;   /**< files or JSON lines skipped (warned about) */
    uint64_t documents; /**< documents written */
    uint64_t passages;  /**< passages written */
} tilde_index_summary;

/** Indexes `count` files and folders (.txt .md .html .jsonl .jsonl.gz) and commits, as
 *  tilde-index does: unchanged files are skipped, changed ones replaced; with `prune` != 0
 *  the documents of files recorded but gone are removed. `summary` may be NULL. Warnings
 *  about skipped input are not reported here (tilde-index prints them). */
tilde_status tilde_writer_index_paths(tilde_writer* writer, const char* const* paths, size_t count,
                                      int prune, tilde_index_summary* summary);

/** Commits, then closes the writer; NULL is ignored. A failed final commit is reported
 *  through the status (the writer is closed all the same). */
tilde_status tilde_writer_close(tilde_writer* writer);

#ifdef __cplusplus
}
#endif

#endif /* TILDE_TILDE_H */
