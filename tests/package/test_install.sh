#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs tilde into a temporary prefix, then uses it the way an embedder would, with nothing
# from the build tree: the C++ example through find_package(tilde), the C example through
# pkg-config (the README's own line), and the C example again under valgrind, which must find
# no leaks; then the man pages (man -l), the bash completion and the docs.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/tilde-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

step() { echo "== $*"; }
expect_guaido() {  # the answer must name the Guaidó article and spell him with the accent
  grep -q "004_926f802af591d6d1.txt" <<<"$1" && grep -q "Guaidó" <<<"$1" ||
    { echo "FAILED: $2 printed:"; echo "$1"; exit 1; }
}

step "install into $prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
"$prefix/bin/tilde-index" --quiet --index "$work/venezuela.idx" "$source/corpus/venezuela"

step "C++ example: find_package(tilde), tilde::tilde"
cmake -S "$source/examples/cpp" -B "$work/cpp" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >/dev/null
cmake --build "$work/cpp" >/dev/null
expect_guaido "$("$work/cpp/embed" "$work/venezuela.idx" guaido)" "the C++ example"

step "C example, built as the README says for a custom prefix"
lib_dir=$(dirname "$(find "$prefix" -name 'libtilde.so' | head -1)")
export PKG_CONFIG_PATH=$lib_dir/pkgconfig
# The README's line, word for word (between its c-build markers), with PREFIX standing for $prefix.
readme_line=$(sed -n '/<!-- c-build -->/,/<!-- \/c-build -->/p' "$source/README.md" |
  grep '^cc ' | sed "s|examples/c/search.c|$source/examples/c/search.c|")
[ -n "$readme_line" ] || { echo "FAILED: no cc line between the README's c-build markers"; exit 1; }
(cd "$work" && eval "$readme_line -Wall -Wextra -Werror -pedantic -o search")
expect_guaido "$("$work/search" "$work/venezuela.idx" guaido)" "the C example (no LD_LIBRARY_PATH)"

step "man pages: man -l renders each"
for program in tilde-index tilde-search tilde-serve tilde-bench; do
  page=$prefix/share/man/man1/$program.1
  [ -f "$page" ] || { echo "FAILED: $page is not installed"; exit 1; }
  rendered=$(MANWIDTH=80 MANPAGER=cat man -l "$page" 2>&1)
  grep -q "^NAME" <<<"$rendered" && grep -q -- "--help" <<<"$rendered" &&
    grep -q "$program" <<<"$rendered" ||
    { echo "FAILED: man -l $page printed:"; echo "$rendered"; exit 1; }
done
MANWIDTH=80 MANPAGER=cat man -l "$prefix/share/man/man1/tilde-search.1" | grep -q -- "--limit N" ||
  { echo "FAILED: tilde-search(1) lacks --limit N"; exit 1; }

step "bash completion: tilde-search --li<Tab>, tilde-search --sort <Tab>"
completion=$prefix/share/bash-completion/completions/tilde-search
[ -f "$completion" ] || { echo "FAILED: $completion is not installed"; exit 1; }
complete_line() {  # prints what Tab offers after the words given
  PATH=$prefix/bin:$PATH bash -c '
    source /usr/share/bash-completion/bash_completion
    source "$0"
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _tilde
    printf "%s\n" "${COMPREPLY[@]}"' "$completion" "$@"
}
offered=$(complete_line tilde-search --li)
[ "$offered" = "--limit" ] || { echo "FAILED: tilde-search --li<Tab> offered: $offered"; exit 1; }
offered=$(complete_line tilde-search --sort "")
[ "$(echo $offered)" = "relevance date -date" ] ||
  { echo "FAILED: tilde-search --sort <Tab> offered: $offered"; exit 1; }
offered=$(complete_line tilde-index --thr)
[ "$offered" = "--threads" ] || { echo "FAILED: tilde-index --thr<Tab> offered: $offered"; exit 1; }

step "tilde-serve finds its search page in the prefix"
"$prefix/bin/tilde-serve" --index "$work/venezuela.idx" --listen 127.0.0.1:0 --stop-after 30 \
  2>"$work/serve.log" &
serve_pid=$!
for _ in $(seq 100); do grep -q 'http://' "$work/serve.log" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.log" | cut -d: -f2)
page=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' \
  "http://127.0.0.1:$port/")
kill "$serve_pid"; wait "$serve_pid" || true
grep -q '<script src="app.js">' <<<"$page" ||
  { echo "FAILED: / did not serve the search page:"; cat "$work/serve.log"; exit 1; }
! grep -q 'no search page found' "$work/serve.log" || { cat "$work/serve.log"; exit 1; }

step "docs installed"
for doc in README.md LICENSE query-syntax.md http-api.md; do
  [ -f "$prefix/share/doc/tilde/$doc" ] || { echo "FAILED: no share/doc/tilde/$doc"; exit 1; }
done

step "C example under valgrind --leak-check=full"
LD_LIBRARY_PATH=$lib_dir valgrind --quiet --leak-check=full \
  --errors-for-leak-kinds=definite,indirect --error-exitcode=3 \
  "$work/search" "$work/venezuela.idx" "Guaidó secret meetings" >/dev/null
LD_LIBRARY_PATH=$lib_dir valgrind --quiet --leak-check=full \
  --errors-for-leak-kinds=definite,indirect --error-exitcode=3 \
  "$work/search" "$work/missing.idx" guaido 2>/dev/null >/dev/null || [ $? -eq 2 ]
echo "test_install.sh: all package checks passed"
