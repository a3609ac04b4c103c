// SPDX-License-Identifier: MIT
/// @file fuzz_support.hpp  What the fuzz targets check on every input: tilde's invariants, and
/// a crash (that libFuzzer keeps as a reproducer) when one does not hold.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "analyzer.hpp"

namespace tilde::fuzz {

[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

inline void check(bool condition, const char* what) {
    if (!condition) {
        fail(what);
    }
}

/// The token contract (as tests/unit/test_analyzer.cpp checks it): offsets inside the text,
/// in order, never empty; folded words never empty.
inline void check_tokens(std::string_view text, const std::vector<Token>& tokens) {
    uint32_t previous_begin = 0;
    for (const Token& token : tokens) {
        check(token.byte_begin < token.byte_end, "token has no bytes");
        check(token.byte_end <= text.size(), "token ends past the text");
        check(token.byte_begin >= previous_begin, "tokens out of order");
        check(!token.folded.empty(), "empty folded word");
        previous_begin = token.byte_begin;
    }
}

}  // namespace tilde::fuzz
