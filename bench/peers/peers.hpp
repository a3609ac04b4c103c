// SPDX-License-Identifier: MIT
/// @file peers.hpp  The peers tilde is compared with in bench/compare.sh: plain Xapian
/// (TermGenerator, QueryParser, BM25, MSet::snippet) and SQLite FTS5 (unicode61
/// remove_diacritics 2, bm25(), snippet()), each indexing the very passages tilde made.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "query.hpp"

namespace tilde::bench {

struct PeerPassage {
    std::string lang;  ///< "es", "en" or "und", as tilde detected it
    std::string text;
};

/// Every passage of a tilde index, in docid order: the peers' corpus.
std::vector<PeerPassage> load_passages(const std::filesystem::path& tilde_index);

/// Builds a plain Xapian index of the passages at `out` (which must not exist): a
/// TermGenerator with the passage language's stemmer, Xapian's default flush threshold.
void build_xapian_peer(const std::vector<PeerPassage>& passages, const std::filesystem::path& out);

/// Builds an SQLite FTS5 table of the passages in the file `out` (which must not exist), in one
/// transaction.
void build_fts5_peer(const std::vector<PeerPassage>& passages, const std::filesystem::path& out);

std::unique_ptr<QueryEngine> open_xapian_peer(const std::filesystem::path& index,
                                              const QueryRunOptions& options);
std::unique_ptr<QueryEngine> open_fts5_peer(const std::filesystem::path& index,
                                            const QueryRunOptions& options);

/// `fts5 MATCH` syntax for free text: each word quoted (so "and", "near" or a stray '"' mean
/// nothing), joined by OR as Xapian's QueryParser and tilde's second phase do.
std::string fts5_match_expression(const std::string& query);

}  // namespace tilde::bench
