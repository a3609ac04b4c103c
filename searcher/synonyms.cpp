// SPDX-License-Identifier: MIT
/// @file synonyms.cpp  Parsing and matching of the synonym file.
#include "synonyms.hpp"

namespace tilde {

SynonymTable::SynonymTable(std::string_view file_text, const Analyzer& analyzer) {
    while (!file_text.empty()) {
        const size_t newline = file_text.find('\n');
        std::string_view line = file_text.substr(0, newline);
        file_text.remove_prefix(newline == std::string_view::npos ? file_text.size() : newline + 1);
        line = line.substr(0, line.find('#'));
        std::vector<std::vector<std::string>> group;
        std::vector<bool> acronyms;
        while (!line.empty()) {
            const size_t equals = line.find('=');
            const std::string_view spelling = line.substr(0, equals);
            std::vector<std::string> words;
            for (const Token& token : analyzer.analyze(spelling, Purpose::Query)) {
                words.push_back(token.folded);
            }
            if (!words.empty()) {
                acronyms.push_back(words.size() == 1 && written_in_capitals(spelling));
                group.push_back(std::move(words));
            }
            line.remove_prefix(equals == std::string_view::npos ? line.size() : equals + 1);
        }
        if (group.size() < 2) {
            continue;
        }
        for (size_t s = 0; s < group.size(); ++s) {
            by_first_word_.emplace(group[s][0], std::make_pair(groups_.size(), s));
        }
        groups_.push_back(std::move(group));
        acronyms_.push_back(std::move(acronyms));
    }
}

std::optional<SynonymTable::Match> SynonymTable::match(std::string_view query,
                                                       const std::vector<Token>& words,
                                                       size_t at) const {
    if (at >= words.size() || words[at].stopword) {
        return std::nullopt;  // "us" the pronoun is not "US"
    }
    std::optional<Match> best;
    size_t best_group = 0;
    size_t best_spelling = 0;
    auto [begin, end] = by_first_word_.equal_range(words[at].folded);
    for (auto it = begin; it != end; ++it) {
        const auto [group, spelling] = it->second;
        const std::vector<std::string>& spelled = groups_[group][spelling];
        if (acronyms_[group][spelling] &&
            !written_in_capitals(
                query.substr(words[at].byte_begin, words[at].byte_end - words[at].byte_begin))) {
            continue;
        }
        bool same = at + spelled.size() <= words.size();
        for (size_t k = 1; same && k < spelled.size(); ++k) {
            // Consecutive in the query, the same words.
            same = words[at + k].folded == spelled[k] &&
                   words[at + k].position == words[at].position + k;
        }
        if (same && (!best || spelled.size() > best->length)) {
            best = Match{spelled.size(), {}};
            best_group = group;
            best_spelling = spelling;
        }
    }
    if (best) {
        const auto& group = groups_[best_group];
        for (size_t s = 0; s < group.size(); ++s) {
            if (s != best_spelling && group[s] != group[best_spelling]) {
                best->alternatives.push_back(group[s]);
            }
        }
    }
    return best;
}

}  // namespace tilde
