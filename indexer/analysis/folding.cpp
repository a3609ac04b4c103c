// SPDX-License-Identifier: MIT
/// @file folding.cpp  Case and accent folding with ICU normalizers.
#include "folding.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace tilde {
namespace {

const icu::Normalizer2& nfkc_casefold() {
    UErrorCode status = U_ZERO_ERROR;
    static const icu::Normalizer2* instance = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return *instance;
}

const icu::Normalizer2& nfd() {
    UErrorCode status = U_ZERO_ERROR;
    static const icu::Normalizer2* instance = icu::Normalizer2::getNFDInstance(status);
    return *instance;
}

const icu::Normalizer2& nfc() {
    UErrorCode status = U_ZERO_ERROR;
    static const icu::Normalizer2* instance = icu::Normalizer2::getNFCInstance(status);
    return *instance;
}

// Apostrophe look-alikes that people and word processors type for "'".
bool is_apostrophe(UChar32 c) {
    return c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x0060 || c == 0x00B4 || c == 0xFF07;
}

std::string to_utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

}  // namespace

bool is_ascii(std::string_view text) {
    for (unsigned char c : text) {
        if (c >= 0x80) {
            return false;
        }
    }
    return true;
}

FoldedWord fold_word(std::string_view word) {
    FoldedWord out;
    if (is_ascii(word)) {
        // Fast path: most words in English and much of Spanish are plain ASCII.
        out.folded.resize(word.size());
        for (size_t i = 0; i < word.size(); ++i) {
            char c = word[i];
            out.folded[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
            if (c == '`') {
                out.folded[i] = '\'';
            }
        }
        out.exact = out.folded;
        return out;
    }
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    icu::UnicodeString apostrophes_fixed;
    for (int32_t i = 0; i < text.length();) {
        UChar32 c = text.char32At(i);
        apostrophes_fixed.append(is_apostrophe(c) ? UChar32('\'') : c);
        i += U16_LENGTH(c);
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString exact = nfkc_casefold().normalize(apostrophes_fixed, status);
    icu::UnicodeString decomposed = nfd().normalize(exact, status);
    icu::UnicodeString stripped;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        if (u_charType(c) != U_NON_SPACING_MARK) {
            stripped.append(c);
        }
        i += U16_LENGTH(c);
    }
    icu::UnicodeString folded = nfc().normalize(stripped, status);
    if (U_FAILURE(status)) {
        // Normalizers only fail on allocation; keep the word as typed rather than lose it.
        out.exact = out.folded = std::string(word);
        return out;
    }
    out.exact = to_utf8(exact);
    out.folded = to_utf8(folded);
    return out;
}

std::string fold_text(std::string_view text) { return fold_word(text).folded; }

}  // namespace tilde
