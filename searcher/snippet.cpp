// SPDX-License-Identifier: MIT
/// @file snippet.cpp  Highlighting by offsets from the shared analyzer; window selection.
#include "snippet.hpp"

#include <algorithm>

namespace tilde {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

// Whether a folded word's stems begin with its first byte (Analyzer::stem): its letters and
// digits do.
bool keeps_first_byte(unsigned char first) {
    return (first >= 'a' && first <= 'z') || (first >= '0' && first <= '9');
}

unsigned char first_byte(const std::string& word) {
    return static_cast<unsigned char>(word.empty() ? 0 : word[0]);
}

}  // namespace

void QueryMatcher::add_word(const Token& token, int group, Language language) {
    words_.emplace(token.folded, group);
    starts_.set(first_byte(token.folded));
    for (const std::string& stem : analyzer_.stems(token.folded, language)) {
        stems_.emplace(stem, group);
        stem_starts_.set(first_byte(stem));
        starts_.set(first_byte(stem));
    }
}

void QueryMatcher::add_prefix(const std::string& folded_prefix, int group) {
    prefixes_.emplace_back(folded_prefix, group);
    if (folded_prefix.empty()) {
        starts_.set();  // begins every word
    } else {
        starts_.set(first_byte(folded_prefix));
    }
}

int QueryMatcher::match(const Token& token, Language passage_language) const {
    // The same word, a word with the same stem, a word a prefix begins: each begins with the
    // same byte as a query word, prefix or stem.
    const unsigned char first = first_byte(token.folded);
    if (keeps_first_byte(first) && !starts_[first]) {
        return -1;
    }
    // Passages repeat their words, and stemming each one was most of highlighting's cost:
    // remember each word's answer, by passage language, for the rest of the search.
    auto& known = matches_[static_cast<size_t>(passage_language)];
    if (auto it = known.find(token.folded); it != known.end()) {
        return it->second;
    }
    const int group = match_uncached(token.folded, passage_language);
    known.emplace(token.folded, group);
    return group;
}

int QueryMatcher::match_uncached(const std::string& folded, Language passage_language) const {
    if (auto it = words_.find(folded); it != words_.end()) {
        return it->second;
    }
    for (const auto& [prefix, group] : prefixes_) {
        if (folded.starts_with(prefix)) {
            return group;
        }
    }
    if (stems_.empty()) {
        return -1;
    }
    const unsigned char first = first_byte(folded);
    if (keeps_first_byte(first) && !stem_starts_[first]) {
        return -1;  // no query stem begins as its stem must
    }
    for (const std::string& stem : analyzer_.stems(folded, passage_language)) {
        if (auto it = stems_.find(stem); it != stems_.end()) {
            return it->second;
        }
    }
    return -1;
}

PassageMatches find_matches(const std::vector<Token>& words, Language language,
                            const QueryMatcher& matcher) {
    PassageMatches matches;
    if (matcher.empty()) {
        return matches;
    }
    for (const Token& token : words) {
        int group = matcher.match(token, language);
        if (group >= 0) {
            matches.ranges.push_back({token.byte_begin, token.byte_end});
            matches.groups.push_back(group);
        }
    }
    return matches;
}

Snippet make_snippet(std::string_view text, const PassageMatches& matches,
                     const std::vector<Token>& words, std::uint32_t target_bytes) {
    uint32_t begin = 0;
    auto end = static_cast<uint32_t>(text.size());
    if (text.size() > target_bytes && !words.empty()) {
        // Candidate windows start a little before each match (or at the text start), so the
        // reader sees some context before the first highlighted word.
        const uint32_t lead = target_bytes / 5;
        size_t best_first_word = 0;
        size_t best_score = 0;
        bool have_best = false;
        std::vector<size_t> starts = {0};
        for (const ByteRange& range : matches.ranges) {
            uint32_t want = range.begin > lead ? range.begin - lead : 0;
            auto word =
                std::lower_bound(words.begin(), words.end(), want,
                                 [](const Token& t, uint32_t b) { return t.byte_begin < b; });
            starts.push_back(static_cast<size_t>(word - words.begin()));
        }
        // The window each query word (group) was last counted in: distinct words per window
        // without a set allocated for each.
        int groups = 0;
        for (int group : matches.groups) {
            groups = std::max(groups, group + 1);
        }
        std::vector<size_t> counted_in(static_cast<size_t>(groups), starts.size());
        for (size_t window = 0; window < starts.size(); ++window) {
            const size_t first_word = starts[window];
            if (first_word >= words.size()) {
                continue;
            }
            uint32_t window_begin = first_word == 0 ? 0 : words[first_word].byte_begin;
            uint32_t window_end = window_begin + target_bytes;
            size_t distinct = 0;
            size_t hits = 0;
            for (size_t m = 0; m < matches.ranges.size(); ++m) {
                if (matches.ranges[m].begin >= window_begin &&
                    matches.ranges[m].end <= window_end) {
                    size_t& counted = counted_in[static_cast<size_t>(matches.groups[m])];
                    distinct += counted != window ? 1 : 0;
                    counted = window;
                    ++hits;
                }
            }
            size_t score = distinct * 1000 + hits;
            if (!have_best || score > best_score) {
                best_score = score;
                best_first_word = first_word;
                have_best = true;
            }
        }
        begin = best_first_word == 0 ? 0 : words[best_first_word].byte_begin;
        // End at the last word that fits; always keep at least one word.
        end = words[best_first_word].byte_end;
        for (size_t w = best_first_word; w < words.size(); ++w) {
            if (words[w].byte_end > begin + target_bytes) {
                break;
            }
            end = words[w].byte_end;
        }
        // Keep closing punctuation that directly follows the last word (". , ; : ! ? ” ’ )").
        while (end < text.size() &&
               std::string_view(".,;:!?)\"'").find(text[end]) != std::string_view::npos) {
            ++end;
        }
        if (words.back().byte_end <= end) {
            end = static_cast<uint32_t>(text.size());
        }
    }
    Snippet snippet;
    if (begin > 0) {
        snippet.text.append(kEllipsis);
    }
    const auto shift = static_cast<uint32_t>(snippet.text.size());
    snippet.text.append(text.substr(begin, end - begin));
    std::replace(snippet.text.begin() + shift, snippet.text.end(), '\n', ' ');
    std::replace(snippet.text.begin() + shift, snippet.text.end(), '\r', ' ');
    std::replace(snippet.text.begin() + shift, snippet.text.end(), '\t', ' ');
    if (end < text.size()) {
        snippet.text.append(kEllipsis);
    }
    for (const ByteRange& range : matches.ranges) {
        if (range.begin >= begin && range.end <= end) {
            snippet.highlights.push_back({range.begin - begin + shift, range.end - begin + shift});
        }
    }
    return snippet;
}

}  // namespace tilde
