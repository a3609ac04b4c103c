// SPDX-License-Identifier: MIT
/// @file line_editor.hpp  GNU readline on a terminal: editing, a history file, Tab completion,
/// Ctrl-C that clears the line instead of ending the program.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tilde::cli {

/// Where the prompt keeps its history: $XDG_STATE_HOME/tilde/history, or
/// ~/.local/state/tilde/history; nullopt when neither variable gives an absolute path.
[[nodiscard]] std::optional<std::filesystem::path> default_history_path();

/// Reads lines from the terminal with readline. Readline's state is global, so at most one
/// LineEditor may exist at a time; it is not thread-safe.
class LineEditor {
  public:
    struct Callbacks {
        /// Called with each line entered; return false to stop reading.
        std::function<bool(std::string_view line)> on_line;
        /// Completions of the word before the cursor (Tab).
        std::function<std::vector<std::string>(std::string_view word)> complete;
        /// The prompt to show for the next line.
        std::function<std::string()> prompt;
        /// Called when the terminal is resized, with its new width in columns.
        std::function<void(std::size_t columns)> on_resize;
    };

    /// Loads the history from `history_file` (created if missing). A history that cannot be
    /// read or written is reported once through `warn` and the prompt works without it.
    LineEditor(std::optional<std::filesystem::path> history_file, Callbacks callbacks,
               const std::function<void(const std::string&)>& warn);
    ~LineEditor();
    LineEditor(const LineEditor&) = delete;
    LineEditor& operator=(const LineEditor&) = delete;

    /// Reads lines until on_line returns false or the user types Ctrl-D on an empty line.
    void run();

  private:
    std::optional<std::filesystem::path> history_file_;
    Callbacks callbacks_;
};

}  // namespace tilde::cli
