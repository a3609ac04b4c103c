#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sharding in one run (issue #8): indexing into 2 shards with 1 and 2 threads (and one shard
# as the baseline), then query latency on 1 shard, 2 local shards, and 2 shards served by
# xapian-tcpsrv on loopback. Same passages, same queries, top 10, snippets on, warm caches.
#
#   bench/shards.sh [--quick] [BUILD_DIR [WORK_DIR]]
#
# Default: the bench corpus (../shared/bench/corpus/*.jsonl.gz) and its keyword and question
# sets; skipped with a message when absent. --quick: the bundled corpus and the sample query
# sets (the CTest smoke test). Indexes are kept in WORK_DIR (default BUILD_DIR/shards) and
# reused; REBUILD=1 builds them again. RUNS (default 1) timed passes after a warm-up.
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
parse_bench_args shards "$@"

require_programs tilde-bench tilde-index
if ! command -v xapian-tcpsrv >/dev/null; then
  echo "shards.sh: no xapian-tcpsrv (apt-get install xapian-tools)" >&2
  exit 2
fi

select_corpus

mkdir -p "$work"
results=$work/results.jsonl
: >"$results"

# Indexing. The 2-shard index written with 2 threads is kept for the queries; the others
# are built in a scratch folder and removed.
index() {  # name, tilde-bench index options...
  local name=$1
  shift
  if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$work/index-$name.json" ]; then
    echo "indexing: $name" >&2
    rm -rf "$work/$name.idx"
    "$bin/tilde-bench" index --json "$@" "${corpus[@]}" >"$work/index-$name.json"
  fi
  echo "{\"kind\":\"index\",\"name\":\"$name\",\"report\":$(tr -d '\n' <"$work/index-$name.json")}" >>"$results"
}
if [ "${REBUILD:-0}" = 1 ] || [ ! -d "$work/one.idx" ] || [ ! -d "$work/two.idx" ]; then
  rm -f "$work"/index-*.json
fi
index one --index "$work/one.idx" --threads 1
index two-shards-1-thread --shards 2 --threads 1
index two --index "$work/two.idx" --shards 2 --threads 2

# Two servers on loopback, each serving one shard, stopped on exit. setsid: xapian-tcpsrv
# signals its whole process group when it stops.
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
stub=$work/remote.stub
: >"$stub"
for shard in 1 2; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$work/two.idx/shard-$shard" \
    >/dev/null 2>&1 &
  pids+=($!)
  echo "remote :127.0.0.1:$port" >>"$stub"
  for _ in $(seq 100); do
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
done

for entry in "${query_sets[@]}"; do
  set_name=${entry%%:*}
  queries=${entry#*:}
  for layout in one two remote; do
    case $layout in
      one) index=$work/one.idx ;;
      two) index=$work/two.idx ;;
      remote) index=$stub ;;
    esac
    echo "querying: $set_name on $layout" >&2
    report=$("$bin/tilde-bench" query --json --index "$index" --queries "$queries" \
      --runs "$runs" --warmup 1 --threads 1)
    echo "{\"kind\":\"query\",\"layout\":\"$layout\",\"set\":\"$set_name\",\"report\":$report}" >>"$results"
  done
done

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
first = rows[0]["report"]
machine = first["machine"]
print(f"tilde {first.get('git', '?')} on {machine['cpu']}, {machine['cores']} cores\n")
index = {r["name"]: r["report"] for r in rows if r["kind"] == "index"}
base = index["two-shards-1-thread"]
print(f"Indexing: {int(base['passages'])} passages, {base['text_bytes'] / 1e6:.1f} MB of text\n")
print("| index | shards | threads | seconds | CPU seconds | MB/s | speed over 2 shards, 1 thread |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, r in index.items():
    c = r["config"]
    print(f"| {name} | {c['shards']} | {c['threads']} | {r['seconds']:.1f} | "
          f"{r.get('cpu_seconds', 0):.1f} | {r['mb_per_s']:.2f} | "
          f"{base['seconds'] / r['seconds']:.2f}x |")
print("\nQueries: 1 thread, top 10, snippets on; ratios over one shard's figure.\n")
print("| queries | layout | p50 µs | p99 µs | QPS | p50 ratio | p99 ratio |")
print("|---|---|---:|---:|---:|---:|---:|")
names = {"one": "1 shard", "two": "2 local shards", "remote": "2 remote shards (loopback)"}
queries = [r for r in rows if r["kind"] == "query"]
for set_name in dict.fromkeys(r["set"] for r in queries):
    group = {r["layout"]: r["report"] for r in queries if r["set"] == set_name}
    one = group["one"]["latency_us"]
    for layout, r in group.items():
        lat = r["latency_us"]
        print(f"| {set_name} ({r['config']['query_count']}) | {names[layout]} | {lat['p50']:,.0f} | "
              f"{lat['p99']:,.0f} | {r['qps']:,.0f} | {lat['p50'] / one['p50']:.2f} | "
              f"{lat['p99'] / one['p99']:.2f} |")
PY
