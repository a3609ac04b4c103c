// SPDX-License-Identifier: MIT
/// @file fuzz_support.hpp  What the fuzz targets check on every input: tilde's invariants, and
/// a crash (that libFuzzer keeps as a reproducer) when one does not hold.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <vector>

#include <tilde/index_writer.hpp>

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

/// The small bilingual index the search targets query: accents, quotes, dates, abbreviations.
inline void write_sample_index(const std::filesystem::path& index) {
    IndexWriter writer(index);
    writer.add_document({"a", "Guaidó",
                         "Juan Guaidó habló en Caracas sobre las sanciones.\n\n"
                         "El presidente Maduro rechazó la propuesta del “Grupo de Lima”.",
                         "es", "2019-08-21", "El País"});
    writer.add_document({"b", "Secret talks",
                         "The US held secret meetings with Venezuelan "
                         "military officers, U.S. officials said.\n\nMaduro's government "
                         "denied it.",
                         "en", "Aug 19 2019", ""});
    writer.add_document({"c", "",
                         "5,000 troops to Colombia — oil-producing EE.UU. "
                         "sanctions sanctioned sanctioning",
                         "", "", ""});
    writer.commit();
}

}  // namespace tilde::fuzz
