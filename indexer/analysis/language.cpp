// SPDX-License-Identifier: MIT
/// @file language.cpp  Stopword-profile language detection.
#include "language.hpp"

#include <cctype>
#include <string>

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
    std::string name;
    for (char c : code.substr(0, code.find_first_of("-_"))) {
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (name == "en" || name == "eng" || name == "english" || name == "ingl\xC3\xA9s" ||
        name == "ingles") {
        return Language::English;
    }
    if (name == "es" || name == "spa" || name == "spanish" || name == "espa\xC3\xB1ol" ||
        name == "espanol" || name == "castellano") {
        return Language::Spanish;
    }
    if (name == "und") {
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
