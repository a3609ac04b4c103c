// SPDX-License-Identifier: MIT
/// @file synonyms.hpp  Query-time synonyms (stopwords/synonyms.txt): EE.UU. = US = ...
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer.hpp"

namespace tilde {

/// Groups of spellings of one thing, each spelling a list of folded words.
class SynonymTable {
  public:
    SynonymTable() = default;
    /// Parses a synonym file: one group a line, spellings separated by '=', '#' comments.
    SynonymTable(std::string_view file_text, const Analyzer& analyzer);

    struct Match {
        size_t length = 0;  ///< query words covered
        /// The group's other spellings, each as folded words.
        std::vector<std::vector<std::string>> alternatives;
    };

    /// The longest spelling that `words` (consecutive query words, typed in `query`) begin
    /// with, from `at`. A spelling the file writes in capitals (USA, ONU) is an acronym: it
    /// matches a word typed in capitals only ("se usa" is not USA).
    [[nodiscard]] std::optional<Match> match(std::string_view query,
                                             const std::vector<Token>& words, size_t at) const;

    [[nodiscard]] bool empty() const { return groups_.empty(); }

  private:
    std::vector<std::vector<std::vector<std::string>>> groups_;  // group -> spelling -> words
    std::vector<std::vector<bool>> acronyms_;                    // group -> spelling -> capitals
    // First word of a spelling -> (group, spelling).
    std::unordered_multimap<std::string, std::pair<size_t, size_t>> by_first_word_;
};

}  // namespace tilde
