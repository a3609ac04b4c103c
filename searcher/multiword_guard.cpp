// SPDX-License-Identifier: MIT
/// @file multiword_guard.cpp  The analyser's transducer run on a word, its blank and the words
/// after it.
#include "multiword_guard.hpp"

#include <algorithm>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace tilde {
namespace {

using States = std::vector<std::uint32_t>;

// `states` with every state reachable from them by arcs that read nothing.
void close(const MultiwordTable::Section& section, States& states) {
    for (size_t i = 0; i < states.size(); ++i) {
        const std::uint32_t state = states[i];
        for (std::uint32_t a = section.first_arc[state]; a < section.first_arc[state + 1]; ++a) {
            if (section.symbol[a] == 0 &&
                std::find(states.begin(), states.end(), section.target[a]) == states.end()) {
                states.push_back(section.target[a]);
            }
        }
    }
}

// The states after reading `c` (lower case) from `states`, closed.
States step(const MultiwordTable::Section& section, const States& states, char32_t c) {
    States next;
    for (const std::uint32_t state : states) {
        for (std::uint32_t a = section.first_arc[state]; a < section.first_arc[state + 1]; ++a) {
            if (section.symbol[a] == c &&
                std::find(next.begin(), next.end(), section.target[a]) == next.end()) {
                next.push_back(section.target[a]);
            }
        }
    }
    close(section, next);
    return next;
}

bool any_final(const MultiwordTable::Section& section, const States& states) {
    return std::any_of(states.begin(), states.end(),
                       [&](std::uint32_t state) { return section.final_state[state] != 0; });
}

std::vector<char32_t> lower_code_points(std::string_view text) {
    std::vector<char32_t> out;
    for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
        UChar32 c = 0;
        U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
        out.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : u_tolower(c)));
    }
    return out;
}

}  // namespace

MultiwordGuard::AfterBlank MultiwordGuard::after_blank(std::string_view word) const {
    AfterBlank out;
    const std::vector<char32_t> letters = lower_code_points(word);
    for (size_t s = 0; s < table_.section_count; ++s) {
        const MultiwordTable::Section& section = table_.sections[s];
        States states{0};
        close(section, states);
        for (const char32_t c : letters) {
            states = step(section, states, c);
            if (states.empty()) {
                break;
            }
        }
        if (!states.empty()) {
            states = step(section, states, U' ');
        }
        if (!states.empty()) {
            out.states.emplace_back(s, std::move(states));
        }
    }
    return out;
}

bool MultiwordGuard::reads_on(const AfterBlank& after,
                              std::span<const std::string> following) const {
    if (after.states.empty()) {
        return false;
    }
    std::vector<char32_t> text;  // the following words, a blank apart
    for (const std::string& word : following) {
        if (!text.empty()) {
            text.push_back(U' ');
        }
        const std::vector<char32_t> letters = lower_code_points(word);
        text.insert(text.end(), letters.begin(), letters.end());
    }
    for (const auto& [s, start] : after.states) {
        const MultiwordTable::Section& section = table_.sections[s];
        States states = start;
        for (size_t i = 0; i < text.size() && !states.empty(); ++i) {
            // A unit may end here (before a letter too: punctuation's section ends anywhere).
            if (any_final(section, states)) {
                return true;
            }
            states = step(section, states, text[i]);
        }
        if (!states.empty()) {
            return true;  // it read all of them: the unit may end there, or go on
        }
    }
    return false;
}

}  // namespace tilde
