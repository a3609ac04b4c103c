// SPDX-License-Identifier: MIT
/// @file language_filter.hpp  "Passages in this language" answered from memory: a bitmap per
/// database revision, read once from its language term's postings.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

namespace tilde {

/// The docids of one database revision that have a term, one bit each, and how many.
struct DocidBits {
    std::vector<std::uint64_t> words;
    std::uint32_t count = 0;
};

/// Bitmaps of the language terms' postings, kept per database revision. A language term
/// lists half the corpus: as a filter, Xapian decoded most of its postings for every word
/// translated and again for the language bonus (a question searched in translation took twice
/// as long as without). Thread-safe; a few bitmaps at most (a million passages: 125 kB each).
class LanguageBitmaps {
  public:
    /// `term`'s postings in `db` (one database, not a combination): built on first use.
    std::shared_ptr<const DocidBits> of(const Xapian::Database& db, const std::string& term);

  private:
    static constexpr size_t kMaxKept = 8;
    struct Entry {
        std::string key;  // the database's uuid, revision and the term
        std::shared_ptr<const DocidBits> bits;
    };
    std::mutex mutex_;
    std::vector<Entry> kept_;  // most recently used last
};

/// The passages with `term` (a language term, "Len"), each weighing `weight` (0: a filter).
/// Reads `bitmaps`; for local databases only (a remote shard has no such class).
Xapian::Query passages_with(std::shared_ptr<LanguageBitmaps> bitmaps, const std::string& term,
                            double weight);

}  // namespace tilde
