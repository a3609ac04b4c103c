// SPDX-License-Identifier: MIT
/// @file prompt.hpp  The interactive prompt's core: queries and `:commands` in, text out.
///
/// It knows nothing of terminals: the readline front-end (line_editor.hpp) and the tests feed it
/// lines and give it streams, so everything but line editing is testable without a pty.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <tilde/searcher.hpp>

#include "printers.hpp"

namespace tilde::cli {

class PromptSession {
  public:
    /// `searcher` must outlive the session. `print.width` is the starting width; see set_width.
    PromptSession(const Searcher& searcher, std::string index_path, SearchOptions search,
                  PrintOptions print);

    enum class Next : std::uint8_t { Continue, Quit };

    /// Runs one line typed at the prompt: a query, a `:command`, or an empty line (next page).
    /// Answers go to `out`, mistakes ("error: ...", one line) to `err`; neither ends the session.
    Next handle(std::string_view line, std::ostream& out, std::ostream& err);

    /// Index words for Tab completion, in the corpus's spelling; for a prefix starting with
    /// ':', the commands it begins (":he" -> ":help").
    [[nodiscard]] std::vector<std::string> complete(std::string_view prefix) const;

    /// The prompt string, showing the language when one is forced: "tilde> ", "tilde[es]> ".
    [[nodiscard]] std::string prompt() const;

    /// Terminal columns for wrapping (0: none); the front-end updates it when the window changes.
    void set_width(std::size_t width) { print_.width = width; }

    /// The `:help` text.
    static void print_help(std::ostream& out);

  private:
    void search(std::string query, std::ostream& out, std::ostream& err);
    void next_page(std::ostream& out, std::ostream& err);
    void open(std::string_view argument, std::ostream& out, std::ostream& err);
    void explain(std::string_view argument, std::ostream& out, std::ostream& err);
    void set_language(std::string_view argument, std::ostream& out, std::ostream& err);
    void set_limit(std::string_view argument, std::ostream& out, std::ostream& err);
    void set_translate(std::string_view argument, std::ostream& out, std::ostream& err);
    /// The hit ranked `argument` among those shown for the current query, or null after
    /// reporting why not.
    const Hit* shown_hit(std::string_view command, std::string_view argument,
                         std::ostream& err) const;

    const Searcher& searcher_;
    std::string index_path_;
    SearchOptions search_;
    PrintOptions print_;
    std::string query_;        ///< the current query; empty before the first
    std::vector<Hit> shown_;   ///< every hit shown for it so far, in rank order
    std::uint64_t total_ = 0;  ///< its estimated number of matches
};

}  // namespace tilde::cli
