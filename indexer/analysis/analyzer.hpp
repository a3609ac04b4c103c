// SPDX-License-Identifier: MIT
/// @file analyzer.hpp  The one analyzer shared by the indexer, the query side and snippets.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "language.hpp"

namespace tilde {

/// Why text is being analyzed. Documents and queries get identical terms; Prefix keeps a
/// trailing partial word whole (for `prefix*`).
/// Document and Query analyze alike; Prefix keeps a trailing "'s" (the word is unfinished);
/// Highlight is Document without the stopword flags, which matching passage words to a query
/// does not need (a fifth of analysis time).
enum class Purpose : std::uint8_t { Document, Query, Prefix, Highlight };

/// One word of analyzed text. Filters change the strings, never the offsets.
struct Token {
    std::string folded;            ///< Case- and accent-folded: the primary search key.
    std::string exact;             ///< Case-folded with accents; empty when equal to `folded`.
    std::uint32_t byte_begin = 0;  ///< Into the original UTF-8 text.
    std::uint32_t byte_end = 0;    ///< Excludes a dropped possessive "'s".
    std::uint32_t position = 0;    ///< Word position, counting stopwords too.
    bool stopword = false;
    bool number = false;
};

/// Segments text into words (UAX #29 as ICU cuts it, plus fixes for news text) and folds
/// each word.
///
/// Holds ICU and Xapian objects that are not thread-safe: use one Analyzer per thread.
class Analyzer {
  public:
    /// The version recorded in every index; bump it when terms for the same text change.
    static constexpr std::string_view kVersion = "es-en/1";

    /// What an index records as its analyzer: kVersion, plus "+stopwords.XXXXXXXX" when the
    /// stopword lists in use are not the built-in ones. Reads the lists if needed.
    /// @throws IoError if a stopword list cannot be read.
    [[nodiscard]] static std::string id();

    /// @throws IoError if a stopword list cannot be read.
    Analyzer();
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    /// Analyzes `text`, appending to `out` (cleared first).
    void analyze(std::string_view text, Purpose purpose, std::vector<Token>& out) const;
    [[nodiscard]] std::vector<Token> analyze(std::string_view text,
                                             Purpose purpose = Purpose::Document) const;

    /// The stem of a folded word in `language` (folded again, so accents never matter).
    /// For Unknown, use stems() instead. A word that begins with a letter a-z or a digit keeps
    /// it as its stem's first byte (the highlighter relies on it; test_analyzer checks it).
    [[nodiscard]] std::string stem(std::string_view folded, Language language) const;

    /// The distinct stems of a folded word: one for a known language, both otherwise.
    [[nodiscard]] std::vector<std::string> stems(std::string_view folded, Language language) const;

    /// Recent stems are remembered, up to kMaxCachedStems words a language unless limited
    /// here (a writer with a small memory budget: ~100 bytes a word).
    void limit_stem_cache(std::size_t words);
    static constexpr std::size_t kMaxCachedStems = 1 << 17;

  private:
    [[nodiscard]] std::string uncached_stem(std::string_view folded, Language language) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Two letters or more, none of them lower-case ("ONU", "EE.UU."): how the analyzer tells an
/// acronym from the stopword it may spell.
[[nodiscard]] bool written_in_capitals(std::string_view written);

}  // namespace tilde
