// SPDX-License-Identifier: MIT
/// @file line_editor.cpp  readline's callback interface with our own key reader, which turns
/// Ctrl-C into a keystroke that clears the line and handles window resizes.
#include "line_editor.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

namespace tilde::cli {
namespace {

constexpr int kHistoryLines = 1000;

constexpr int kCtrlC = 3;

volatile std::sig_atomic_t g_interrupted = 0;
volatile std::sig_atomic_t g_resized = 0;
volatile std::sig_atomic_t g_suspended = 0;
// The signal mask to wait with: SIGINT, SIGWINCH and SIGTSTP are blocked everywhere else, so a
// signal can only arrive inside ppoll() and never slips in between a flag check and a blocking
// wait.
sigset_t g_wait_mask;

// readline calls back into plain functions; they reach the one live editor through these.
LineEditor::Callbacks* g_callbacks = nullptr;
bool g_reading = false;
std::optional<std::filesystem::path>* g_history_file = nullptr;
std::function<void(const std::string&)> g_warn;

void on_interrupt(int /*signal*/) { g_interrupted = 1; }
void on_resize(int /*signal*/) { g_resized = 1; }
void on_suspend(int /*signal*/) { g_suspended = 1; }

char* copy_string(const std::string& text) {
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));  // readline frees it
    if (copy != nullptr) {
        std::memcpy(copy, text.c_str(), text.size() + 1);
    }
    return copy;
}

// The longest common prefix of the matches, cut back to a whole UTF-8 character.
std::string common_prefix(const std::vector<std::string>& words) {
    std::string prefix = words.front();
    for (const std::string& word : words) {
        size_t same = 0;
        while (same < prefix.size() && same < word.size() && prefix[same] == word[same]) {
            ++same;
        }
        prefix.resize(same);
    }
    while (!prefix.empty() && (static_cast<unsigned char>(prefix.back()) & 0xC0) == 0x80) {
        prefix.pop_back();
    }
    if (!prefix.empty() && (static_cast<unsigned char>(prefix.back()) & 0xC0) == 0xC0) {
        prefix.pop_back();  // a lead byte whose continuation was cut
    }
    return prefix;
}

// Tab: index words in the corpus's spelling. The first entry is what replaces the typed word:
// the one match, or the matches' common prefix when it is at least as long as what was typed.
// After a ':' that starts the line, a command name: readline's word is what follows the ':'
// (a break character, for title:guai), so the ':' is added for the callback and taken off its
// answers.
char** complete_word(const char* text, int start, int /*end*/) {
    rl_attempted_completion_over = 1;  // never fall back to file names
    const std::string_view before(rl_line_buffer, static_cast<size_t>(start));
    const bool command =
        before.ends_with(':') && before.find_first_not_of(" \t") == before.size() - 1;
    std::vector<std::string> words =
        g_callbacks->complete(command ? ":" + std::string(text) : std::string(text));
    if (command) {
        for (std::string& word : words) {
            if (word.starts_with(':')) {
                word.erase(0, 1);
            }
        }
    }
    if (words.empty()) {
        return nullptr;
    }
    auto** matches = static_cast<char**>(std::calloc(words.size() + 2, sizeof(char*)));
    if (matches == nullptr) {
        return nullptr;
    }
    std::string replacement = words.size() == 1 ? words.front() : common_prefix(words);
    if (replacement.size() < std::strlen(text)) {
        replacement = text;
    }
    matches[0] = copy_string(replacement);
    for (size_t i = 0; i < words.size(); ++i) {
        matches[i + 1] = copy_string(words[i]);
    }
    return matches;
}

void save_to_history(const std::string& line) {
    if (line.find_first_not_of(" \t") == std::string::npos) {
        return;
    }
    HIST_ENTRY* last =
        history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
    if (last != nullptr && line == last->line) {
        return;
    }
    add_history(line.c_str());
    std::optional<std::filesystem::path>& file = *g_history_file;
    if (file) {
        if (int error = append_history(1, file->c_str()); error != 0) {
            g_warn("cannot save history to '" + file->string() + "': " + std::strerror(error));
            file.reset();
        }
    }
}

void on_line(char* raw_line) {
    if (raw_line == nullptr) {  // Ctrl-D on an empty line
        std::fputs("\n", rl_outstream);
        g_reading = false;
        rl_callback_handler_remove();
        return;
    }
    std::string line(raw_line);
    std::free(raw_line);
    save_to_history(line);
    if (!g_callbacks->on_line(line)) {
        g_reading = false;
        rl_callback_handler_remove();  // before readline shows another prompt
        return;
    }
    rl_set_prompt(g_callbacks->prompt().c_str());
}

// Ctrl-C: drop what was typed and start a fresh line, as a shell does.
int clear_line(int /*count*/, int /*key*/) {
    rl_free_line_state();
    rl_replace_line("", 0);
    rl_point = 0;
    rl_mark = 0;
    std::fputs("^C", rl_outstream);
    rl_crlf();
    rl_on_new_line();
    return 0;
}

// Ctrl-Z: give the shell back a sane terminal, stop, and on `fg` set ours up again and redraw
// the line. (readline would do this itself, but its signal handling is off: see run().)
void suspend() {
    (*rl_deprep_term_function)();
    struct sigaction stop {};
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    struct sigaction ours {};
    sigaction(SIGTSTP, &stop, &ours);
    sigset_t suspend_signal;
    sigemptyset(&suspend_signal);
    sigaddset(&suspend_signal, SIGTSTP);
    raise(SIGTSTP);                                      // held: SIGTSTP is blocked here
    sigprocmask(SIG_UNBLOCK, &suspend_signal, nullptr);  // stops here until continued
    sigprocmask(SIG_BLOCK, &suspend_signal, nullptr);
    sigaction(SIGTSTP, &ours, nullptr);
    (*rl_prep_term_function)(1);
    rl_forced_update_display();
}

