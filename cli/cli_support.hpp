// SPDX-License-Identifier: MIT
/// @file cli_support.hpp  What tilde's programs share: exit codes, messages, terminal checks.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <cxxopts.hpp>

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

/// Columns of the terminal on `fd`, or 0 when `fd` is not a terminal.
[[nodiscard]] std::size_t terminal_columns(int fd);

/// Rows of the terminal on `fd`, or 0 when `fd` is not a terminal.
[[nodiscard]] std::size_t terminal_rows(int fd);

/// Colour on `fd`: "always", "never", or "auto" (a terminal, and NO_COLOR unset or empty).
[[nodiscard]] bool use_color(std::string_view choice, int fd);

/// "1 file", "2 files": `count` and the noun that agrees with it (`plural` defaults to
/// `singular` + "s").
[[nodiscard]] std::string count_of(std::uint64_t count, std::string_view singular,
                                   std::string_view plural = {});

/// "tilde-search 0.1.0" and the licence, for --version; the version is the library's own
/// (tilde_version()), so a program and the library it links never disagree.
void print_version(std::string_view program);

/// The value of numeric option `name` (declared as a string, so that a bad value can be
/// reported with the option's name: "--limit: 'abc' is not a number"); a usage error for
/// text, a negative number, a fraction or a number above `max`.
[[nodiscard]] std::uint64_t whole_number_option(const cxxopts::ParseResult& args,
                                                const std::string& name,
                                                std::uint64_t max = UINT32_MAX);

/// As whole_number_option, for options that take a fraction ("--memory 0.5").
[[nodiscard]] double number_option(const cxxopts::ParseResult& args, const std::string& name);

/// The index to search when no --index is given: $TILDE_INDEX, else the `index = PATH` line
/// of $XDG_CONFIG_HOME/tilde/config (~/.config/tilde/config; a relative PATH is taken from
/// that folder); nothing if neither says.
[[nodiscard]] std::optional<std::string> default_index();

/// Where default_index() reads its file.
[[nodiscard]] std::string config_path();

/// --index if given, else default_index(); a usage error saying how to name one otherwise.
[[nodiscard]] std::string index_option(const cxxopts::ParseResult& args);

/// "12.3 MB", "456 kB", "78 B".
[[nodiscard]] std::string human_bytes(double bytes);

}  // namespace tilde::cli
