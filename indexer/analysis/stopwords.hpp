// SPDX-License-Identifier: MIT
/// @file stopwords.hpp  The Spanish and English stopword lists (from stopwords/*.txt).
#pragma once

#include <bitset>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace tilde {

/// Folded stopwords of one language.
class StopwordList {
  public:
    /// Parses a stopword file: one word a line, '#' comments; words are folded.
    static StopwordList parse(std::string_view file_text);
    [[nodiscard]] bool contains(std::string_view folded_word) const;
    [[nodiscard]] size_t size() const { return words_.size(); }
    [[nodiscard]] std::vector<std::string> sorted_words() const;

  private:
    // Transparent hashing: look up a string_view without building a std::string.
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_set<std::string, Hash, std::equal_to<>> words_;
    // Most words are not stopwords: a length and first-byte check answers for many of them
    // without hashing (analysis asks twice a word, once per language).
    std::size_t longest_ = 0;
    std::bitset<256> first_bytes_;
};

/// The lists in use: read once from the folder set_stopwords_dir() names, else from the
/// installed share/tilde/stopwords, else the copies compiled in from stopwords/*.txt.
/// Thread-safe. @throws IoError if a list cannot be read (then again on the next call).
const StopwordList& english_stopwords();
const StopwordList& spanish_stopwords();

/// The synonym file (stopwords/synonyms.txt) from the same folder as the stopword lists, else
/// the copy compiled in. @throws IoError if it exists but cannot be read.
std::string synonyms_text();

/// Empty for lists equal to the compiled-in ones; else 8 hex digits that differ when the
/// lists do. Part of the analyzer's id, so an index remembers which lists built it.
const std::string& stopwords_fingerprint();

}  // namespace tilde
