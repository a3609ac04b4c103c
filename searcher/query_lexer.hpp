// SPDX-License-Identifier: MIT
/// @file query_lexer.hpp  The query text as lexemes: words, quoted phrases, parentheses and
/// operators, each with its sign, field and '=' modifiers. The grammar is in
/// docs/query-syntax.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "query_parser.hpp"

namespace tilde::query_syntax {

using FieldName = QueryNode::FieldName;

// NEAR without a number: as Xapian's own query parser.
inline constexpr std::uint32_t kDefaultNearDistance = 10;
inline constexpr std::uint32_t kMaxNearDistance = 1000;

struct Lexeme {
    enum class Type : std::uint8_t { Text, Quoted, Open, Close, And, Or, Not, Near, End };
    Type type = Type::End;
    size_t begin = 0;  // the content: a chunk's text, a phrase's inside
    size_t end = 0;
    size_t start = 0;  // where the lexeme starts, modifiers included
    char sign = 0;     // '-' or '+'
    bool exact = false;
    FieldName field = FieldName::None;
    std::uint32_t distance = kDefaultNearDistance;
};

/// The lexemes of `query`, ending with one of type End; `fail` is called (and must throw)
/// with the reason for a malformed operator or field.
class Lexer {
  public:
    explicit Lexer(std::string_view query) : q_(query) {}

    std::vector<Lexeme> run(const std::function<void(const std::string&)>& fail);

  private:
    FieldName empty_field(size_t i) const;
    size_t field_colon(size_t i) const;
    void operator_type(Lexeme& lexeme, const std::function<void(const std::string&)>& fail) const;

    std::string_view q_;
};

/// A field's name in messages: "title", "date".
[[nodiscard]] std::string_view field_label(FieldName field);

}  // namespace tilde::query_syntax
