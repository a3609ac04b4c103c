// SPDX-License-Identifier: MIT
/// @file suggester.hpp  "Did you mean": the last stage of a search that found no passage with
/// every word.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer.hpp"
#include "index_reader.hpp"

namespace tilde {

class Suggester {
  public:
    Suggester(const IndexReader& reader, const Analyzer& analyzer)
        : reader_(reader), analyzer_(analyzer) {}

    /// "Guiado" -> "Guaidó", "maduro secert meetigns" -> "Maduro secret meetings": each of
    /// `words` (typed in `query`) that the index lacks is replaced by its closest indexed
    /// word; then every other word's correction is kept only if more passages have the
    /// corrected words together (the words are judged in context). Nullopt: nothing to
    /// correct, or nothing that would find more (an acronym typed in capitals, "ONU", is
    /// never corrected).
    [[nodiscard]] std::optional<std::string> suggest(std::string_view query,
                                                     const std::vector<Token>& words,
                                                     Language language) const;

  private:
    // The word, or ("generals" for "general") one of its stems, is in the index.
    [[nodiscard]] bool indexed(const Token& token) const;
    [[nodiscard]] bool every_word_indexed(const std::vector<std::string>& folded_words) const;

    const IndexReader& reader_;
    const Analyzer& analyzer_;
};

}  // namespace tilde
