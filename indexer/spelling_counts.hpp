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
/// in memory; the running counts live in the index).
class SpellingCounts {
  public:
    void add(const std::vector<SpellingUse>& uses) { count(uses, +1); }
    void remove(const std::vector<SpellingUse>& uses) { count(uses, -1); }
    [[nodiscard]] bool empty() const { return words_.empty(); }

    /// Writes the changes into `db` (to be committed with the passages) and forgets them.
    void flush(Xapian::WritableDatabase& db);

  private:
    void count(const std::vector<SpellingUse>& uses, std::int64_t delta);

    std::unordered_map<std::string, std::int64_t> words_;  // folded word -> change
    std::unordered_map<std::string, std::unordered_map<std::string, std::int64_t>> forms_;
};

/// One S: value holding the forms and counts of several (summed per form), for merging
/// databases.
[[nodiscard]] std::string merge_spelling_forms(const std::vector<std::string_view>& values);

}  // namespace tilde
