#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tilde-serve under load (issue #22): wrk on loopback with 16 connections for 20 s per query
# set, each request a query of the set in turn (GET /search, top 10, snippets on), next to
# tilde-bench query on the same index and queries (the library without HTTP), with 1 thread and
# with as many as the machine has cores.
#
#   bench/serve.sh [--quick] [BUILD_DIR [WORK_DIR]]
#
# Default: the bench corpus (../shared/bench/corpus/*.jsonl.gz) and its keyword and question
# sets; skipped with a message when absent. --quick: the bundled corpus and the sample sets,
# 2 s each (the CTest smoke test). INDEX=DIR uses an index already built; otherwise it is built
# in WORK_DIR (default BUILD_DIR/serve) and reused (REBUILD=1 builds it again). DURATION (seconds,
# default 20) and CONNECTIONS (default 16) set the load. Exits 1 if any request failed.
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
parse_bench_args serve "$@"
require_programs tilde-bench tilde-index tilde-serve
if ! command -v wrk >/dev/null; then
  echo "serve.sh: no wrk (apt-get install wrk)" >&2
  exit 2
fi
select_corpus
duration=${DURATION:-20}
if [ "$quick" = 1 ]; then duration=${DURATION:-2}; fi
connections=${CONNECTIONS:-16}
# A kept-alive connection holds a server thread (cpp-httplib): one thread per connection.
threads=$connections
mkdir -p "$work"

index=${INDEX:-$work/serve.idx}
if [ -z "${INDEX:-}" ] && { [ "${REBUILD:-0}" = 1 ] || [ ! -d "$index" ]; }; then
  echo "indexing: ${corpus[*]}" >&2
  rm -rf "$index"
  "$bin/tilde-index" --quiet --index "$index" "${corpus[@]}"
fi

# The server, on a port the system picks; it stops itself if this script is killed.
log=$work/serve.log
"$bin/tilde-serve" --index "$index" --listen 127.0.0.1:0 --threads "$threads" \
  --stop-after $((duration * 4 + 600)) 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 200); do grep -q 'http://' "$log" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$log" | cut -d: -f2)
[ -n "$port" ] || { echo "serve.sh: tilde-serve did not start: $(cat "$log")" >&2; exit 2; }

results=$work/results.jsonl
: >"$results"
for entry in "${query_sets[@]}"; do
  set_name=${entry%%:*}
  queries=${entry#*:}
  # Each query as a request path, URL-encoded; wrk's Lua script sends them in turn.
  paths=$work/$set_name.paths
  python3 -c '
import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    query = line.strip()
    if query:
        print("/search?limit=10&q=" + urllib.parse.quote(query, safe=""))' "$queries" >"$paths"
  echo "loading: $set_name, $connections connections, $duration s" >&2
  load=$(TILDE_PATHS=$paths wrk --threads 2 --connections "$connections" --duration "${duration}s" \
    --timeout 10s --script "$root/bench/serve.lua" "http://127.0.0.1:$port")
  line=$(grep '^RESULT' <<<"$load")
  [ -n "$line" ] || { echo "serve.sh: wrk said: $load" >&2; exit 2; }
  echo "{\"kind\":\"http\",\"set\":\"$set_name\",\"connections\":$connections,\"fields\":\"${line#RESULT }\"}" >>"$results"
  for client_threads in 1 "$(nproc)"; do
    echo "querying: $set_name, tilde-bench query, $client_threads thread(s)" >&2
    report=$("$bin/tilde-bench" query --json --index "$index" --queries "$queries" --runs "$runs" \
      --warmup 1 --threads "$client_threads")
    echo "{\"kind\":\"library\",\"set\":\"$set_name\",\"threads\":$client_threads,\"report\":$report}" >>"$results"
  done
done

python3 - "$results" "$threads" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
threads = sys.argv[2]
library = [r for r in rows if r["kind"] == "library"]
first = library[0]["report"]
print(f"tilde {first.get('git', '?')} on {first['machine']['cpu']}, {first['machine']['cores']} cores; "
      f"tilde-serve with {threads} threads\n")
print("| queries | client | concurrency | p50 µs | p99 µs | QPS | failed requests |")
print("|---|---|---:|---:|---:|---:|---:|")
failed = 0
for row in rows:
    if row["kind"] == "http":
        requests, connect, read, write, status, timeout, p50, p99, duration_us = row["fields"].split()
        errors = int(connect) + int(read) + int(write) + int(status) + int(timeout)
        failed += errors
        qps = int(requests) / (float(duration_us) / 1e6)
        print(f"| {row['set']} | HTTP (wrk) | {row['connections']} connections | {float(p50):,.0f} | "
              f"{float(p99):,.0f} | {qps:,.0f} | {errors} of {requests} |")
    else:
        r = row["report"]
        lat = r["latency_us"]
        print(f"| {row['set']} ({r['config']['query_count']}) | library (tilde-bench query) | "
              f"{row['threads']} thread{'' if row['threads'] == 1 else 's'} | {lat['p50']:,.0f} | {lat['p99']:,.0f} | {r['qps']:,.0f} | - |")
sys.exit(1 if failed else 0)
PY
