// SPDX-License-Identifier: MIT
/// @file word_segments.cpp  UAX #29 word segments: the direct Latin-script pass, and ICU.
#include "word_segments.hpp"

#include <array>
#include <limits>
#include <stdexcept>
#include <string>

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

namespace tilde {
namespace {

// The Word_Break classes the direct pass handles; Unhandled sends the text to ICU (Extend,
// Format and ZWJ, which UAX #29 skips inside words, ExtendNumLet's "_", Hebrew, Katakana,
// regional indicators, ...).
enum class Kind : std::uint8_t { Other, Letter, Digit, MidLetter, MidNumLet, MidNum, Unhandled };

Kind kind_of_property(UChar32 c) {
    // ICU's root rules tailor two: '@' is a letter (e-mail addresses), ':' never joins.
    if (c == '@') {
        return Kind::Letter;
    }
    if (c == ':') {
        return Kind::Other;
    }
    switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
        case U_WB_ALETTER:
            return Kind::Letter;
        case U_WB_NUMERIC:
            return Kind::Digit;
        case U_WB_MIDLETTER:
            return Kind::MidLetter;
        case U_WB_MIDNUMLET:
        case U_WB_SINGLE_QUOTE:  // as MidNumLet, outside Hebrew (WB6, WB7, WB11, WB12)
            return Kind::MidNumLet;
        case U_WB_MIDNUM:
            return Kind::MidNum;
        case U_WB_OTHER:
        case U_WB_CR:
        case U_WB_LF:
        case U_WB_NEWLINE:
        case U_WB_WSEGSPACE:
        case U_WB_DOUBLE_QUOTE:  // joins Hebrew letters only (WB7b, WB7c)
            return Kind::Other;  // never inside a word
        default:
            return Kind::Unhandled;
    }
}

// Latin letters and their punctuation: ICU gives other scripts dictionary or ideographic
// rules of its own (Thai, Han, kana), and U+0300 on are combining marks.
Kind kind_of(UChar32 c) {
    const bool latin = c < 0x0300;
    const bool punctuation = c >= 0x2000 && c < 0x20D0;  // general punctuation, currency
    return latin || punctuation ? kind_of_property(c) : Kind::Unhandled;
}

const std::array<Kind, 128>& ascii_kinds() {
    static const std::array<Kind, 128> kinds = [] {
        std::array<Kind, 128> out{};
        for (UChar32 c = 0; c < 128; ++c) {
            out[static_cast<size_t>(c)] = kind_of(c);
        }
        return out;
    }();
    return kinds;
}

bool in_word(Kind kind) { return kind == Kind::Letter || kind == Kind::Digit; }

}  // namespace

struct WordSegmenter::Impl {
    std::unique_ptr<icu::BreakIterator> words;
    // Scratch space reused between calls: the text in UTF-16 for ICU, with each code unit's
    // byte offset.
    std::vector<UChar> utf16;
    std::vector<std::uint32_t> byte_offsets;
};

WordSegmenter::WordSegmenter() : impl_(std::make_unique<Impl>()) {
    UErrorCode status = U_ZERO_ERROR;
    impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !impl_->words) {
        throw std::runtime_error(std::string("cannot create ICU word break iterator: ") +
                                 u_errorName(status));
    }
}

WordSegmenter::~WordSegmenter() = default;

void WordSegmenter::segment(std::string_view text, std::vector<WordSegment>& out) {
    if (!segment_latin(text, out)) {
        segment_with_icu(text, out);
    }
}

