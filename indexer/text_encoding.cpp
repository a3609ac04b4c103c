// SPDX-License-Identifier: MIT
/// @file text_encoding.cpp  Encoding repair for real-world Spanish text.
#include "text_encoding.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

namespace tilde {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr size_t kBinaryProbeBytes = 8192;

// Windows-1252 bytes 0x80-0x9F as code points (0: unassigned there).
constexpr std::array<char32_t, 32> kWindows1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// The byte a code point was before a Windows-1252 (or Latin-1) decoding, or -1.
int windows1252_byte(UChar32 c) {
    if (c >= 0 && c <= 0xFF) {
        return c;
    }
    for (size_t i = 0; i < kWindows1252High.size(); ++i) {
        if (kWindows1252High[i] == static_cast<char32_t>(c)) {
            return static_cast<int>(0x80 + i);
        }
    }
    return -1;
}

struct Utf8Scan {
    size_t invalid_bytes = 0;
    size_t multibyte = 0;  // valid sequences of 2-4 bytes
};

Utf8Scan scan_utf8(std::string_view text) {
    Utf8Scan scan;
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t at = 0; at < length;) {
        if (bytes[at] < 0x80) {
            ++at;
            continue;
        }
        UChar32 c = 0;
        U8_NEXT(bytes, at, length, c);
        if (c < 0) {
            ++scan.invalid_bytes;
        } else {
            ++scan.multibyte;
        }
    }
    return scan;
}

// Valid UTF-8 kept, each invalid byte replaced by U+FFFD.
std::string replace_invalid(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t at = 0; at < length;) {
        int32_t start = at;
        UChar32 c = 0;
        U8_NEXT(bytes, at, length, c);
        if (c < 0) {
            out.append(kReplacement);
        } else {
            out.append(text.substr(start, at - start));
        }
    }
    return out;
}

// "GuaidÃ³" -> "Guaidó": a lead character (Â..ô) then 1-3 characters that were continuation
// bytes, which together decode as one UTF-8 character. Returns how many were repaired.
size_t repair_double_encoding(std::string& text) {
    std::string out;
    out.reserve(text.size());
    size_t repaired = 0;
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t at = 0; at < length;) {
        int32_t start = at;
        UChar32 lead = 0;
        U8_NEXT(bytes, at, length, lead);
        int lead_byte = windows1252_byte(lead);
        int expected = lead_byte >= 0xC2 && lead_byte <= 0xDF   ? 1
                       : lead_byte >= 0xE0 && lead_byte <= 0xEF ? 2
                       : lead_byte >= 0xF0 && lead_byte <= 0xF4 ? 3
                                                                : 0;
        if (expected > 0) {
            std::string original;
            original.push_back(static_cast<char>(lead_byte));
            int32_t next = at;
            for (int i = 0; i < expected && next < length; ++i) {
                UChar32 c = 0;
                U8_NEXT(bytes, next, length, c);
                int byte = windows1252_byte(c);
                if (byte < 0x80 || byte > 0xBF) {
                    break;
                }
                original.push_back(static_cast<char>(byte));
            }
            if (static_cast<int>(original.size()) == expected + 1 &&
                scan_utf8(original).invalid_bytes == 0) {
                out.append(original);
                at = next;
                ++repaired;
                continue;
            }
        }
        out.append(text, start, at - start);
    }
    if (repaired > 0) {
        text = std::move(out);
    }
    return repaired;
}

// Converts with ICU; returns false if the converter is unknown.
bool convert_to_utf8(std::string_view bytes, const char* charset, std::string& out) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> from(ucnv_open(charset, &status),
                                                            &ucnv_close);
    if (U_FAILURE(status)) {
        return false;
    }
    std::unique_ptr<UConverter, decltype(&ucnv_close)> to(ucnv_open("UTF-8", &status), &ucnv_close);
    out.assign(bytes.size() * 3 + 16, '\0');  // at most 3 UTF-8 bytes per input byte
    char* target = out.data();
    const char* source = bytes.data();
    ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source,
                   bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true,
                   &status);
    if (U_FAILURE(status)) {
        return false;
    }
    out.resize(static_cast<size_t>(target - out.data()));
    return true;
}

