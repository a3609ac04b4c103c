# SPDX-License-Identifier: MIT
# Sourced by the bench scripts: their arguments, the corpus and query sets they run on, and
# their programs. The variables it sets are for those scripts.
# shellcheck shell=bash disable=SC2034

# parse_bench_args NAME [--quick] [BUILD_DIR [WORK_DIR]]: sets script, quick, root, build,
# work (default BUILD_DIR/NAME), bin and runs (RUNS, default 1).
parse_bench_args() {
  local name=$1
  shift
  script=$name.sh
  if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
    # The script's opening comment, which says what it measures and how it is run.
    sed -n '3,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$(dirname "${BASH_SOURCE[0]}")/$script"
    exit 0
  fi
  quick=0
  if [ "${1:-}" = --quick ]; then
    quick=1
    shift
  fi
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  build=${1:-$root/build}
  work=${2:-$build/$name}
  bin=$build/bin
  runs=${RUNS:-1}
}

# Stops the script unless every program named is in $bin.
require_programs() {
  for program in "$@"; do
    if [ ! -x "$bin/$program" ]; then
      echo "$script: no $bin/$program; build it first (the peers' programs need" \
        "cmake -DTILDE_BUILD_BENCH=ON)" >&2
      exit 2
    fi
  done
}

# Sets corpus (files to index) and query_sets ("name:file" entries): the bundled corpus and
# the sample sets with --quick, else the bench corpus, or a clean stop when it is absent.
select_corpus() {
  if [ "$quick" = 1 ]; then
    corpus=("$root/corpus/venezuela")
    query_sets=("keywords:$root/bench/queries/keywords-sample.txt"
                "questions:$root/bench/queries/questions-sample.txt")
    return
  fi
  local shared=$root/../shared/bench
  if ! compgen -G "$shared/corpus/*.jsonl.gz" >/dev/null; then
    echo "$script: skipped: no bench corpus in $shared/corpus (use --quick for the bundled one)" >&2
    exit 0
  fi
  corpus=("$shared"/corpus/*.jsonl.gz)
  query_sets=("keywords:$shared/queries/keywords.txt" "questions:$shared/queries/questions.txt")
}
