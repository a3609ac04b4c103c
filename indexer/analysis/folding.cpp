// SPDX-License-Identifier: MIT
/// @file folding.cpp  Case and accent folding with ICU normalizers.
#include "folding.hpp"

#include <array>
#include <optional>

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

namespace {

// The code points one table folds: ASCII, and the letters U+00C0-U+00FF (all but x and the
// division sign), which Spanish writes its accents and n with. Canonical composition never
// joins two of these, so a word made of them folds code point by code point.
bool in_latin1_table(unsigned code_point) {
    return code_point < 0x80 ||
           (code_point >= 0xC0 && code_point <= 0xFF && code_point != 0xD7 && code_point != 0xF7);
}

// Each such code point folded by ICU once: the normalizers were most of a Spanish word's
// folding, and highlighting folds every word of every hit.
struct Latin1Folds {
    std::array<std::string, 256> exact;
    std::array<std::string, 256> folded;
};

const Latin1Folds& latin1_folds() {
    static const Latin1Folds table = [] {
        Latin1Folds out;
        for (unsigned code_point = 0; code_point < 256; ++code_point) {
            if (in_latin1_table(code_point)) {
                std::string utf8;
                icu::UnicodeString(static_cast<UChar32>(code_point)).toUTF8String(utf8);
                FoldedWord folded = fold_word_with_icu(utf8);
                out.exact[code_point] = std::move(folded.exact);
                out.folded[code_point] = std::move(folded.folded);
            }
        }
        return out;
    }();
    return table;
}

// `word` folded from the table, or nothing when it has a code point the table lacks.
std::optional<FoldedWord> fold_latin1(std::string_view word) {
    const Latin1Folds& table = latin1_folds();
    FoldedWord out;
    out.exact.reserve(word.size());
    out.folded.reserve(word.size());
    for (size_t i = 0; i < word.size(); ++i) {
        const auto byte = static_cast<unsigned char>(word[i]);
        unsigned code_point = byte;
        if (byte >= 0x80) {
            // U+00C0-U+00FF are 0xC3 then 0x80-0xBF in UTF-8.
            const auto next = i + 1 < word.size() ? static_cast<unsigned char>(word[i + 1]) : 0U;
            if (byte != 0xC3 || (next & 0xC0U) != 0x80) {
                return std::nullopt;
            }
            code_point = 0xC0 + (next & 0x3FU);
            ++i;
        }
        if (!in_latin1_table(code_point)) {
            return std::nullopt;
        }
        out.exact += table.exact[code_point];
        out.folded += table.folded[code_point];
    }
    return out;
}

}  // namespace

bool fold_ascii_word(std::string_view word, std::string& folded) {
    // One pass: the word is folded while its bytes are checked (a word is nearly always ASCII).
    folded.resize(word.size());
    unsigned char any_high_bit = 0;
    for (size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        any_high_bit |= static_cast<unsigned char>(c);
        folded[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A'))
                    : c == '`'             ? '\''
                                           : c;
    }
    return any_high_bit < 0x80;
}

FoldedWord fold_word(std::string_view word) {
    // Fast path: most words in English and much of Spanish are plain ASCII.
    if (FoldedWord out; fold_ascii_word(word, out.folded)) {
        out.exact = out.folded;
        return out;
    }
    return fold_non_ascii_word(word);
}

FoldedWord fold_non_ascii_word(std::string_view word) {
    if (std::optional<FoldedWord> folded = fold_latin1(word)) {
        return std::move(*folded);
    }
    return fold_word_with_icu(word);
}

FoldedWord fold_word_with_icu(std::string_view word) {
    FoldedWord out;
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