// The encoding of legacy single-byte text. Spanish and English text is Windows-1252 (a superset
// of Latin-1 for text: curly quotes and dashes live at 0x80-0x9F); ICU's guesses among the
// Latin encodings are unreliable on short texts (it reads "año" as Polish), so only a
// confident guess of a non-Latin script overrides it.
std::string detect_charset(std::string_view bytes) {
    constexpr int32_t kConfident = 60;
    const std::string fallback = "windows-1252";
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status),
                                                                        &ucsdet_close);
    if (U_FAILURE(status)) {
        return fallback;
    }
    ucsdet_setText(detector.get(), bytes.data(),
                   static_cast<int32_t>(std::min<size_t>(bytes.size(), 1 << 16)), &status);
    const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
    if (U_FAILURE(status) || match == nullptr ||
        ucsdet_getConfidence(match, &status) < kConfident) {
        return fallback;
    }
    std::string guess = ucsdet_getName(match, &status);
    for (const char* other :
         {"windows-1251", "KOI8-R", "ISO-8859-5", "Shift_JIS", "GB18030", "EUC-JP", "EUC-KR",
          "Big5", "ISO-8859-7", "windows-1253", "ISO-8859-8", "windows-1255", "windows-1256"}) {
        if (U_SUCCESS(status) && guess == other) {
            return guess;
        }
    }
    return fallback;
}

}  // namespace

Utf16Start detect_utf16(std::string_view head) {
    if (head.starts_with("\xFF\xFE")) {
        return {"UTF-16LE", 2};
    }
    if (head.starts_with("\xFE\xFF")) {
        return {"UTF-16BE", 2};
    }
    const std::string_view probe = head.substr(0, kBinaryProbeBytes);
    if (probe.find('\0') == std::string_view::npos) {
        return {};  // no zero byte, no UTF-16 of Latin text: every line of the usual corpus
    }
    const size_t units = probe.size() / 2;
    size_t zero_high[2] = {0, 0};  // units read little-endian, big-endian, with a zero high byte
    size_t controls[2] = {0, 0};   // of those, C0 controls other than white space
    for (size_t k = 0; k < units; ++k) {
        const auto first = static_cast<unsigned char>(head[2 * k]);
        const auto second = static_cast<unsigned char>(head[2 * k + 1]);
        if (first == 0 && second == 0) {
            return {};  // a NUL character: not text
        }
        for (int order = 0; order < 2; ++order) {
            const unsigned char high = order == 0 ? second : first;
            const unsigned char low = order == 0 ? first : second;
            if (high == 0) {
                ++zero_high[order];
                controls[order] +=
                    low < 0x20 && std::string_view("\t\n\f\r").find(static_cast<char>(low)) ==
                                      std::string_view::npos;
            }
        }
    }
    // Latin text has nearly every high byte zero in one order and almost none in the other.
    for (int order = 0; order < 2; ++order) {
        if (units >= 2 && zero_high[order] * 10 >= units * 6 &&
            zero_high[1 - order] * 50 <= units && controls[order] * 100 <= units) {
            return {order == 0 ? "UTF-16LE" : "UTF-16BE", 0};
        }
    }
    return {};
}

struct Utf16Decoder::Impl {
    std::unique_ptr<UConverter, decltype(&ucnv_close)> from{nullptr, &ucnv_close};
    std::unique_ptr<UConverter, decltype(&ucnv_close)> to{nullptr, &ucnv_close};
    std::array<UChar, 4096> pivot{};
    UChar* pivot_source = pivot.data();
    UChar* pivot_target = pivot.data();
    bool started = false;
};

Utf16Decoder::Utf16Decoder(const char* charset) : impl_(std::make_unique<Impl>()) {
    UErrorCode status = U_ZERO_ERROR;
    impl_->from.reset(ucnv_open(charset, &status));
    impl_->to.reset(ucnv_open("UTF-8", &status));
    if (U_FAILURE(status)) {
        throw std::runtime_error(std::string("ICU has no converter for ") + charset);
    }
}

Utf16Decoder::~Utf16Decoder() = default;

