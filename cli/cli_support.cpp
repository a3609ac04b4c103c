// SPDX-License-Identifier: MIT
#include "cli_support.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sys/ioctl.h>

#include <unistd.h>

#include <cxxopts.hpp>

#include <tilde/analysis.hpp>
#include <tilde/errors.hpp>
#include <tilde/tilde.h>

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

namespace {

// cxxopts quotes with ‘’; every other message of tilde's uses straight quotes.
std::string straight_quotes(std::string text) {
    for (std::string_view curly : {"\u2018", "\u2019"}) {
        for (size_t at = text.find(curly); at != std::string::npos; at = text.find(curly, at)) {
            text.replace(at, curly.size(), "'");
        }
    }
    return text;
}

std::string option_value(const cxxopts::ParseResult& args, const std::string& name) {
    return args[name].as<std::string>();
}

}  // namespace

std::string count_of(std::uint64_t count, std::string_view singular, std::string_view plural) {
    std::string text = std::to_string(count) + ' ';
    if (count == 1) {
        text += singular;
    } else if (plural.empty()) {
        text.append(singular).push_back('s');
    } else {
        text += plural;
    }
    return text;
}

void print_version(std::string_view program) {
    std::cout << program << ' ' << tilde_version() << '\n'
              << "tilde's code is MIT-licensed; this program links GPL libraries (Xapian, "
                 "GPL-2+;\nlttoolbox, GPL-2), so it is distributed under the GPL (see LICENSE "
                 "and README).\n";
}

std::uint64_t whole_number_option(const cxxopts::ParseResult& args, const std::string& name,
                                  std::uint64_t max) {
    const std::string text = option_value(args, name);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error == std::errc::invalid_argument || end != text.data() + text.size()) {
        char* number_end = nullptr;
        std::strtod(text.c_str(), &number_end);
        const bool is_number = !text.empty() && number_end == text.c_str() + text.size();
        throw UsageError("--" + name + ": '" + text + "' is not " +
                         (is_number ? "a whole number, 0 or more" : "a number"));
    }
    if (error == std::errc::result_out_of_range || value > max) {
        throw UsageError("--" + name + ": '" + text + "' is too large (at most " +
                         std::to_string(max) + ")");
    }
    return value;
}

double number_option(const cxxopts::ParseResult& args, const std::string& name) {
    const std::string text = option_value(args, name);
    char* end = nullptr;
    const double value = text.empty() ? NAN : std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value)) {
        throw UsageError("--" + name + ": '" + text + "' is not a number");
    }
    return value;
}

int run_main(std::string_view program, const std::function<int()>& body) {
    try {
        return body();
    } catch (const cxxopts::exceptions::no_such_option& error) {
        // "Option 'bogus' does not exist" names the option as no one types it.
        const std::string message = straight_quotes(error.what());
        const size_t open = message.find('\'');
        const size_t close = message.find('\'', open + 1);
        const std::string name =
            close == std::string::npos ? message : message.substr(open + 1, close - open - 1);
        print_error(program, "unknown option '" + std::string(name.size() == 1 ? "-" : "--") +
                                 name + "' (see --help)");
    } catch (const cxxopts::exceptions::exception& error) {
        print_error(program, straight_quotes(error.what()) + " (see --help)");
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

namespace {

winsize terminal_size(int fd) {
    winsize size{};
    if (isatty(fd) == 0 || ioctl(fd, TIOCGWINSZ, &size) != 0) {
        return {};
    }
    return size;
}

}  // namespace

std::size_t terminal_columns(int fd) { return terminal_size(fd).ws_col; }

std::size_t terminal_rows(int fd) { return terminal_size(fd).ws_row; }

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

std::string config_path() {
    const char* config_home = std::getenv("XDG_CONFIG_HOME");
    if (config_home != nullptr && *config_home == '/') {
        return std::string(config_home) + "/tilde/config";
    }
    const char* home = std::getenv("HOME");
    return std::string(home != nullptr ? home : "") + "/.config/tilde/config";
}

std::optional<std::string> default_index() {
    const char* from_environment = std::getenv("TILDE_INDEX");
    if (from_environment != nullptr && *from_environment != '\0') {
        return from_environment;
    }
    const std::filesystem::path path = config_path();
    std::ifstream config(path);
    std::string line;
    for (int number = 1; std::getline(config, line); ++number) {
        const size_t begin = line.find_first_not_of(" \t");
        if (begin == std::string::npos || line[begin] == '#') {
            continue;
        }
        const size_t equals = line.find('=');
        const size_t key_end =
            equals == std::string::npos ? 0 : line.find_last_not_of(" \t", equals - 1) + 1;
        if (equals == std::string::npos || line.compare(begin, key_end - begin, "index") != 0) {
            throw UsageError(path.string() + ":" + std::to_string(number) +
                             ": expected 'index = PATH' (the only setting)");
        }
        const size_t value_begin = line.find_first_not_of(" \t", equals + 1);
        if (value_begin == std::string::npos) {
            throw UsageError(path.string() + ":" + std::to_string(number) + ": 'index' is empty");
        }
        std::string index =
            line.substr(value_begin, line.find_last_not_of(" \t\r") + 1 - value_begin);
        const char* home = std::getenv("HOME");
        if (index.starts_with("~/") && home != nullptr) {
            index = home + index.substr(1);
        }
        return (path.parent_path() / index).lexically_normal().string();
    }
    return std::nullopt;
}

std::string index_option(const cxxopts::ParseResult& args) {
    std::optional<std::string> index =
        args.count("index") ? args["index"].as<std::string>() : default_index();
    if (!index) {
        throw UsageError(
            "no index given: pass --index DIR, set TILDE_INDEX, or write "
            "'index = DIR' in " +
            config_path());
    }
    return *index;
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
