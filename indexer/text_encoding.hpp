// SPDX-License-Identifier: MIT
/// @file text_encoding.hpp  Bytes of unknown encoding -> UTF-8: legacy encodings detected and
/// converted, double-encoded UTF-8 repaired, the rest replaced by U+FFFD.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tilde {

/// NUL bytes dropped from text (a stray one must not lose a document).
struct DroppedNuls {
    std::uint64_t count = 0;
    std::uint64_t first = 0;  ///< where the first was, in the bytes given

    /// Adds those of a later stretch of the same file, which starts at byte `offset`.
    void add(const DroppedNuls& later, std::uint64_t offset) {
        if (later.count > 0 && count == 0) {
            first = offset + later.first;
        }
        count += later.count;
    }
};

/// Text ready for the analyzer, and what was done to get it.
struct DecodedText {
    std::string utf8;
    std::string note;     ///< "" when the bytes were clean UTF-8; else one phrase for a warning
    bool binary = false;  ///< looks like a binary file (looks_binary()); `utf8` is then empty
    DroppedNuls nuls;     ///< NUL bytes dropped from text that is not binary
};

/// Whether bytes that hold a NUL byte are binary rather than text with a stray NUL (which must
/// not lose a document): more than two NUL or other control bytes (white space and ESC aside) in
/// the first 8 kB, and more than one in 64, as executables, images, archives and UTF-32 have.
[[nodiscard]] bool looks_binary(std::string_view bytes);

/// "3 NUL bytes dropped, the first at byte 1042; the text around them is indexed".
[[nodiscard]] std::string describe(const DroppedNuls& nuls);

/// The UTF-16 a text is in, judged from its first bytes: a byte order mark, or, without one,
/// the zero high bytes of Latin text with no NUL character (what some Windows tools write as
/// "Unicode").
struct Utf16Start {
    const char* charset = nullptr;  ///< "UTF-16LE" or "UTF-16BE"; null: not UTF-16
    std::size_t mark_bytes = 0;     ///< 2 for a byte order mark, else 0
};
[[nodiscard]] Utf16Start detect_utf16(std::string_view head);

/// UTF-16 to UTF-8 in pieces, as a file streams in: a character cut between two pieces is
/// finished with the next one. Unpaired surrogates become U+FFFD.
class Utf16Decoder {
  public:
    explicit Utf16Decoder(const char* charset);
    ~Utf16Decoder();
    Utf16Decoder(const Utf16Decoder&) = delete;
    Utf16Decoder& operator=(const Utf16Decoder&) = delete;

    /// Appends the UTF-8 of `bytes` to `out`; `last` finishes the text.
    void decode(std::string_view bytes, bool last, std::string& out);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Decodes `bytes`: a UTF-8 BOM is dropped; UTF-16 (detect_utf16) is converted; valid UTF-8 is
/// kept, with characters that were UTF-8 decoded as Windows-1252 and encoded again ("GuaidÃ³")
/// repaired; other bytes are read in the encoding ICU detects (Windows-1252 for Latin-1 family
/// text); bytes that are invalid in mostly-UTF-8 text become U+FFFD. NUL bytes in text that is not
/// binary are dropped (and counted). With `known_text` (a JSON line, a later part of a text file)
/// the bytes are never judged binary: their NULs are dropped however many.
[[nodiscard]] DecodedText decode_text(std::string_view bytes, bool known_text = false);

}  // namespace tilde
