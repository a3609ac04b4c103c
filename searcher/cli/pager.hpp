// SPDX-License-Identifier: MIT
/// @file pager.hpp  Long output on a terminal goes through a pager, as git does.
#pragma once

#include <string_view>

namespace tilde::cli {

/// Writes `text` to standard output: through $TILDE_PAGER, else $PAGER, else `less` when
/// standard output is a terminal and `text` is taller than it, else directly. LESS defaults to
/// "FRX" (quit if one screen, colours, leave the text on screen), as git sets it. An empty
/// pager or "cat" means none; so does `enabled` false (--no-pager).
void show_paged(std::string_view text, bool enabled);

}  // namespace tilde::cli
