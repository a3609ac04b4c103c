// SPDX-License-Identifier: MIT
/// @file jemalloc_config.cpp  jemalloc's settings for tilde-index (linked only with jemalloc).
///
/// jemalloc keeps freed pages for 10 s by default, so the indexer's peak RSS depended on
/// timing: 44-53 MB across runs of the same 6 MB file with --memory 48. Returned after 1 s
/// (and not kept as "muzzy" pages), the peak is 43 MB every run and a bench file's 118 MB
/// instead of 182 MB, at the same speed.
extern "C" {
// The name and type jemalloc looks for at startup.
const char* malloc_conf = "dirty_decay_ms:1000,muzzy_decay_ms:0";
}