// UAX #29 over characters that are letters, digits, the three kinds of mid-word punctuation,
// or nothing a word holds: a word is a run of letters and digits (WB5, WB8-WB10) that goes on
// across one MidLetter or MidNumLet between two letters (WB6, WB7) and one MidNum or MidNumLet
// between two digits (WB11, WB12). ICU tags it by the rule that ended it: a number when its
// last character is a digit ("a1.5", "abc123"), a word of letters otherwise.
bool WordSegmenter::segment_latin(std::string_view text, std::vector<WordSegment>& out) {
    out.clear();
    const std::array<Kind, 128>& ascii = ascii_kinds();
    const auto length = static_cast<int32_t>(text.size());
    constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
    std::uint32_t word_begin = kNone;  // the word being read, if any
    Kind last = Kind::Other;           // its last letter or digit
    std::uint32_t mid_at = kNone;      // a mid-word character after it, waiting for the next
    Kind mid = Kind::Other;
    auto joined_by = [&](Kind next) {
        return next == last &&
               (last == Kind::Letter ? mid == Kind::MidLetter || mid == Kind::MidNumLet
                                     : mid == Kind::MidNum || mid == Kind::MidNumLet);
    };
    for (int32_t i = 0; i < length;) {
        const auto start = static_cast<std::uint32_t>(i);
        const auto byte = static_cast<unsigned char>(text[static_cast<size_t>(i)]);
        Kind kind;
        if (byte < 0x80) {
            kind = ascii[byte];
            ++i;
        } else {
            UChar32 c;
            U8_NEXT(text.data(), i, length, c);
            kind = c < 0 ? Kind::Unhandled : kind_of(c);
        }
        if (kind == Kind::Unhandled) {
            return false;
        }
        if (word_begin != kNone) {
            if (mid_at != kNone) {
                const bool joins = joined_by(kind);
                const std::uint32_t end = mid_at;
                mid_at = kNone;
                if (joins) {
                    continue;
                }
                out.push_back({word_begin, end, last == Kind::Digit});
                word_begin = kNone;
            } else if (in_word(kind)) {
                last = kind;
                continue;
            } else if (kind == Kind::MidLetter || kind == Kind::MidNumLet || kind == Kind::MidNum) {
                mid_at = start;
                mid = kind;
                continue;
            } else {
                out.push_back({word_begin, start, last == Kind::Digit});
                word_begin = kNone;
                continue;
            }
        }
        if (in_word(kind)) {
            word_begin = start;
            last = kind;
        }
    }
    if (word_begin != kNone) {
        const std::uint32_t end = mid_at != kNone ? mid_at : static_cast<std::uint32_t>(length);
        out.push_back({word_begin, end, last == Kind::Digit});
    }
    return true;
}

namespace {

// `text` in UTF-16 with the byte offset of each code unit (and of the end) in `offsets`; false,
// with nothing to use, when it is not valid UTF-8.
bool to_utf16(std::string_view text, std::vector<UChar>& out, std::vector<std::uint32_t>& offsets) {
    // No more code units than bytes: one for 1-3 bytes, two for 4.
    out.resize(text.size());
    offsets.resize(text.size() + 1);
    size_t units = 0;
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        const auto byte_offset = static_cast<std::uint32_t>(i);
        const auto byte = static_cast<unsigned char>(text[static_cast<size_t>(i)]);
        if (byte < 0x80) {
            out[units] = byte;
            offsets[units++] = byte_offset;
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(text.data(), i, length, c);
        if (c < 0) {
            return false;
        }
        if (c <= 0xFFFF) {
            out[units] = static_cast<UChar>(c);
            offsets[units++] = byte_offset;
        } else {
            out[units] = U16_LEAD(c);
            offsets[units++] = byte_offset;
            out[units] = U16_TRAIL(c);
            offsets[units++] = byte_offset;
        }
    }
    out.resize(units);
    offsets[units] = static_cast<std::uint32_t>(text.size());
    offsets.resize(units + 1);
    return true;
}

}  // namespace

void WordSegmenter::segment_with_icu(std::string_view text, std::vector<WordSegment>& out) {
    out.clear();
    if (text.empty()) {
        return;
    }
    UErrorCode status = U_ZERO_ERROR;
    UText utext = UTEXT_INITIALIZER;
    // The break iterator reads UTF-16 as one array; over UTF-8 its UText converts 32 code units
    // at a time, and going back and forth across those chunks was a third of highlighting.
    // Text that is not valid UTF-8 is read as UTF-8 (its bad bytes are broken as before).
    std::vector<UChar>& utf16 = impl_->utf16;
    std::vector<std::uint32_t>& byte_offsets = impl_->byte_offsets;
    const bool in_utf16 = to_utf16(text, utf16, byte_offsets);
    if (in_utf16) {
        utext_openUChars(&utext, utf16.data(), static_cast<int64_t>(utf16.size()), &status);
    } else {
        utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()), &status);
    }
    auto byte_offset = [&](int32_t boundary) {
        return in_utf16 ? byte_offsets[static_cast<size_t>(boundary)]
                        : static_cast<std::uint32_t>(boundary);
    };
    icu::BreakIterator& words = *impl_->words;
    words.setText(&utext, status);
    if (U_FAILURE(status)) {
        utext_close(&utext);
        return;
    }
    std::uint32_t end = byte_offset(words.first());
    for (int32_t boundary = words.next(); boundary != icu::BreakIterator::DONE;
         boundary = words.next()) {
        const std::uint32_t start = end;
        end = byte_offset(boundary);
        const int32_t rule = words.getRuleStatus();
        if (rule >= UBRK_WORD_NONE_LIMIT) {  // not spaces or punctuation
            out.push_back({start, end, rule < UBRK_WORD_NUMBER_LIMIT});
        }
    }
    utext_close(&utext);
}

}  // namespace tilde
