#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Ranking quality in the two settings of issue #6, as one table: the XQuAD dev collection alone
# (tests/data/xquad-dev, 240 passages), and with the bench corpus as distractors
# (../shared/bench/corpus, about 970,000 passages more; skipped with a message when absent).
# Queries as typed and without accents.
#
#   bench/relevance.sh [BUILD_DIR [WORK_DIR]]     REBUILD=1 rebuilds the distractor index
#
# The distractor index takes about 8 minutes to build and is kept in WORK_DIR between runs;
# rebuild it after an analyzer or index-format change (tilde-bench then says "rerun").
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
parse_bench_args relevance "$@"
require_programs tilde-index tilde-bench
collection=$root/tests/data/xquad-dev
distractor_corpus=$root/../shared/bench/corpus
mkdir -p "$work"

echo "indexing the collection alone" >&2
rm -rf "$work/alone.idx"
"$bin/tilde-index" --quiet --index "$work/alone.idx" "$collection/passages.jsonl"
settings=(alone)

if compgen -G "$distractor_corpus/*.jsonl.gz" >/dev/null; then
  if [ "${REBUILD:-0}" = 1 ] || [ ! -d "$work/distractors.idx" ]; then
    echo "indexing the collection with the bench corpus as distractors (minutes)" >&2
    rm -rf "$work/distractors.idx"
    "$bin/tilde-index" --index "$work/distractors.idx" "$collection/passages.jsonl" \
      "$distractor_corpus"/*.jsonl.gz
  fi
  settings+=(distractors)
else
  echo "skipping the distractor setting: no $distractor_corpus/*.jsonl.gz" >&2
fi

for setting in "${settings[@]}"; do
  for queries in queries queries-noaccents; do
    echo "running $queries on $setting" >&2
    "$bin/tilde-bench" relevance --json --worst 50 --index "$work/$setting.idx" \
      --queries "$collection/$queries.tsv" --qrels "$collection/qrels.tsv" \
      >"$work/$setting.$queries.json"
  done
done

python3 - "$work" "${settings[@]}" <<'PYTHON'
import json, sys
work, settings = sys.argv[1], sys.argv[2:]
def load(setting, queries):
    with open(f"{work}/{setting}.{queries}.json") as f:
        return json.load(f)
def cell(m):
    return f"{m['mrr@10']:.3f} / {m['recall@1']:.3f}".replace("0.", ".")
print("| setting: MRR@10 / R@1 | Spanish as typed | Spanish without accents | English |")
print("|---|---|---|---|")
notes = []
for setting in settings:
    typed, plain = load(setting, "queries"), load(setting, "queries-noaccents")
    print(f"| {setting}, tilde | {cell(typed['metrics']['es'])} | "
          f"{cell(plain['metrics']['es'])} | {cell(typed['metrics']['en'])} |")
    def worse(typed_rank, plain_rank):  # 0: not in the top 100
        return typed_rank != 0 and (plain_rank == 0 or plain_rank > typed_rank)
    worse = [q for q, rank in plain["ranks"].items()
             if q.startswith("es-") and worse(typed["ranks"][q], rank)]
    notes.append(f"{setting}: {len(worse)} Spanish queries rank worse without accents")
env = typed["environment"]
print()
for note in notes:
    print(note)
print(f"git {env['git']}, {env['machine']['cpu']}, {env['machine']['cores']} cores")
PYTHON
