// SPDX-License-Identifier: MIT
#include "cli_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include <unistd.h>

#include <cxxopts.hpp>

#include <tilde/analysis.hpp>

namespace tilde::cli {

void use_stopwords_from_environment() {
    const char* dir = std::getenv("TILDE_STOPWORDS_DIR");
    if (dir != nullptr && *dir != '\0') {
        tilde::set_stopwords_dir(dir);
    }
}

std::string visible(std::string_view text, bool keep_newlines) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const auto c = static_cast<unsigned char>(text[at]);
        std::size_t length = 0;
        if ((c < 0x20 && c != '\t' && !(c == '\n' && keep_newlines)) || c == 0x7F) {
            length = 1;
        } else if (c == 0xC2 && at + 1 < text.size() &&
                   static_cast<unsigned char>(text[at + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[at + 1]) <= 0x9F) {
            length = 2;  // C1 controls, U+0080..U+009F
        }
        if (length == 0) {
            out.push_back(text[at++]);
            continue;
        }
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, length == 1 ? "\\x%02x" : "\\u%04x",
                      static_cast<unsigned char>(text[at + length - 1]));
        out += escaped;
        at += length;
    }
    return out;
}

void print_error(std::string_view program, std::string_view message) {
    std::cerr << program << ": error: " << visible(message, false) << '\n';
}

void print_warning(std::string_view program, std::string_view message) {
    std::cerr << program << ": warning: " << visible(message, false) << '\n';
}

int run_main(std::string_view program, const std::function<int()>& body) {
    try {
        return body();
    } catch (const cxxopts::exceptions::exception& error) {
        print_error(program, std::string(error.what()) + " (see --help)");
    } catch (const std::exception& error) {
        print_error(program, error.what());
    } catch (...) {
        // The library turns its dependencies' errors into tilde errors; anything else still
        // ends the program with one line, never an abort.
        print_error(program, "internal error: an unexpected exception (please report it)");
    }
    return kExitError;
}

bool is_terminal(int fd) {
    const char* term = std::getenv("TERM");
    return isatty(fd) != 0 && !(term != nullptr && std::string_view(term) == "dumb");
}

bool use_color(std::string_view choice, int fd) {
    if (choice == "always") {
        return true;
    }
    if (choice == "never") {
        return false;
    }
    const char* no_color = std::getenv("NO_COLOR");
    return (no_color == nullptr || *no_color == '\0') && is_terminal(fd);
}

std::string human_bytes(double bytes) {
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
