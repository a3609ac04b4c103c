// SPDX-License-Identifier: MIT
/// @file trim.hpp  Whitespace trimming, shared by the readers of lines (corpus, stubs, prompt).
#pragma once

#include <string_view>

namespace tilde {

/// `text` without leading and trailing ASCII whitespace.
[[nodiscard]] inline std::string_view trim_spaces(std::string_view text) {
    constexpr std::string_view kSpaces = " \t\r\n\f\v";
    const size_t begin = text.find_first_not_of(kSpaces);
    if (begin == std::string_view::npos) {
        return {};
    }
    return text.substr(begin, text.find_last_not_of(kSpaces) - begin + 1);
}

}  // namespace tilde
