// SPDX-License-Identifier: MIT
/// @file jemalloc_search_settings.cpp  jemalloc's settings for the programs that search
/// (tilde-search and the bench's; linked only with jemalloc). tilde-serve keeps the defaults.
///
/// A search that translates first loads lttoolbox's transducers: about 100 MB of small graph
/// nodes, allocated one at a time. With glibc's malloc that made a one-shot search 0.30 s
/// (0.04 s without translating), two thirds of it in malloc and its page faults. On
/// transparent huge pages (which Linux's default "madvise" mode gives on request) there are
/// far fewer faults: 0.10 s.
extern "C" {
// The name and type jemalloc looks for at startup.
const char* malloc_conf = "thp:always";
}
