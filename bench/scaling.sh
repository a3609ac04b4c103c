#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Does indexing cost grow linearly with the corpus (issue #16)? Indexes the corpus once and
# three times over (the copies as different documents; in the bench corpus each line is marked
# so that no text repeats), on THREADS threads (default "1 2"), then times adding one 10 kB
# file to the index of the corpus once.
#
#   bench/scaling.sh [--quick] [BUILD_DIR [WORK_DIR]]
#
# The bench corpus (../shared/bench/corpus) by default, the bundled one with --quick. The
# copies (ids prefixed copy2-, copy3-) are made once in WORK_DIR (default BUILD_DIR/scaling).
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
parse_bench_args scaling "$@"
threads=${THREADS:-1 2}
require_programs tilde-bench tilde-index
select_corpus

mkdir -p "$work"
once=("${corpus[@]}")
thrice=("${corpus[@]}")
for copy in 2 3; do
  folder=$work/copy$copy
  if [ ! -d "$folder" ]; then
    echo "making copy $copy of the corpus in $folder" >&2
    mkdir -p "$folder.partial"
    python3 - "$copy" "$folder.partial" "${corpus[@]}" <<'PY'
import gzip, json, os, shutil, sys
copy, out, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
for path in paths:
    if os.path.isdir(path):  # the bundled corpus: ids are paths below the folder given
        shutil.copytree(path, os.path.join(out, "copy" + copy))
        continue
    target = os.path.join(out, os.path.basename(path))
    with gzip.open(path, "rt", encoding="utf-8") as src, gzip.open(target, "wt", encoding="utf-8") as dst:
        for line in src:
            doc = json.loads(line)
            doc["id"] = "copy%s-%s" % (copy, doc.get("id", ""))
            # Other text too: a text seen before is stored, not indexed again (repeats are
            # searchable once), which would make the copies nearly free.
            doc["text"] = "\n".join(("copia%s %s" % (copy, line)) if line.strip() else line
                                    for line in doc.get("text", "").split("\n"))
            dst.write(json.dumps(doc, ensure_ascii=False) + "\n")
PY
    mv "$folder.partial" "$folder"
  fi
  thrice+=("$folder")
done

results=$work/results.jsonl
: >"$results"
for thread_count in $threads; do
  for size in once thrice; do
    echo "indexing the corpus $size on $thread_count thread(s)" >&2
    if [ $size = once ]; then set -- "${once[@]}"; else set -- "${thrice[@]}"; fi
    report=$("$bin/tilde-bench" index --json --threads "$thread_count" "$@")
    echo "{\"kind\":\"index\",\"size\":\"$size\",\"threads\":$thread_count,\"report\":$report}" >>"$results"
  done
done

# One 10 kB file added to the index of the corpus once.
rm -rf "$work/once.idx"
"$bin/tilde-index" --quiet --index "$work/once.idx" "${once[@]}"
mkdir -p "$work/small"
python3 - "$work/small/added.txt" <<'PY'
import sys
words = "El gobierno anunció nuevas medidas para la región y la economía del país".split()
text = "Un archivo nuevo\n\n" + "\n\n".join(" ".join(words[(i + j) % len(words)] for j in range(12)) + "." for i in range(100))
open(sys.argv[1], "w").write(text[:10240])
PY
start=$(date +%s%N)
"$bin/tilde-index" --quiet --index "$work/once.idx" "$work/small/added.txt"
end=$(date +%s%N)
echo "{\"kind\":\"add\",\"seconds\":$(( (end - start) / 1000000 )).0e-3}" >>"$results"
rm -rf "$work/once.idx"

python3 - "$results" "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
revision = sys.argv[2]
index = [r for r in rows if r["kind"] == "index"]
machine = index[0]["report"]["machine"]
print(f"tilde {revision} on {machine['cpu']}, {machine['cores']} cores\n")
print("| threads | corpus | MB of text | seconds | MB/s | index / text | time over once |")
print("|---:|---|---:|---:|---:|---:|---:|")
once = {}
for r in index:
    rep = r["report"]
    if r["size"] == "once":
        once[r["threads"]] = rep["seconds"]
    ratio = rep["seconds"] / once[r["threads"]]
    print(f"| {r['threads']} | {r['size']} | {rep['text_bytes'] / 1e6:.1f} | {rep['seconds']:.1f} | "
          f"{rep['mb_per_s']:.2f} | {rep['index_to_text']:.2f} | {ratio:.2f}x |")
add = [r for r in rows if r["kind"] == "add"][0]
print(f"\nAdding one 10 kB file to the index of the corpus once: {add['seconds']:.2f} s")
PY