// readline's key reader: waits for a byte with the signals let in, and hands readline a
// Ctrl-C key when SIGINT came, so the line is cleared by readline's own dispatch.
int read_key(FILE* /*stream*/) {
    while (true) {
        if (g_interrupted != 0) {
            g_interrupted = 0;
            return kCtrlC;
        }
        if (g_suspended != 0) {
            g_suspended = 0;
            suspend();
        }
        if (g_resized != 0) {
            g_resized = 0;
            rl_resize_terminal();
            int rows = 0;
            int columns = 0;
            rl_get_screen_size(&rows, &columns);
            if (g_callbacks->on_resize && columns > 0) {
                g_callbacks->on_resize(static_cast<std::size_t>(columns));
            }
        }
        pollfd input{STDIN_FILENO, POLLIN, 0};
        if (ppoll(&input, 1, nullptr, &g_wait_mask) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return EOF;
        }
        unsigned char byte = 0;
        ssize_t got = read(STDIN_FILENO, &byte, 1);  // never blocks: see prepare_terminal()
        if (got == 1) {
            return byte;
        }
        bool hung_up = (input.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
        if ((got < 0 && (errno == EINTR || errno == EAGAIN)) || (got == 0 && !hung_up)) {
            continue;  // Ctrl-C flushed the input between ppoll() and read(): wait again
        }
        return EOF;  // the terminal went away
    }
}

// readline's terminal setup, then reads that return at once when there is nothing to read
// (VMIN 0): a Ctrl-C discards typed-ahead input, and a read() that blocked on input which
// vanished would wait, with SIGINT held off, for the next key.
void prepare_terminal(int meta_flag) {
    rl_prep_terminal(meta_flag);
    termios settings{};
    if (tcgetattr(STDIN_FILENO, &settings) == 0) {
        settings.c_cc[VMIN] = 0;
        settings.c_cc[VTIME] = 0;
        tcsetattr(STDIN_FILENO, TCSANOW, &settings);
    }
}

}  // namespace

std::optional<std::filesystem::path> default_history_path() {
    // XDG base directories must be absolute; a relative value is ignored, as the spec says.
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state != nullptr && state[0] == '/') {
        return std::filesystem::path(state) / "tilde" / "history";
    }
    const char* home = std::getenv("HOME");
    if (home != nullptr && home[0] == '/') {
        return std::filesystem::path(home) / ".local" / "state" / "tilde" / "history";
    }
    return std::nullopt;
}

LineEditor::LineEditor(std::optional<std::filesystem::path> history_file, Callbacks callbacks,
                       const std::function<void(const std::string&)>& warn)
    : history_file_(std::move(history_file)), callbacks_(std::move(callbacks)) {
    g_callbacks = &callbacks_;
    g_history_file = &history_file_;
    g_warn = warn;
    rl_readline_name = "tilde";  // for $if tilde in ~/.inputrc
    rl_catch_signals = 0;        // signals are ours: see run()
    rl_catch_sigwinch = 0;
    rl_getc_function = read_key;
    rl_prep_term_function = prepare_terminal;
    rl_bind_key(kCtrlC, clear_line);
    rl_attempted_completion_function = complete_word;
    rl_sort_completion_matches = 0;  // keep the most frequent words first
    static char word_breaks[] = " \t\n\"()+-*=:";
    rl_completer_word_break_characters = word_breaks;
    using_history();
    if (history_file_) {
        std::error_code ec;
        std::filesystem::create_directories(history_file_->parent_path(), ec);
        std::ofstream touch(*history_file_, std::ios::app);  // append_history needs the file
        int error = touch ? read_history(history_file_->c_str()) : errno;
        if (!touch || error != 0) {
            warn("cannot use history file '" + history_file_->string() +
                 "': " + std::strerror(error != 0 ? error : EACCES) + "; history is not kept");
            history_file_.reset();
        }
    }
}

LineEditor::~LineEditor() {
    if (history_file_) {
        history_truncate_file(history_file_->c_str(), kHistoryLines);
    }
    g_callbacks = nullptr;
    g_history_file = nullptr;
    g_warn = nullptr;
}

void LineEditor::run() {
    struct sigaction action {};
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_interrupt;
    struct sigaction old_interrupt {};
    struct sigaction old_resize {};
    struct sigaction old_suspend {};
    sigaction(SIGINT, &action, &old_interrupt);
    action.sa_handler = on_resize;
    sigaction(SIGWINCH, &action, &old_resize);
    action.sa_handler = on_suspend;
    sigaction(SIGTSTP, &action, &old_suspend);
    sigset_t ours;
    sigemptyset(&ours);
    sigaddset(&ours, SIGINT);
    sigaddset(&ours, SIGWINCH);
    sigaddset(&ours, SIGTSTP);
    sigset_t old_mask;
    sigprocmask(SIG_BLOCK, &ours, &old_mask);
    g_wait_mask = old_mask;
    sigdelset(&g_wait_mask, SIGINT);
    sigdelset(&g_wait_mask, SIGWINCH);
    sigdelset(&g_wait_mask, SIGTSTP);

    g_interrupted = 0;
    g_reading = true;
    rl_callback_handler_install(callbacks_.prompt().c_str(), on_line);
    while (g_reading) {
        rl_callback_read_char();  // read_key() waits for the key
    }
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    sigaction(SIGINT, &old_interrupt, nullptr);
    sigaction(SIGWINCH, &old_resize, nullptr);
    sigaction(SIGTSTP, &old_suspend, nullptr);
}

}  // namespace tilde::cli
