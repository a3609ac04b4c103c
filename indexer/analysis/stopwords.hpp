// SPDX-License-Identifier: MIT
/// @file stopwords.hpp  The Spanish and English stopword lists (from stopwords/*.txt).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace tilde {

/// Folded stopwords of one language.
class StopwordList {
  public:
    /// Parses a stopword file: one word a line, '#' comments; words are folded.
    static StopwordList parse(std::string_view file_text);
    [[nodiscard]] bool contains(std::string_view folded_word) const;
    [[nodiscard]] size_t size() const { return words_.size(); }

  private:
    // Transparent hashing: look up a string_view without building a std::string.
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_set<std::string, Hash, std::equal_to<>> words_;
};

/// The lists compiled in from stopwords/en.txt and stopwords/es.txt. Thread-safe.
const StopwordList& english_stopwords();
const StopwordList& spanish_stopwords();

}  // namespace tilde
