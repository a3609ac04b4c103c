#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A one-shot search as a user types it: `tilde-search --index IDX -n 10 QUERY`, the whole
# process each time (the translator's dictionaries load, the index opens, the answer prints).
# Median wall time of RUNS runs (default 9) and the peak RSS, with and without translation.
#
#   bench/oneshot.sh [BUILD_DIR [INDEX]]   INDEX: default the bundled corpus, indexed afresh
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
parse_bench_args oneshot "${1:-}"
runs=${RUNS:-9}
require_programs tilde-index tilde-search
index=${2:-$work/venezuela.idx}
if [ -z "${2:-}" ]; then
  rm -rf "$index"
  "$bin/tilde-index" --quiet --index "$index" "$root/corpus/venezuela"
fi

# run_once ARGS...: one search; exit status 1 (nothing found) is an answer, 2 an error.
run_once() {
  local status=0
  "$bin/tilde-search" --index "$index" -n 10 "$@" >/dev/null || status=$?
  if [ "$status" -gt 1 ]; then
    echo "oneshot.sh: error: tilde-search $* exited with $status" >&2
    return 1
  fi
}

# median_ms ARGS...: the median wall time, in ms, of RUNS one-shot searches.
median_ms() {
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    run_once "$@" || return 1
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n |
    awk '{t[NR] = $1} END {printf "%.1f", t[int((NR + 1) / 2)] / 1000}'
}

# peak_mb ARGS...: the peak RSS of one such search (GNU time), or "-" without it.
peak_mb() {
  if [ ! -x /usr/bin/time ]; then
    echo "-"
    return
  fi
  /usr/bin/time -f %M "$bin/tilde-search" --index "$index" -n 10 "$@" 2>&1 >/dev/null |
    tail -1 | awk '{printf "%.0f", $1 / 1024}'
}

echo "| query | ms, translating | ms, --no-translate | MB, translating | MB, --no-translate |"
echo "|---|---:|---:|---:|---:|"
for query in guaido "reunión secreta" "golpe de estado"; do
  translating=$(median_ms "$query")
  plain=$(median_ms --no-translate "$query")
  echo "| $query | $translating | $plain | $(peak_mb "$query") | $(peak_mb --no-translate "$query") |"
done