void Utf16Decoder::decode(std::string_view bytes, bool last, std::string& out) {
    const char* source = bytes.data();
    const char* const source_end = bytes.data() + bytes.size();
    for (;;) {
        const size_t before = out.size();
        out.resize(before + bytes.size() * 2 + 64);  // 2 UTF-16 bytes give at most 3 of UTF-8
        char* target = out.data() + before;
        UErrorCode status = U_ZERO_ERROR;
        ucnv_convertEx(impl_->to.get(), impl_->from.get(), &target, out.data() + out.size(),
                       &source, source_end, impl_->pivot.data(), &impl_->pivot_source,
                       &impl_->pivot_target, impl_->pivot.data() + impl_->pivot.size(),
                       /*reset=*/!impl_->started, /*flush=*/last, &status);
        impl_->started = true;
        out.resize(static_cast<size_t>(target - out.data()));
        if (status != U_BUFFER_OVERFLOW_ERROR) {
            return;  // other failures cannot happen: bad units become U+FFFD
        }
    }
}

bool looks_binary(std::string_view bytes) {
    const std::string_view probe = bytes.substr(0, kBinaryProbeBytes);
    size_t controls = 0;
    for (const char c : probe) {
        const auto byte = static_cast<unsigned char>(c);
        controls +=
            (byte < 0x20 && std::string_view("\t\n\v\f\r\x1B").find(c) == std::string_view::npos) ||
            byte == 0x7F;
    }
    return controls > 2 && controls * 64 > probe.size();
}

std::string describe(const DroppedNuls& nuls) {
    const bool one = nuls.count == 1;
    return std::to_string(nuls.count) +
           (one ? " NUL byte dropped, at byte " : " NUL bytes dropped, the first at byte ") +
           std::to_string(nuls.first) +
           (one ? "; the text around it is indexed" : "; the text around them is indexed");
}

DecodedText decode_text(std::string_view bytes, bool known_text) {
    DecodedText decoded;
    const char* const start = bytes.data();
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
    } else if (const Utf16Start utf16 = detect_utf16(bytes); utf16.charset != nullptr) {
        std::string_view units = bytes.substr(utf16.mark_bytes);
        if (convert_to_utf8(units.substr(0, units.size() / 2 * 2), utf16.charset, decoded.utf8)) {
            decoded.note = std::string("read as ") + utf16.charset +
                           (utf16.mark_bytes == 0 ? " (no byte order mark)" : "");
            return decoded;
        }
    }
    std::string without_nuls;
    if (const size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
        if (!known_text && looks_binary(bytes)) {
            decoded.binary = true;
            return decoded;
        }
        without_nuls = bytes;
        decoded.nuls.count = std::erase(without_nuls, '\0');
        decoded.nuls.first = static_cast<size_t>(bytes.data() - start) + nul;
        bytes = without_nuls;
    }
    Utf8Scan scan = scan_utf8(bytes);
    if (scan.invalid_bytes == 0) {
        decoded.utf8 = std::string(bytes);
        if (scan.multibyte > 0) {
            if (size_t repaired = repair_double_encoding(decoded.utf8); repaired > 0) {
                decoded.note = "repaired " + std::to_string(repaired) +
                               (repaired == 1 ? " character" : " characters") +
                               " of double-encoded UTF-8";
            }
        }
        return decoded;
    }
    if (scan.multibyte > scan.invalid_bytes) {
        // Mostly UTF-8 with some damage: keep what is valid.
        decoded.utf8 = replace_invalid(bytes);
        decoded.note =
            "replaced " + std::to_string(scan.invalid_bytes) + " invalid UTF-8 bytes with U+FFFD";
        return decoded;
    }
    std::string charset = detect_charset(bytes);
    if (convert_to_utf8(bytes, charset.c_str(), decoded.utf8)) {
        decoded.note = "read as " + charset;
    } else {
        decoded.utf8 = replace_invalid(bytes);
        decoded.note =
            "replaced " + std::to_string(scan.invalid_bytes) + " invalid UTF-8 bytes with U+FFFD";
    }
    return decoded;
}

}  // namespace tilde
