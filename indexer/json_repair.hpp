// SPDX-License-Identifier: MIT
/// @file json_repair.hpp  Mends for JSON lines that real exporters write slightly wrong, so a
/// document is not lost to one bad character. Each returns how many it mended (0: the line is
/// untouched).
#pragma once

#include <cstddef>
#include <string>

namespace tilde {

/// A UTF-16 surrogate escaped alone ("\ud83d" where an emoji was cut in two, as JavaScript and
/// Python write them) makes the whole line invalid JSON. Each becomes "\ufffd" (U+FFFD).
std::size_t replace_lone_surrogates(std::string& line);

/// A control character (U+0000 to U+001F, most often a tab) written raw inside a string, which
/// JSON forbids and hand-rolled writers leave in (Python reads it with `strict=False`), becomes
/// its escape ("\t", "\u0001"). Bytes outside strings are left for the parser to judge.
std::size_t escape_raw_controls(std::string& line);

}  // namespace tilde
