// SPDX-License-Identifier: MIT
/// @file jemalloc_search_settings.cpp  jemalloc's settings for the programs that search
/// (tilde-search and the bench's; linked only with jemalloc). tilde-serve keeps the defaults.
///
/// A search that translates first loads lttoolbox's transducers: about 100 MB of small graph
/// nodes, allocated one at a time, which was nearly all of a one-shot search (0.28 s of
/// 0.29 s with glibc's malloc, mostly its page faults). On transparent huge pages (which
/// Linux's default "madvise" mode gives on request) there are far fewer faults.
extern "C" {
// The name and type jemalloc looks for at startup.
const char* malloc_conf = "thp:always";
}
