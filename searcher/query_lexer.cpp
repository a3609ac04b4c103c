// SPDX-License-Identifier: MIT
/// @file query_lexer.cpp  The query text as lexemes (query_lexer.hpp).
#include "query_lexer.hpp"

#include <charconv>

namespace tilde::query_syntax {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Curly double quotes and guillemets count as quotes: people paste them from articles.
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

// Field names, English and Spanish.
FieldName field_named(std::string_view name) {
    std::string lower(name);
    for (char& c : lower) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (lower == "title" || lower == "titulo") {
        return FieldName::Title;
    }
    if (lower == "doc") {
        return FieldName::Doc;
    }
    if (lower == "lang" || lower == "idioma") {
        return FieldName::Lang;
    }
    if (lower == "source" || lower == "fuente") {
        return FieldName::Source;
    }
    if (lower == "date" || lower == "fecha") {
        return FieldName::Date;
    }
    return FieldName::None;
}

// A value for each field, for messages.
std::string_view field_example(FieldName field) {
    switch (field) {
        case FieldName::Title:
            return "title:venezuela";
        case FieldName::Doc:
            return "doc:NAME";
        case FieldName::Lang:
            return "lang:es";
        case FieldName::Source:
            return "source:NAME";
        case FieldName::Date:
            return "date:2019-03";
        case FieldName::None:
            break;
    }
    return "";
}

}  // namespace

std::string_view field_label(FieldName field) {
    switch (field) {
        case FieldName::Title:
            return "title";
        case FieldName::Doc:
            return "doc";
        case FieldName::Lang:
            return "lang";
        case FieldName::Source:
            return "source";
        case FieldName::Date:
            return "date";
        case FieldName::None:
            break;
    }
    return "";
}

std::vector<Lexeme> Lexer::run(const std::function<void(const std::string&)>& fail) {
    std::vector<Lexeme> out;
    size_t i = 0;
    while (i < q_.size()) {
        if (is_space(q_[i])) {
            ++i;
            continue;
        }
        Lexeme lexeme;
        lexeme.start = i;
        if (q_[i] == '(' || q_[i] == ')') {
            lexeme.type = q_[i] == '(' ? Lexeme::Type::Open : Lexeme::Type::Close;
            lexeme.begin = i;
            lexeme.end = ++i;
            out.push_back(lexeme);
            continue;
        }
        // Modifiers: a sign, then a field name, then '=' (each only before a word).
        if ((q_[i] == '-' || q_[i] == '+') && i + 1 < q_.size() && !is_space(q_[i + 1])) {
            lexeme.sign = q_[i++];
        }
        if (size_t colon = field_colon(i); colon != 0) {
            lexeme.field = field_named(q_.substr(i, colon - i));
            i = colon + 1;
        } else if (FieldName empty = empty_field(i); empty != FieldName::None) {
            fail(std::string(field_label(empty)) + ": needs a value right after the colon, as in " +
                 std::string(field_example(empty)));
        }
        if (q_[i] == '=' && i + 1 < q_.size() && !is_space(q_[i + 1]) &&
            quote_length(q_, i + 1) == 0 && q_[i + 1] != '(') {
            lexeme.exact = true;
            ++i;
        }
        if (size_t quote = quote_length(q_, i); quote > 0) {
            lexeme.type = Lexeme::Type::Quoted;
            lexeme.begin = i + quote;
            size_t end = lexeme.begin;
            size_t close = 0;
            while (end < q_.size() && (close = quote_length(q_, end)) == 0) {
                ++end;
            }
            lexeme.end = end;
            i = end < q_.size() ? end + close : end;
            out.push_back(lexeme);
            continue;
        }
        if (q_[i] == '(') {
            if (lexeme.field != FieldName::None) {
                fail(std::string(field_label(lexeme.field)) +
                     ": takes one value; write OR between whole fields instead");
            }
            lexeme.type = Lexeme::Type::Open;
            lexeme.begin = i;
            lexeme.end = ++i;
            out.push_back(lexeme);
            continue;
        }
        size_t end = i;
        while (end < q_.size() && !is_space(q_[end]) && q_[end] != '(' && q_[end] != ')' &&
               quote_length(q_, end) == 0) {
            ++end;
        }
        lexeme.type = Lexeme::Type::Text;
        lexeme.begin = i;
        lexeme.end = end;
        i = end;
        if (lexeme.sign == 0 && !lexeme.exact && lexeme.field == FieldName::None) {
            operator_type(lexeme, fail);
        }
        out.push_back(lexeme);
    }
    Lexeme end;
    end.type = Lexeme::Type::End;
    end.begin = end.end = end.start = q_.size();
    out.push_back(end);
    return out;
}

// The ':' of "title:x" at `i`, or 0: a known field name, then a value.
size_t Lexer::field_colon(size_t i) const {
    size_t colon = i;
    while (colon < q_.size() && colon - i < 8 &&
           ((q_[colon] >= 'a' && q_[colon] <= 'z') || (q_[colon] >= 'A' && q_[colon] <= 'Z'))) {
        ++colon;
    }
    if (colon == i || colon + 1 >= q_.size() || q_[colon] != ':' || is_space(q_[colon + 1]) ||
        field_named(q_.substr(i, colon - i)) == FieldName::None) {
        return 0;
    }
    return colon;
}

// The field of "date:" at `i` when nothing follows its colon (the end, or a space), else None.
FieldName Lexer::empty_field(size_t i) const {
    const size_t colon = q_.find(':', i);
    if (colon == std::string_view::npos || colon == i || colon - i > 8 ||
        (colon + 1 < q_.size() && !is_space(q_[colon + 1]))) {
        return FieldName::None;
    }
    return field_named(q_.substr(i, colon - i));
}

// AND, OR, NOT, NEAR, NEAR/n: capitals only, so "and" and "or" stay words.
void Lexer::operator_type(Lexeme& lexeme,
                          const std::function<void(const std::string&)>& fail) const {
    std::string_view text = q_.substr(lexeme.begin, lexeme.end - lexeme.begin);
    if (text == "AND" || text == "&&") {
        lexeme.type = Lexeme::Type::And;
    } else if (text == "OR" || text == "||") {
        lexeme.type = Lexeme::Type::Or;
    } else if (text == "NOT") {
        lexeme.type = Lexeme::Type::Not;
    } else if (text == "NEAR") {
        lexeme.type = Lexeme::Type::Near;
    } else if (text.starts_with("NEAR/")) {
        std::string_view number = text.substr(5);
        std::uint32_t distance = 0;
        auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), distance);
        if (number.empty() || error != std::errc() || end != number.data() + number.size() ||
            distance > kMaxNearDistance) {
            fail(std::string(text) + " needs a number of words from 0 to " +
                 std::to_string(kMaxNearDistance) + ": NEAR/3");
        }
        lexeme.type = Lexeme::Type::Near;
        lexeme.distance = distance;
    }
}

}  // namespace tilde::query_syntax
