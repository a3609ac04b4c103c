// SPDX-License-Identifier: MIT
/// @file cli_support.hpp  What tilde's programs share: exit codes, messages, terminal checks.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace tilde::cli {

/// Exit codes, as ripgrep: 0 found/done, 1 nothing found, 2 error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitNoResults = 1;
inline constexpr int kExitError = 2;

/// $TILDE_STOPWORDS_DIR, when set, names the folder of en.txt and es.txt (the library never
/// reads the environment itself).
void use_stopwords_from_environment();

/// `text` safe to print: control characters (C0 but tab and newline, DEL, C1) shown as
/// `\x1b`, so that text from an index or a file name can never drive the terminal (clear it,
/// set its title, write the clipboard) or end a line early.
[[nodiscard]] std::string visible(std::string_view text, bool keep_newlines = true);

/// "PROGRAM: error: MESSAGE" on stderr, one line.
void print_error(std::string_view program, std::string_view message);

/// "PROGRAM: warning: MESSAGE" on stderr, one line.
void print_warning(std::string_view program, std::string_view message);

/// The one try/catch of a program: runs `body`, prints any exception as one error line and
/// returns kExitError for it.
int run_main(std::string_view program, const std::function<int()>& body);

/// True when `fd` is a terminal that is not "dumb".
[[nodiscard]] bool is_terminal(int fd);

/// Colour on `fd`: "always", "never", or "auto" (a terminal, and NO_COLOR unset or empty).
[[nodiscard]] bool use_color(std::string_view choice, int fd);

/// "12.3 MB", "456 kB", "78 B".
[[nodiscard]] std::string human_bytes(double bytes);

}  // namespace tilde::cli
