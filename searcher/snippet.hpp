// SPDX-License-Identifier: MIT
/// @file snippet.hpp  Which words of a passage match a query, and the best window to show.
#pragma once

#include <array>
#include <bitset>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <tilde/searcher.hpp>

#include "analyzer.hpp"

namespace tilde {

/// Matches passage words against query words the way the index does: same folded word, same
/// stem in the passage's language, or a query prefix. Each query word is a numbered group.
class QueryMatcher {
  public:
    QueryMatcher(const Analyzer& analyzer, Language query_language)
        : analyzer_(analyzer), query_language_(query_language) {}

    void add_word(const Token& token, int group) { add_word(token, group, query_language_); }
    /// A word whose stems are `language`'s (a translation), whatever the query's language.
    void add_word(const Token& token, int group, Language language);
    void add_prefix(const std::string& folded_prefix, int group);
    [[nodiscard]] bool empty() const { return words_.empty() && prefixes_.empty(); }

    /// The group of the query word `token` matches, or -1.
    [[nodiscard]] int match(const Token& token, Language passage_language) const;

  private:
    const Analyzer& analyzer_;
    Language query_language_;
    std::unordered_map<std::string, int> words_;
    std::unordered_map<std::string, int> stems_;
    // The first bytes of stems_'s stems. A stem begins with its word's first letter or digit
    // (Analyzer::stem), so a passage word that begins with none of them is not stemmed: that
    // was most of highlighting's stemming.
    std::bitset<256> stem_starts_;
    // The first bytes of every query word, prefix and stem: a passage word that begins with a
    // letter or digit none of them begins with matches nothing, and most words do not; their
    // answer is not worth remembering.
    std::bitset<256> starts_;
    std::vector<std::pair<std::string, int>> prefixes_;
    [[nodiscard]] int match_uncached(const std::string& folded, Language passage_language) const;

    // By passage language: the group (or -1) of each word already looked at.
    mutable std::array<std::unordered_map<std::string, int>, kLanguageCount> matches_;
};

/// Matched words of a passage, in text order.
struct PassageMatches {
    std::vector<ByteRange> ranges;
    std::vector<int> groups;  ///< query word of each range
};

/// The words of a passage (analyzed with the shared analyzer) that `matcher` accepts.
[[nodiscard]] PassageMatches find_matches(const std::vector<Token>& words, Language language,
                                          const QueryMatcher& matcher);

/// The window of about `target_bytes` holding the most distinct query words (the earliest on a
/// tie), cut at word boundaries, "…" where text is left out, line breaks shown as spaces.
[[nodiscard]] Snippet make_snippet(std::string_view text, const PassageMatches& matches,
                                   const std::vector<Token>& words, std::uint32_t target_bytes);

}  // namespace tilde
