#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs tilde into a temporary prefix, then uses it the way an embedder would, with nothing
# from the build tree: the C++ example through find_package(tilde), the C example through
# pkg-config, and the C example again under valgrind, which must find no leaks.
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

step "C example: pkg-config --cflags --libs tilde"
pc_dir=$(dirname "$(find "$prefix" -name tilde.pc)")
flags=$(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs tilde)
cc -std=c11 -Wall -Wextra -Werror -pedantic "$source/examples/c/search.c" $flags -o "$work/search"
lib_dir=$(dirname "$(find "$prefix" -name 'libtilde.so' | head -1)")
expect_guaido "$(LD_LIBRARY_PATH=$lib_dir "$work/search" "$work/venezuela.idx" guaido)" \
              "the C example"

step "C example under valgrind --leak-check=full"
LD_LIBRARY_PATH=$lib_dir valgrind --quiet --leak-check=full \
  --errors-for-leak-kinds=definite,indirect --error-exitcode=3 \
  "$work/search" "$work/venezuela.idx" "Guaidó secret meetings" >/dev/null
LD_LIBRARY_PATH=$lib_dir valgrind --quiet --leak-check=full \
  --errors-for-leak-kinds=definite,indirect --error-exitcode=3 \
  "$work/search" "$work/missing.idx" guaido 2>/dev/null >/dev/null || [ $? -eq 2 ]
echo "test_install.sh: all package checks passed"
