#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The C API through Python's standard ctypes, as another language's FFI would use it.

Usage: test_ctypes.py LIBTILDE_SO CORPUS_DIR

Indexes the bundled corpus through tilde_writer_*, searches it through tilde_search, reads
every field of the results, and checks the errors: status codes and one-line messages.
"""
import ctypes
import os
import sys
import tempfile
from ctypes import POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_uint32, \
    c_uint64, c_void_p

OK, USAGE, INDEX_NOT_FOUND, QUERY_SYNTAX, SHARD_UNAVAILABLE = 0, 1, 2, 5, 9


class Range(Structure):
    _fields_ = [("begin", c_uint32), ("end", c_uint32)]


class Term(Structure):
    _fields_ = [("term", c_char_p), ("kind", c_char_p), ("form", c_char_p), ("lang", c_char_p),
                ("passage_words", c_char_p), ("weight", c_double)]


class Hit(Structure):
    _fields_ = [("rank", c_uint32), ("score", c_double), ("doc", c_char_p), ("title", c_char_p),
                ("passage", c_uint32), ("start", c_uint32), ("end", c_uint32),
                ("lang", c_char_p), ("text", c_char_p), ("highlights", POINTER(Range)),
                ("highlight_count", c_size_t), ("snippet", c_char_p),
                ("snippet_highlights", POINTER(Range)), ("snippet_highlight_count", c_size_t),
                ("terms", POINTER(Term)), ("term_count", c_size_t), ("proximity", c_double)]


class IndexSummary(Structure):
    _fields_ = [("files", c_uint64), ("unchanged", c_uint64), ("pruned", c_uint64),
                ("skipped", c_uint64), ("documents", c_uint64), ("passages", c_uint64)]


class Options(Structure):
    _fields_ = [("limit", c_uint32), ("offset", c_uint32), ("lang", c_char_p),
                ("snippets", c_int), ("explain", c_int), ("translate", c_int)]


def load(path):
    lib = ctypes.CDLL(path)
    signatures = {
        "tilde_version": (c_char_p, []),
        "tilde_last_error": (c_char_p, []),
        "tilde_status_name": (c_char_p, [c_int]),
        "tilde_writer_open": (c_int, [c_char_p, c_char_p, POINTER(c_void_p)]),
        "tilde_writer_add": (c_int, [c_void_p] + [c_char_p] * 6),
        "tilde_writer_close": (c_int, [c_void_p]),
        "tilde_writer_index_paths": (c_int, [c_void_p, POINTER(c_char_p), c_size_t, c_int,
                                             POINTER(IndexSummary)]),
        "tilde_results_total_exact": (c_int, [c_void_p]),
        "tilde_searcher_open": (c_int, [c_char_p, POINTER(c_void_p)]),
        "tilde_searcher_close": (None, [c_void_p]),
        "tilde_search_options_init": (None, [POINTER(Options)]),
        "tilde_search": (c_int, [c_void_p, c_char_p, POINTER(Options), POINTER(c_void_p)]),
        "tilde_results_free": (None, [c_void_p]),
        "tilde_results_total": (c_uint64, [c_void_p]),
        "tilde_results_count": (c_size_t, [c_void_p]),
        "tilde_results_suggestion": (c_char_p, [c_void_p]),
        "tilde_results_hit": (POINTER(Hit), [c_void_p, c_size_t]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes
    return lib


def check(condition, message):
    if not condition:
        sys.exit("test_ctypes.py: FAILED: " + message)


def expect_status(lib, status, expected, message_part):
    check(status == expected, f"status {status}, expected {expected}")
    message = lib.tilde_last_error().decode()
    check(message_part in message, f"message {message!r} lacks {message_part!r}")
    check("\n" not in message, f"message {message!r} is not one line")


def index_corpus(lib, index, corpus):
    writer = c_void_p()
    check(lib.tilde_writer_open(index.encode(), b"auto", byref(writer)) == OK,
          lib.tilde_last_error().decode())
    for name in sorted(os.listdir(corpus)):
        with open(os.path.join(corpus, name), encoding="utf-8") as file:
            text = file.read()
        title = text.split("\n", 1)[0]
        status = lib.tilde_writer_add(writer, name.encode(), title.encode(), text.encode(),
                                      None, None, None)
        check(status == OK, lib.tilde_last_error().decode())
    expect_status(lib, lib.tilde_writer_add(writer, b"", None, b"text", None, None, None),
                  USAGE, "id")
    check(lib.tilde_writer_close(writer) == OK, lib.tilde_last_error().decode())


def search(lib, searcher, query, **settings):
    options = Options()
    lib.tilde_search_options_init(byref(options))
    for name, value in settings.items():
        setattr(options, name, value)
    results = c_void_p()
    status = lib.tilde_search(searcher, query.encode(), byref(options), byref(results))
    return status, results


def main():
    lib = load(sys.argv[1])
    corpus = sys.argv[2]
    check(lib.tilde_version().decode().count(".") == 2, "tilde_version")
    with tempfile.TemporaryDirectory(prefix="tilde-ctypes-") as temp:
        index = os.path.join(temp, "venezuela.idx")
        index_corpus(lib, index, corpus)

        searcher = c_void_p()
        check(lib.tilde_searcher_open(index.encode(), byref(searcher)) == OK,
              lib.tilde_last_error().decode())
        status, results = search(lib, searcher, "guaido", limit=5, explain=1)
        check(status == OK, lib.tilde_last_error().decode())
        count = lib.tilde_results_count(results)
        check(count == 5, f"{count} hits, expected 5")
        check(lib.tilde_results_total(results) > 20, "total")
        check(lib.tilde_results_suggestion(results) is None, "no suggestion for guaido")
        check(not lib.tilde_results_hit(results, count), "hit past the end is NULL")
        for i in range(count):
            hit = lib.tilde_results_hit(results, i).contents
            text = hit.text  # bytes: the offsets are byte offsets
            check(hit.rank == i + 1, f"rank {hit.rank}")
            check(hit.doc.decode().endswith(".txt") and hit.passage >= 1, "doc and passage")
            check(hit.start < hit.end, "passage byte range")
            marked = {text[hit.highlights[j].begin:hit.highlights[j].end].decode()
                      for j in range(hit.highlight_count)}
            check(marked <= {"Guaidó", "Guaido"} and marked, f"highlights {marked}")
            snippet = hit.snippet
            check(any(snippet[hit.snippet_highlights[j].begin:hit.snippet_highlights[j].end]
                      .decode() in ("Guaidó", "Guaido")
                      for j in range(hit.snippet_highlight_count)), "snippet highlights")
            weights = sum(hit.terms[j].weight for j in range(hit.term_count))
            check(abs(weights + hit.proximity - hit.score) < 1e-9, "terms add up to the score")
            kinds = {hit.terms[j].kind.decode() for j in range(hit.term_count)}
            check("stem" in kinds, f"term kinds {kinds}")
        lib.tilde_results_free(results)

        status, results = search(lib, searcher, "Guiado")
        check(status == OK and lib.tilde_results_suggestion(results).decode() == "Guaidó",
              "did you mean Guaidó")
        lib.tilde_results_free(results)

        # Issue 18: translation on by default, off with translate=0 (golpe de estado: coup).
        status, results = search(lib, searcher, "golpe de estado", explain=1)
        check(status == OK and lib.tilde_results_count(results) > 0, "golpe finds coup")
        hit = lib.tilde_results_hit(results, 0).contents
        kinds = {hit.terms[j].kind.decode() for j in range(hit.term_count)}
        check("translation" in kinds, f"term kinds {kinds}")
        lib.tilde_results_free(results)
        status, results = search(lib, searcher, "golpe de estado", translate=0)
        check(status == OK and lib.tilde_results_count(results) == 0, "golpe untranslated")
        lib.tilde_results_free(results)

        status, results = search(lib, searcher, "-guaido")
        expect_status(lib, status, QUERY_SYNTAX, "only excludes words")
        check(not results, "no results object after an error")
        status, results = search(lib, searcher, "guaido", lang=b"fr")
        expect_status(lib, status, USAGE, "unknown language 'fr'")
        lib.tilde_searcher_close(searcher)

        missing = os.path.join(temp, "missing.idx")
        status = lib.tilde_searcher_open(missing.encode(), byref(searcher))
        expect_status(lib, status, INDEX_NOT_FOUND, f"cannot open index '{missing}'")
        check(lib.tilde_status_name(status) == b"TILDE_ERROR_INDEX_NOT_FOUND", "status name")
        lib.tilde_searcher_close(None)  # allowed

        # Issue 17: a shard that cannot be reached has its own status (it was INTERNAL).
        stub = os.path.join(temp, "stub")
        with open(stub, "w") as f:
            f.write("auto missing-shard\n")
        status = lib.tilde_searcher_open(stub.encode(), byref(searcher))
        expect_status(lib, status, SHARD_UNAVAILABLE, "shard 'auto missing-shard'")
        check(lib.tilde_status_name(status) == b"TILDE_ERROR_SHARD_UNAVAILABLE", "status name")

        # Folders indexed as tilde-index does: a second run finds everything unchanged.
        folder_index = os.path.join(temp, "folder.idx")
        for expected_files, expected_unchanged in ((5, 0), (0, 5)):
            writer = c_void_p()
            check(lib.tilde_writer_open(folder_index.encode(), None, byref(writer)) == OK,
                  lib.tilde_last_error().decode())
            paths = (c_char_p * 1)(corpus.encode())
            summary = IndexSummary()
            check(lib.tilde_writer_index_paths(writer, paths, 1, 0, byref(summary)) == OK,
                  lib.tilde_last_error().decode())
            check(summary.files == expected_files and summary.unchanged == expected_unchanged,
                  f"index_paths read {summary.files}, skipped {summary.unchanged}")
            check(lib.tilde_writer_close(writer) == OK, lib.tilde_last_error().decode())
        searcher = c_void_p()
        check(lib.tilde_searcher_open(folder_index.encode(), byref(searcher)) == OK, "open")
        status, results = search(lib, searcher, "guaido", limit=100)
        check(status == OK and lib.tilde_results_total_exact(results) == 1, "exact count")
        lib.tilde_results_free(results)
        lib.tilde_searcher_close(searcher)
    print("test_ctypes.py: all C API checks passed")


if __name__ == "__main__":
    main()
