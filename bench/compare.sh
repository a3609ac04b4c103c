#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tilde next to its peers, in one run: indexing (MB/s of text, index size) and query latency
# (p50/p99, QPS) on the same passages and queries, top 10, warm caches, 1 and 2 threads.
# Peers: plain Xapian (TermGenerator + QueryParser + BM25 + MSet::snippet) and SQLite FTS5
# (unicode61 remove_diacritics 2, bm25(), snippet()), from build/bin/tilde-bench-peers
# (configure with -DTILDE_BUILD_BENCH=ON). They index the passages tilde made.
#
#   bench/compare.sh [--quick] [BUILD_DIR [WORK_DIR]]
#
# Default: the bench corpus (../shared/bench/corpus/*.jsonl.gz) and its query sets
# (../shared/bench/queries/{keywords,questions}.txt); skipped with a message when absent.
# --quick: the bundled corpus and bench/queries/*-sample.txt, one pass (the CTest smoke test).
# Indexes are kept in WORK_DIR (default BUILD_DIR/compare) with their indexing figures and
# reused; REBUILD=1 builds them again. RUNS (default 1) timed passes after one warm-up pass;
# THREADS (default "1 2"); SNIPPETS=0 measures without snippets.
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
parse_bench_args compare "$@"
threads=${THREADS:-1 2}
snippets=()
if [ "${SNIPPETS:-1}" = 0 ]; then snippets=(--no-snippets); fi

require_programs tilde-bench tilde-bench-peers tilde-index

select_corpus

mkdir -p "$work"
results=$work/results.jsonl
: >"$results"

# Indexing: tilde from the corpus files, the peers from tilde's passages.
if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$work/index-tilde.json" ] || [ ! -d "$work/tilde.idx" ]; then
  rm -rf "$work/tilde.idx" "$work/xapian.idx" "$work/fts5.db" "$work"/index-*.json
  echo "indexing with tilde, --threads 1" >&2
  "$bin/tilde-bench" index --json --threads 1 --index "$work/tilde.idx" "${corpus[@]}" \
    >"$work/index-tilde.json"
  # The same on two threads, into a folder removed afterwards.
  echo "indexing with tilde, --threads 2" >&2
  "$bin/tilde-bench" index --json --threads 2 "${corpus[@]}" >"$work/index-tilde-2-threads.json"
fi
for engine in xapian fts5; do
  out=$work/$engine.idx
  [ $engine = fts5 ] && out=$work/fts5.db
  if [ ! -f "$work/index-$engine.json" ] || [ ! -e "$out" ]; then
    rm -rf "$out"
    echo "indexing with $engine" >&2
    "$bin/tilde-bench-peers" index --json --engine $engine --from "$work/tilde.idx" \
      --index "$out" >"$work/index-$engine.json"
  fi
done
for engine in tilde tilde-2-threads xapian fts5; do
  report=$(tr -d "\n" <"$work/index-$engine.json")
  echo "{\"kind\":\"index\",\"engine\":\"$engine\",\"report\":$report}" >>"$results"
done

# Queries: every engine on every set, one thread then two.
for entry in "${query_sets[@]}"; do
  set_name=${entry%%:*}
  queries=${entry#*:}
  for thread_count in $threads; do
    for engine in tilde xapian fts5; do
      echo "querying $engine: $set_name, $thread_count thread(s)" >&2
      options=(--json --queries "$queries" --runs "$runs" --warmup 1 --threads "$thread_count"
               "${snippets[@]}")
      case $engine in
        tilde) report=$("$bin/tilde-bench" query --index "$work/tilde.idx" "${options[@]}") ;;
        xapian) report=$("$bin/tilde-bench-peers" query --engine xapian --index "$work/xapian.idx" "${options[@]}") ;;
        fts5) report=$("$bin/tilde-bench-peers" query --engine fts5 --index "$work/fts5.db" "${options[@]}") ;;
      esac
      echo "{\"kind\":\"query\",\"engine\":\"$engine\",\"set\":\"$set_name\",\"report\":$report}" >>"$results"
    done
  done
done

# The table: figures, then each peer's figure over tilde's (above 1: tilde is ahead).
python3 - "$results" "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
revision = sys.argv[2]
machine = rows[0]["report"]["machine"]
print(f"tilde {revision} on {machine['cpu']}, {machine['cores']} cores ({machine['kernel']})\n")

index = {r["engine"]: r["report"] for r in rows if r["kind"] == "index"}
t = index["tilde"]
print(f"Indexing: {int(t['passages'])} passages, {t['text_bytes'] / 1e6:.1f} MB of text\n")
print("| engine | MB/s | index / text | tilde's MB/s over it | its size over tilde's |")
print("|---|---:|---:|---:|---:|")
for engine, r in index.items():
    print(f"| {engine} | {r['mb_per_s']:.2f} | {r['index_to_text']:.2f} | "
          f"{t['mb_per_s'] / r['mb_per_s']:.2f}x | {r['index_to_text'] / t['index_to_text']:.2f}x |")

queries = [r for r in rows if r["kind"] == "query"]
groups = {}
for r in queries:
    groups.setdefault((r["set"], r["report"]["config"]["threads"]), {})[r["engine"]] = r["report"]
snippets = "on" if queries and queries[0]["report"]["config"]["snippets"] else "off"
print(f"\nQueries: top {queries[0]['report']['config']['limit']}, snippets {snippets}, "
      f"{queries[0]['report']['config']['runs']} timed pass(es) after a warm-up; ratios are the "
      "peer's figure over tilde's (latency) or tilde's over the peer's (QPS): above 1, tilde "
      "is ahead.\n")
print("| queries | threads | engine | p50 µs | p99 µs | QPS | p50 ratio | p99 ratio | QPS ratio |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
for (set_name, threads), engines in groups.items():
    t = engines["tilde"]
    for engine, r in engines.items():
        lat, tl = r["latency_us"], t["latency_us"]
        print(f"| {set_name} ({r['config']['query_count']}) | {threads} | {engine} | "
              f"{lat['p50']:,.0f} | {lat['p99']:,.0f} | {r['qps']:,.0f} | "
              f"{lat['p50'] / tl['p50']:.2f} | {lat['p99'] / tl['p99']:.2f} | "
              f"{t['qps'] / r['qps']:.2f} |")
PY
