// SPDX-License-Identifier: MIT
/// @file cli_support.hpp  What tilde's programs share: exit codes, messages, terminal checks.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>

#include <unistd.h>

#include <cxxopts.hpp>

#include <tilde/analysis.hpp>

namespace tilde::cli {

/// Exit codes, as ripgrep: 0 found/done, 1 nothing found, 2 error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitNoResults = 1;
inline constexpr int kExitError = 2;

/// $TILDE_STOPWORDS_DIR, when set, names the folder of en.txt and es.txt (the library never
/// reads the environment itself).
inline void use_stopwords_from_environment() {
    const char* dir = std::getenv("TILDE_STOPWORDS_DIR");
    if (dir != nullptr && *dir != '\0') {
        tilde::set_stopwords_dir(dir);
    }
}

/// "PROGRAM: error: MESSAGE" on stderr, one line.
inline void print_error(std::string_view program, std::string_view message) {
    std::cerr << program << ": error: " << message << '\n';
}

/// "PROGRAM: warning: MESSAGE" on stderr, one line.
inline void print_warning(std::string_view program, std::string_view message) {
    std::cerr << program << ": warning: " << message << '\n';
}

/// The one try/catch of a program: runs `body`, prints any exception as one error line and
/// returns kExitError for it.
inline int run_main(std::string_view program, const std::function<int()>& body) {
    try {
        return body();
    } catch (const cxxopts::exceptions::exception& error) {
        print_error(program, std::string(error.what()) + " (see --help)");
    } catch (const std::exception& error) {
        print_error(program, error.what());
    }
    return kExitError;
}

/// True when `fd` is a terminal that is not "dumb".
inline bool is_terminal(int fd) {
    const char* term = std::getenv("TERM");
    return isatty(fd) != 0 && !(term != nullptr && std::string_view(term) == "dumb");
}

/// Colour on `fd`: "always", "never", or "auto" (a terminal, and NO_COLOR unset or empty).
inline bool use_color(std::string_view choice, int fd) {
    if (choice == "always") {
        return true;
    }
    if (choice == "never") {
        return false;
    }
    const char* no_color = std::getenv("NO_COLOR");
    return (no_color == nullptr || *no_color == '\0') && is_terminal(fd);
}

/// "12.3 MB", "456 kB", "78 B".
inline std::string human_bytes(double bytes) {
    char buffer[32];
    if (bytes >= 1e9) {
        std::snprintf(buffer, sizeof buffer, "%.2f GB", bytes / 1e9);
    } else if (bytes >= 1e6) {
        std::snprintf(buffer, sizeof buffer, "%.1f MB", bytes / 1e6);
    } else if (bytes >= 1e3) {
        std::snprintf(buffer, sizeof buffer, "%.1f kB", bytes / 1e3);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.0f B", bytes);
    }
    return buffer;
}

}  // namespace tilde::cli
