// SPDX-License-Identifier: MIT
/// @file index_bench.hpp  tilde-bench index: how fast tilde-index builds an index, in how much
/// memory, and how big the index is.
#pragma once

namespace tilde::bench {

/// `tilde-bench index ...`: parses its options, runs tilde-index on the corpus, prints figures.
int run_index_bench(int argc, char** argv);

}  // namespace tilde::bench
