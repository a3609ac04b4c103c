// SPDX-License-Identifier: MIT
/// @file language.hpp  The languages tilde analyzes, and a stopword-profile detector.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace tilde {

struct Token;

enum class Language : std::uint8_t {
    Unknown,  ///< Not enough evidence: words get both stems.
    English,
    Spanish,
};
inline constexpr std::size_t kLanguageCount = 3;

/// "en", "es" or "und".
[[nodiscard]] std::string_view language_code(Language language);

/// Parses a language as documents declare it: a code in any case, with or without a region
/// ("en", "EN", "en-US", "es_VE", "und"), or a name ("English", "inglés", "Spanish",
/// "español", "castellano"); nullopt for anything else.
[[nodiscard]] std::optional<Language> parse_language(std::string_view code);

/// Stopword hits of each language in some text (only words that one list has count).
struct LanguageEvidence {
    int english = 0;
    int spanish = 0;
    LanguageEvidence& operator+=(const LanguageEvidence& other) {
        english += other.english;
        spanish += other.spanish;
        return *this;
    }
    /// Unknown unless one language has at least `min_evidence` hits and more than the other.
    [[nodiscard]] Language decide(int min_evidence = 2) const;
};

/// Counts the stopword evidence in analyzed text.
[[nodiscard]] LanguageEvidence language_evidence(const std::vector<Token>& tokens);

/// Guesses the language of analyzed text from its stopwords.
[[nodiscard]] Language detect_language(const std::vector<Token>& tokens, int min_evidence = 2);

}  // namespace tilde
