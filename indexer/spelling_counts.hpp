// SPDX-License-Identifier: MIT
/// @file spelling_counts.hpp  The index's spelling data kept exact: Xapian's spelling table
/// (word frequencies, for suggestions) and the S: forms (how the corpus writes each folded
/// word, with counts), raised for passages written and lowered for passages deleted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "passage_analysis.hpp"

namespace tilde {

/// One batch's changes, held until the commit that writes them (only this batch's words are
/// in memory; the running counts live in the index). A use written as its folded word
/// (SpellingUse::written empty) counts only towards the word's total: most words are, and
/// their form's count follows from the total less the other forms'.
class SpellingCounts {
  public:
    void add(const std::vector<SpellingUse>& uses) { count(uses, +1); }
    void remove(const std::vector<SpellingUse>& uses) { count(uses, -1); }
    [[nodiscard]] bool empty() const { return words_.empty(); }

    /// Writes the changes into `db` (to be committed with the passages) and forgets them.
    void flush(Xapian::WritableDatabase& db);
    /// The same into a database with no spelling data yet (the merge's): nothing to read
    /// back, and the words go in in order, committed every `words_per_commit` words. Xapian
    /// holds each added word's fragments in memory until a commit, about 1 KB a word: one
    /// commit for a whole run's words went 35 MB over a 48 MiB budget (issue #16).
    void flush_into_new(Xapian::WritableDatabase& db,
                        std::size_t words_per_commit = kWordsPerCommit);
    static constexpr std::size_t kWordsPerCommit = 10000;

    /// The changes as one string, and forgets them: a segment keeps its batches' changes so,
    /// one metadata entry a commit, and the merge adds them all up once (load()).
    [[nodiscard]] std::string take_log();

    /// Adds the changes a take_log() string holds: all of them, or with `parts` > 1 only the
    /// words in `part` (by a hash of the word), so that several threads can each add up a
    /// share of the words, every word's changes in one share.
    void load(std::string_view log, unsigned part = 0, unsigned parts = 1);
    /// About the memory the words load() added take, with their tables' overhead.
    [[nodiscard]] std::size_t loaded_bytes() const { return loaded_bytes_; }

  private:
    void count(const std::vector<SpellingUse>& uses, std::int64_t delta);

    struct Changes {
        std::int64_t total = 0;
        std::unordered_map<std::string, std::int64_t> forms;  // other than the folded word
    };
    std::unordered_map<std::string, Changes> words_;  // folded word -> changes
    std::size_t loaded_bytes_ = 0;
};

/// One S: value holding the forms and counts of several (summed per form), for merging
/// databases.
[[nodiscard]] std::string merge_spelling_forms(const std::vector<std::string_view>& values);

}  // namespace tilde
