// SPDX-License-Identifier: MIT
/// @file text_encoding.hpp  Bytes of unknown encoding -> UTF-8: legacy encodings detected and
/// converted, double-encoded UTF-8 repaired, the rest replaced by U+FFFD.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace tilde {

/// Text ready for the analyzer, and what was done to get it.
struct DecodedText {
    std::string utf8;
    std::string note;     ///< "" when the bytes were clean UTF-8; else one phrase for a warning
    bool binary = false;  ///< looks like a binary file (NUL bytes); `utf8` is then empty
};

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
/// text); bytes that are invalid in mostly-UTF-8 text become U+FFFD.
[[nodiscard]] DecodedText decode_text(std::string_view bytes);

}  // namespace tilde
