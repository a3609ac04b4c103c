// SPDX-License-Identifier: MIT
/// @file query_parser.cpp  A small hand-written lexer; words go through the shared Analyzer.
#include "query_parser.hpp"

namespace tilde {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Analyzes query[begin, end) and shifts the offsets so they point into the whole query.
std::vector<Token> analyze_piece(std::string_view query, size_t begin, size_t end,
                                 const Analyzer& analyzer, Purpose purpose) {
    std::vector<Token> tokens = analyzer.analyze(query.substr(begin, end - begin), purpose);
    for (Token& token : tokens) {
        token.byte_begin += static_cast<uint32_t>(begin);
        token.byte_end += static_cast<uint32_t>(begin);
    }
    return tokens;
}

// Curly double quotes count as quotes: people paste them from articles.
size_t quote_length(std::string_view s, size_t i) {
    if (s[i] == '"') {
        return 1;
    }
    if (s.substr(i, 3) == "\xE2\x80\x9C" || s.substr(i, 3) == "\xE2\x80\x9D" ||
        s.substr(i, 2) == "\xC2\xAB" || s.substr(i, 2) == "\xC2\xBB") {
        return s[i] == '\xC2' ? 2 : 3;
    }
    return 0;
}

}  // namespace

ParsedQuery parse_query(std::string_view query, const Analyzer& analyzer) {
    ParsedQuery parsed;
    // Plain words are analyzed together, so that "US" sees its neighbours and word positions
    // follow the query; they are gathered as byte ranges first.
    std::vector<std::pair<size_t, size_t>> plain_ranges;
    size_t i = 0;
    while (i < query.size()) {
        if (is_space(query[i])) {
            ++i;
            continue;
        }
        bool negate = false;
        if ((query[i] == '-' || query[i] == '+') && i + 1 < query.size() &&
            !is_space(query[i + 1])) {
            negate = query[i] == '-';
            ++i;
        }
        if (size_t q = quote_length(query, i); q > 0) {
            size_t begin = i + q;
            size_t end = begin;
            size_t close = 0;
            while (end < query.size() && (close = quote_length(query, end)) == 0) {
                ++end;
            }
            std::vector<Token> phrase = analyze_piece(query, begin, end, analyzer, Purpose::Query);
            if (!phrase.empty()) {
                (negate ? parsed.excluded : parsed.phrases).push_back(std::move(phrase));
            }
            i = end < query.size() ? end + close : end;
            continue;
        }
        size_t end = i;
        while (end < query.size() && !is_space(query[end]) && quote_length(query, end) == 0) {
            ++end;
        }
        std::string_view chunk = query.substr(i, end - i);
        if (negate) {
            std::vector<Token> tokens = analyze_piece(query, i, end, analyzer, Purpose::Query);
            if (!tokens.empty()) {
                parsed.excluded.push_back(std::move(tokens));
            }
        } else if (chunk.size() > 1 && chunk.back() == '*') {
            std::vector<Token> tokens = analyze_piece(query, i, end - 1, analyzer, Purpose::Prefix);
            if (!tokens.empty()) {
                // "oil-prod*": the leading words are plain words, the last one the prefix.
                for (size_t t = 0; t + 1 < tokens.size(); ++t) {
                    plain_ranges.emplace_back(tokens[t].byte_begin, tokens[t].byte_end);
                }
                parsed.prefixes.push_back(tokens.back().folded);
            }
        } else {
            plain_ranges.emplace_back(i, end);
        }
        i = end;
    }
    // Re-analyze the plain words as one text with the gaps blanked, keeping their offsets.
    if (!plain_ranges.empty()) {
        std::string plain(query.size(), ' ');
        for (auto [begin, end] : plain_ranges) {
            plain.replace(begin, end - begin, query.substr(begin, end - begin));
        }
        parsed.words = analyzer.analyze(plain, Purpose::Query);
    }
    return parsed;
}

}  // namespace tilde
