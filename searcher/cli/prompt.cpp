// SPDX-License-Identifier: MIT
/// @file prompt.cpp  Commands of the interactive prompt, on top of the search library.
#include "prompt.hpp"

#include <charconv>

#include <tilde/errors.hpp>

#include "trim.hpp"

namespace tilde::cli {
namespace {

constexpr std::uint32_t kMaxLimit = 1000;

// A whole decimal number in [1, max], or 0.
std::uint32_t parse_count(std::string_view text, std::uint32_t max) {
    std::uint32_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value > max) {
        return 0;
    }
    return value;
}

}  // namespace

PromptSession::PromptSession(const Searcher& searcher, std::string index_path, SearchOptions search,
                             PrintOptions print)
    : searcher_(searcher),
      index_path_(std::move(index_path)),
      search_(std::move(search)),
      print_(print) {
    // Every hit keeps its explanation so that `:explain N` shows the very numbers of the
    // ranking; it costs a few small lookups per result shown.
    search_.explain = true;
    print_.explain = false;
}

PromptSession::Next PromptSession::handle(std::string_view line, std::ostream& out,
                                          std::ostream& err) {
    line = trim_spaces(line);
    try {
        if (line.empty() || line == ":more" || line == ":m") {
            next_page(out, err);
            return Next::Continue;
        }
        if (line == "quit" || line == "exit") {
            return Next::Quit;  // as sqlite3 and python leave; search "=quit" for the word
        }
        if (!line.starts_with(':')) {
            search(std::string(line), out, err);
            return Next::Continue;
        }
        size_t space = line.find_first_of(" \t");
        std::string_view command = line.substr(0, space);
        std::string_view argument =
            space == std::string_view::npos ? "" : trim_spaces(line.substr(space));
        if (command == ":quit" || command == ":q" || command == ":exit") {
            return Next::Quit;
        }
        if (command == ":help" || command == ":h" || command == ":?") {
            print_help(out);
        } else if (command == ":open" || command == ":o") {
            open(argument, out, err);
        } else if (command == ":explain" || command == ":why" || command == ":e") {
            explain(argument, out, err);
        } else if (command == ":lang" || command == ":l") {
            set_language(argument, out, err);
        } else if (command == ":limit") {
            set_limit(argument, out, err);
        } else if (command == ":translate" || command == ":t") {
            set_translate(argument, out, err);
        } else if (command == ":stats") {
            print_info(out, searcher_.info(), index_path_);
        } else {
            err << "error: unknown command '" << command << "'; :help lists the commands\n";
        }
    } catch (const std::exception& error) {
        // A bad query or an unreadable document ends the command, never the session.
        err << "error: " << error.what() << '\n';
    }
    return Next::Continue;
}

void PromptSession::search(std::string query, std::ostream& out, std::ostream& err) {
    SearchOptions options = search_;
    options.offset = 0;
    SearchResults results = searcher_.search(query, options);
    for (const std::string& warning : results.warnings) {
        err << "warning: " << warning << '\n';
    }
    query_ = std::move(query);
    shown_ = results.hits;
    total_ = results.total;
    print_text(out, results, print_);
}

void PromptSession::next_page(std::ostream& out, std::ostream& err) {
    if (query_.empty()) {
        err << "error: no query yet; type words to search (:help lists the commands)\n";
        return;
    }
    SearchOptions options = search_;
    options.offset = static_cast<std::uint32_t>(shown_.size());
    SearchResults results = searcher_.search(query_, options);
    if (results.hits.empty()) {
        out << "no more results for \"" << query_ << "\" (" << shown_.size() << " shown)\n";
        return;
    }
    shown_.insert(shown_.end(), results.hits.begin(), results.hits.end());
    total_ = results.total;
    print_text(out, results, print_);
}

const Hit* PromptSession::shown_hit(std::string_view command, std::string_view argument,
                                    std::ostream& err) const {
    if (query_.empty()) {
        err << "error: no results yet; search first, then " << command << " N\n";
        return nullptr;
    }
    std::uint32_t rank = argument.empty() ? 1 : parse_count(argument, kMaxLimit * 1000);
    if (rank == 0) {
        err << "error: " << command << " needs a result number, not '" << argument << "'\n";
        return nullptr;
    }
    if (rank > shown_.size()) {
        err << "error: result " << rank << " is not shown; "
            << (shown_.empty() ? std::string("there are none")
                               : "results 1-" + std::to_string(shown_.size()) + " are")
            << (shown_.size() < total_ ? " (:more shows more)" : "") << '\n';
        return nullptr;
    }
    return &shown_[rank - 1];
}

