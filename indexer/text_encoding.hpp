// SPDX-License-Identifier: MIT
/// @file text_encoding.hpp  Bytes of unknown encoding -> UTF-8: legacy encodings detected and
/// converted, double-encoded UTF-8 repaired, the rest replaced by U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace tilde {

/// Text ready for the analyzer, and what was done to get it.
struct DecodedText {
    std::string utf8;
    std::string note;     ///< "" when the bytes were clean UTF-8; else one phrase for a warning
    bool binary = false;  ///< looks like a binary file (NUL bytes); `utf8` is then empty
};

/// Decodes `bytes`: a UTF-8 BOM is dropped; UTF-16 with a BOM is converted; valid UTF-8 is kept,
/// with characters that were UTF-8 decoded as Windows-1252 and encoded again ("GuaidÃ³")
/// repaired; other bytes are read in the encoding ICU detects (Windows-1252 for Latin-1 family
/// text); bytes that are invalid in mostly-UTF-8 text become U+FFFD.
[[nodiscard]] DecodedText decode_text(std::string_view bytes);

}  // namespace tilde
