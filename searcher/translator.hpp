// SPDX-License-Identifier: MIT
/// @file translator.hpp  Query words in the other language, from Apertium's Spanish-English
/// dictionary (apertium-eng-spa, read offline through lttoolbox).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer.hpp"

namespace tilde {

/// One run of query words the dictionary knows ("reunión", or "golpe de estado" as one), and
/// what it says in the other language.
struct TranslatedWords {
    size_t first = 0;  ///< Index of its first word in the words translated.
    size_t count = 1;  ///< Words it covers, stopwords included.
    Language target = Language::English;
    /// Each translation as its words, lower-case, as the dictionary writes them: {"meeting"},
    /// {"coup", "d'état"}. Never the word as typed. At most kMaxTranslations, and two more
    /// from a word's accented spellings.
    std::vector<std::vector<std::string>> translations;
    /// A fixed expression's words translated one by one ("private school": "private",
    /// "school"), for when the index holds none of its own translations ("colegio privado").
    std::vector<TranslatedWords> parts;
};

/// Translates query words with Apertium's analysers (lemma and part of speech, fixed
/// expressions) and bilingual dictionary. Thread-safe; the dictionaries load at the first
/// translation in each direction (about 50 ms each).
class Translator {
  public:
    /// More alternatives per word add noise faster than they find passages.
    static constexpr size_t kMaxTranslations = 4;

    /// The process's translator, reading $TILDE_APERTIUM_DIR, else
    /// /usr/share/apertium/apertium-eng-spa.
    static Translator& shared();

    /// `word_by_word`: a query whose neighbouring words the analyser cannot read as one unit
    /// is analysed from each word's remembered analysis (the same answer, without running
    /// the transducer again); false runs it on every query, whole.
    explicit Translator(std::string directory, bool word_by_word = true);
    ~Translator();
    Translator(const Translator&) = delete;
    Translator& operator=(const Translator&) = delete;

    /// `words` (consecutive query words, as written) read as `from` (Spanish or English):
    /// the runs of them the dictionary translates, in order. Names the dictionary does not
    /// know ("Guaidó") and function words get nothing. Empty when the dictionary is absent.
    /// A Spanish word the analyser does not know is read with the accent it may lack
    /// ("reunion" as "reunión"). `typed_without_accents` (a Spanish query with no accent in
    /// any word): a word it knows also gives the translations of its accented spellings
    /// ("ano": "anus", and "year" from "año").
    [[nodiscard]] std::vector<TranslatedWords> translate(const std::vector<std::string>& words,
                                                         Language from,
                                                         bool typed_without_accents = false) const;

    /// Loads the dictionaries for translating from both languages, at once (each takes about
    /// 50 ms, the first time only; a query without a language is translated both ways).
    void load(Language first, Language second) const;

  private:
    struct Direction;
    Direction* direction(Language from) const;
    std::string directory_;
    bool word_by_word_ = true;
    std::unique_ptr<Direction> spanish_;
    std::unique_ptr<Direction> english_;
};

}  // namespace tilde