void PromptSession::open(std::string_view argument, std::ostream& out, std::ostream& err) {
    const Hit* hit = shown_hit(":open", argument, err);
    if (hit == nullptr) {
        return;
    }
    std::optional<DocumentText> document = searcher_.document(hit->doc, query_, search_);
    if (!document) {
        err << "error: document '" << hit->doc << "' is no longer in the index\n";
        return;
    }
    print_document(out, *document, hit->passage, print_);
}

void PromptSession::explain(std::string_view argument, std::ostream& out, std::ostream& err) {
    const Hit* hit = shown_hit(":explain", argument, err);
    if (hit != nullptr) {
        print_explanation(out, *hit, print_);
    }
}

void PromptSession::set_language(std::string_view argument, std::ostream& out, std::ostream& err) {
    if (!argument.empty()) {
        const std::optional<QueryLanguage> language = parse_query_language(argument);
        if (!language) {
            err << "error: unknown language '" << argument << "': use es, en or auto\n";
            return;
        }
        search_.lang = *language;
    }
    const bool automatic = search_.lang == QueryLanguage::Auto;
    out << "query language: " << to_string(search_.lang)
        << (automatic ? " (from the query's words; both stemmers when unsure)" : "") << '\n';
}

void PromptSession::set_limit(std::string_view argument, std::ostream& out, std::ostream& err) {
    if (!argument.empty()) {
        std::uint32_t limit = parse_count(argument, kMaxLimit);
        if (limit == 0) {
            err << "error: limit must be a number from 1 to " << kMaxLimit << ", not '" << argument
                << "'\n";
            return;
        }
        search_.limit = limit;
    }
    out << "results per page: " << search_.limit << '\n';
}

void PromptSession::set_translate(std::string_view argument, std::ostream& out, std::ostream& err) {
    if (argument == "on") {
        search_.translate = true;
    } else if (argument == "off") {
        search_.translate = false;
    } else if (!argument.empty()) {
        err << "error: :translate takes on or off, not '" << argument << "'\n";
        return;
    }
    out << "translation: " << (search_.translate ? "on" : "off")
        << (search_.translate ? " (words also match their translations in the other language)"
                              : " (only the words typed)")
        << '\n';
}

std::vector<std::string> PromptSession::complete(std::string_view prefix) const {
    if (prefix.starts_with(':')) {
        std::vector<std::string> commands;
        for (std::string_view command : {":more", ":open", ":explain", ":lang", ":limit",
                                         ":translate", ":stats", ":help", ":quit"}) {
            if (command.starts_with(prefix)) {
                commands.emplace_back(command);
            }
        }
        return commands;
    }
    try {
        return searcher_.complete(prefix);
    } catch (const std::exception&) {
        return {};  // a failed completion just completes nothing
    }
}

std::string PromptSession::prompt() const {
    return search_.lang == QueryLanguage::Auto
               ? "tilde> "
               : "tilde[" + std::string(to_string(search_.lang)) + "]> ";
}

void PromptSession::print_help(std::ostream& out) {
    out << "Type words to search. As on the command line: \"exact phrase\", -excluded, +required,\n"
           "AND OR NOT ( ), Maduro NEAR/3 secret, prefix*, =año, title: doc: lang: source:\n"
           "date:2019-01..2019-02 (docs/query-syntax.md, in share/doc/tilde when installed).\n"
           "  :more, empty line   the next page of results\n"
           "  :open N             result N's whole document, its passage marked\n"
           "  :explain N          why result N ranked where it did\n"
           "  :lang es|en|auto    the query language (stemmer); alone, shows it\n"
           "  :limit N            results per page; alone, shows it\n"
           "  :translate on|off   also match words' translations (reuni\u00F3n: meeting); alone,\n"
           "                      shows it\n"
           "  :stats              documents, passages, terms, index size, analyzer\n"
           "  :help               this list\n"
           "  :quit, quit, exit   leave (so does Ctrl-D)\n"
           "Tab completes index words (guai -> Guaid\u00F3) and commands (:ex -> :explain);\n"
           "Ctrl-C clears the line. More: man tilde-search.\n";
}

}  // namespace tilde::cli
