// SPDX-License-Identifier: MIT
/// @file language.cpp  Stopword-profile language detection.
#include "language.hpp"

#include "analyzer.hpp"
#include "stopwords.hpp"

namespace tilde {

std::string_view language_code(Language language) {
    switch (language) {
        case Language::English:
            return "en";
        case Language::Spanish:
            return "es";
        case Language::Unknown:
            break;
    }
    return "und";
}

std::optional<Language> parse_language(std::string_view code) {
    if (code == "en" || code == "english") {
        return Language::English;
    }
    if (code == "es" || code == "spanish") {
        return Language::Spanish;
    }
    if (code == "und") {
        return Language::Unknown;
    }
    return std::nullopt;
}

LanguageEvidence language_evidence(const std::vector<Token>& tokens) {
    // "a", "no", "he" are stopwords in both languages and say nothing.
    LanguageEvidence evidence;
    const StopwordList& en = english_stopwords();
    const StopwordList& es = spanish_stopwords();
    for (const Token& token : tokens) {
        if (token.number) {
            continue;
        }
        bool in_en = en.contains(token.folded);
        bool in_es = es.contains(token.folded);
        evidence.english += in_en && !in_es;
        evidence.spanish += in_es && !in_en;
    }
    return evidence;
}

Language LanguageEvidence::decide(int min_evidence) const {
    if (english >= min_evidence && english > spanish) {
        return Language::English;
    }
    if (spanish >= min_evidence && spanish > english) {
        return Language::Spanish;
    }
    return Language::Unknown;
}

Language detect_language(const std::vector<Token>& tokens, int min_evidence) {
    return language_evidence(tokens).decide(min_evidence);
}

}  // namespace tilde
