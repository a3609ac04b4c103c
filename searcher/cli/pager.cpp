// SPDX-License-Identifier: MIT
/// @file pager.cpp  Long output through $PAGER, with SIGPIPE and Ctrl-C left to the pager.
#include "pager.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <sys/wait.h>

#include <unistd.h>

#include "cli_support.hpp"

namespace tilde::cli {
namespace {

std::string pager_command() {
    for (const char* variable : {"TILDE_PAGER", "PAGER"}) {
        if (const char* value = std::getenv(variable); value != nullptr) {
            return value;  // set, even empty: the user's choice
        }
    }
    return "less";
}

}  // namespace

void show_paged(std::string_view text, bool enabled) {
    const std::string pager = pager_command();
    const bool terminal = is_terminal(STDOUT_FILENO);
    const size_t rows = terminal ? terminal_rows(STDOUT_FILENO) : 0;
    const auto lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    if (!enabled || !terminal || rows == 0 || lines < rows || pager.empty() || pager == "cat") {
        std::cout << text;
        std::cout.flush();
        return;
    }
    std::cout.flush();
    setenv("LESS", "FRX", /*overwrite=*/0);
    // The pager owns the terminal until it quits: Ctrl-C is its, and a pager quit early
    // closes the pipe, which must not end tilde (SIGPIPE).
    auto* const old_pipe = std::signal(SIGPIPE, SIG_IGN);
    auto* const old_interrupt = std::signal(SIGINT, SIG_IGN);
    FILE* pipe = popen(pager.c_str(), "w");
    if (pipe == nullptr) {
        std::cout << text;
    } else {
        std::fwrite(text.data(), 1, text.size(), pipe);
        const int status = pclose(pipe);
        if (status == -1 || (WIFEXITED(status) && WEXITSTATUS(status) == 127)) {
            std::cout << text;  // the shell found no such pager: the text, not nothing
        }
    }
    std::cout.flush();
    std::signal(SIGPIPE, old_pipe);
    std::signal(SIGINT, old_interrupt);
}

}  // namespace tilde::cli
