// SPDX-License-Identifier: MIT
/// @file query_parser.cpp  A recursive-descent parser over query_lexer's lexemes; words go
/// through the shared Analyzer. The grammar is in docs/query-syntax.md.
#include "query_parser.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>

#include <tilde/errors.hpp>

#include "language.hpp"
#include "query_dates.hpp"
#include "query_lexer.hpp"

namespace tilde {
namespace {

using Kind = QueryNode::Kind;
using FieldName = QueryNode::FieldName;
using query_syntax::field_label;
using query_syntax::kMaxNearDistance;
using query_syntax::Lexeme;
using query_syntax::Lexer;

constexpr std::size_t kMaxNesting = 32;
constexpr std::string_view kPendingMark = "\x01pending";

// A chunk of words typed at the top level, analyzed with its neighbours once the whole query
// is parsed (so that "US" sees them and positions follow the query).
struct PendingText {
    size_t begin = 0;
    size_t end = 0;
    bool required = false;
};

class Parser {
  public:
    Parser(std::string_view query, const Analyzer& analyzer) : q_(query), analyzer_(analyzer) {}

    QueryNode run() {
        lexemes_ = Lexer(q_).run([this](const std::string& reason) { fail(reason); });
        QueryNode root = conjunction(0);
        if (peek().type == Lexeme::Type::Close) {
            fail("')' has no '(' before it");
        }
        resolve_top_level_words(root);
        if (root.children.size() == 1 && root.children[0].kind != Kind::Not) {
            QueryNode only = std::move(root.children[0]);
            return only;
        }
        return root;
    }

  private:
    [[noreturn]] void fail(const std::string& reason) const {
        throw QuerySyntaxError("query \"" + quoted_in_message(q_) + "\": " + reason);
    }

    const Lexeme& peek() const { return lexemes_[at_]; }
    const Lexeme& take() { return lexemes_[at_++]; }
    std::string text_of(const Lexeme& lexeme) const {
        return std::string(q_.substr(lexeme.start, lexeme.end - lexeme.start));
    }
    static bool ends_clause(const Lexeme& lexeme) {
        using T = Lexeme::Type;
        return lexeme.type == T::End || lexeme.type == T::Close || lexeme.type == T::And ||
               lexeme.type == T::Or || lexeme.type == T::Near;
    }

    // Clauses side by side or joined by AND. `depth` 0 is the top level.
    QueryNode conjunction(size_t depth) {
        if (depth > kMaxNesting) {
            fail("parentheses nest deeper than " + std::to_string(kMaxNesting));
        }
        QueryNode node;
        node.kind = Kind::And;
        bool joined = false;  // the last clause was followed by AND
        while (peek().type != Lexeme::Type::End && peek().type != Lexeme::Type::Close) {
            if (peek().type == Lexeme::Type::And) {
                if (node.children.empty() || joined) {
                    fail("AND needs something to search for on each side");
                }
                mark_required(node.children.back());
                joined = true;
                take();
                continue;
            }
            if (peek().type == Lexeme::Type::Or || peek().type == Lexeme::Type::Near) {
                fail(text_of(peek()) + " needs something to search for on each side");
            }
            QueryNode clause = disjunction(depth);
            if (joined) {
                mark_required(clause);
            }
            joined = false;
            if (!is_empty(clause)) {
                node.children.push_back(std::move(clause));
            }
        }
        if (joined) {
            fail("AND needs something to search for on each side");
        }
        return node;
    }

    QueryNode disjunction(size_t depth) {
        QueryNode first = proximity(depth);
        if (peek().type != Lexeme::Type::Or) {
            return first;
        }
        QueryNode node;
        node.kind = Kind::Or;
        node.children.push_back(resolved(std::move(first)));
        while (peek().type == Lexeme::Type::Or) {
            const std::string op = text_of(take());
            if (ends_clause(peek())) {
                fail(op + " needs something to search for on each side");
            }
            node.children.push_back(resolved(proximity(depth)));
        }
        std::erase_if(node.children, [](const QueryNode& child) { return is_empty(child); });
        for (const QueryNode& child : node.children) {
            if (child.kind == Kind::Not) {
                fail(
                    "an excluded clause cannot be one side of OR; put NOT outside: "
                    "Maduro NOT (Bolton OR Pompeo)");
            }
        }
        if (node.children.size() == 1) {
            return std::move(node.children[0]);
        }
        return node;
    }

    QueryNode proximity(size_t depth) {
        QueryNode first = unary(depth);
        if (peek().type != Lexeme::Type::Near) {
            return first;
        }
        QueryNode node;
        node.kind = Kind::Near;
        node.distance = kMaxNearDistance;
        first = resolved(std::move(first));
        add_near_words(node, first);
        while (peek().type == Lexeme::Type::Near) {
            const Lexeme& op = take();
            node.distance = std::min(node.distance, op.distance);
            if (ends_clause(peek())) {
                fail(text_of(op) + " needs a word on each side");
            }
            QueryNode next = resolved(unary(depth));
            add_near_words(node, next);
        }
        if (node.tokens.size() < 2) {
            fail("NEAR needs a word on each side");
        }
        return node;
    }

    void add_near_words(QueryNode& near, QueryNode& operand) {
        if (operand.kind == Kind::And && !operand.children.empty() &&
            std::all_of(operand.children.begin(), operand.children.end(),
                        [](const QueryNode& c) { return c.kind == Kind::Word; })) {
            for (QueryNode& child : operand.children) {
                near.tokens.push_back(std::move(child.tokens[0]));
            }
            return;
        }
        if (operand.kind != Kind::Word) {
            fail("NEAR joins single words, not phrases, groups, prefixes or fields");
        }
        near.tokens.push_back(std::move(operand.tokens[0]));
    }

    QueryNode unary(size_t depth) {
        if (peek().type == Lexeme::Type::Not) {
            take();
            if (ends_clause(peek()) || peek().type == Lexeme::Type::Not) {
                fail("NOT needs something to exclude after it");
            }
            QueryNode node;
            node.kind = Kind::Not;
            node.children.push_back(resolved(primary(depth)));
            if (is_empty(node.children[0])) {
                return {};
            }
            return node;
        }
        return primary(depth);
    }

    QueryNode primary(size_t depth) {
        const Lexeme lexeme = take();
        QueryNode node;
        switch (lexeme.type) {
            case Lexeme::Type::Open: {
                node = conjunction(depth + 1);
                if (peek().type != Lexeme::Type::Close) {
                    fail("a '(' is never closed");
                }
                take();
                strict_group(node);
                break;
            }
            case Lexeme::Type::Quoted:
                node = lexeme.field != FieldName::None ? field(lexeme) : phrase(lexeme);
                break;
            case Lexeme::Type::Text:
                if (lexeme.field != FieldName::None) {
                    node = field(lexeme);
                } else if (lexeme.exact) {
                    node = exact(lexeme);
                } else {
                    node = text(lexeme, depth);
                }
                break;
            default:
                fail(text_of(lexeme) + " needs something to search for on each side");
        }
        if (lexeme.sign == '-') {
            node = resolved(std::move(node));
        }
        if (lexeme.sign == '-' && !is_empty(node)) {
            QueryNode excluded;
            excluded.kind = Kind::Not;
            excluded.children.push_back(std::move(node));
            return excluded;
        }
        if (lexeme.sign == '+') {
            mark_required(node);
        }
        return node;
    }

    QueryNode phrase(const Lexeme& lexeme) {
        QueryNode node;
        node.kind = Kind::Phrase;
        node.tokens = analyze(lexeme.begin, lexeme.end, Purpose::Query);
        if (node.tokens.size() == 1) {
            node.kind = Kind::Word;  // a one-word phrase is the word
        }
        return node.tokens.empty() ? QueryNode{} : node;
    }

    QueryNode exact(const Lexeme& lexeme) {
        std::vector<Token> tokens = analyze(lexeme.begin, lexeme.end, Purpose::Query);
        QueryNode group;
        group.kind = Kind::And;
        for (Token& token : tokens) {
            QueryNode node;
            node.kind = Kind::Exact;
            node.tokens.push_back(std::move(token));
            group.children.push_back(std::move(node));
        }
        return single_or_group(std::move(group));
    }

    // Plain text: at the top level kept for analysis with its neighbours; in a group,
    // analyzed alone. "oil-prod*": the leading words are words, the last one a prefix.
    QueryNode text(const Lexeme& lexeme, size_t depth) {
        std::string_view chunk = q_.substr(lexeme.begin, lexeme.end - lexeme.begin);
        const bool prefix = chunk.size() > 1 && chunk.back() == '*';
        if (!prefix && depth == 0) {
            QueryNode node;
            node.kind = Kind::Word;  // tokens filled by resolve_top_level_words()
            node.value = kPendingMark;
            pending_.push_back({lexeme.begin, lexeme.end, false});
            node.distance = static_cast<std::uint32_t>(pending_.size() - 1);
            return node;
        }
        const size_t end = prefix ? lexeme.end - 1 : lexeme.end;
        std::vector<Token> tokens =
            analyze(lexeme.begin, end, prefix ? Purpose::Prefix : Purpose::Query);
        QueryNode group;
        group.kind = Kind::And;
        for (size_t i = 0; i < tokens.size(); ++i) {
            QueryNode node;
            if (prefix && i + 1 == tokens.size()) {
                node.kind = Kind::Prefix;
                node.value = tokens[i].folded;
                node.tokens.push_back(std::move(tokens[i]));  // where it was typed
            } else {
                node.kind = Kind::Word;
                node.tokens.push_back(std::move(tokens[i]));
            }
            group.children.push_back(std::move(node));
        }
        return single_or_group(std::move(group));
    }

    QueryNode field(const Lexeme& lexeme) {
        const std::string label(field_label(lexeme.field));
        std::string value(q_.substr(lexeme.begin, lexeme.end - lexeme.begin));
        QueryNode node;
        node.kind = Kind::Field;
        node.field = lexeme.field;
        switch (lexeme.field) {
            case FieldName::Title: {
                QueryNode words =
                    lexeme.type == Lexeme::Type::Quoted ? phrase(lexeme) : text(lexeme, 1);
                if (is_empty(words)) {
                    fail(label + ":" + value + " has no words to look for in titles");
                }
                node.children.push_back(std::move(words));
                break;
            }
            case FieldName::Lang: {
                // Written as documents declare languages: "es", "EN", "en-US", "English".
                const std::optional<Language> language = parse_language(value);
                if (!language) {
                    fail("lang:" + value + " is not a language; use lang:es or lang:en");
                }
                node.value = std::string(language_code(*language));
                break;
            }
            case FieldName::Date:
                try {
                    node.value = date_filter_range(value);
                } catch (const std::invalid_argument& error) {
                    fail(error.what());
                }
                break;
            case FieldName::Doc:
            case FieldName::Source:
                if (value.empty()) {
                    fail(label + ": needs a value");
                }
                node.value = value;
                break;
            case FieldName::None:
                break;
        }
        return node;
    }

    std::vector<Token> analyze(size_t begin, size_t end, Purpose purpose) const {
        std::vector<Token> tokens = analyzer_.analyze(q_.substr(begin, end - begin), purpose);
        for (Token& token : tokens) {
            token.byte_begin += static_cast<std::uint32_t>(begin);
            token.byte_end += static_cast<std::uint32_t>(begin);
        }
        return tokens;
    }

    static bool is_empty(const QueryNode& node) {
        return (node.kind == Kind::And || node.kind == Kind::Or) && node.children.empty();
    }

    // A top-level text chunk waiting for resolve_top_level_words() (index in `distance`).
    static bool is_pending(const QueryNode& node) {
        return node.kind == Kind::Word && node.value == kPendingMark;
    }

    // A top-level chunk that turned out to stand in OR, NEAR or NOT: analyzed alone.
    QueryNode resolved(QueryNode node) {
        if (!is_pending(node)) {
            return node;
        }
        QueryNode group;
        group.kind = Kind::And;
        group.children.push_back(std::move(node));
        resolve_words(group, /*top_level=*/false);
        return single_or_group(std::move(group));
    }

    static QueryNode single_or_group(QueryNode group) {
        if (group.children.size() == 1) {
            return std::move(group.children[0]);
        }
        return group;
    }

    void mark_required(QueryNode& node) {
        if (is_pending(node)) {
            pending_[node.distance].required = true;
        }
        node.required = true;
    }

    // Inside parentheses every word is required; stopwords only matter if alone.
    void strict_group(QueryNode& group) {
        resolve_words(group, /*top_level=*/false);
        const bool has_content = std::any_of(
            group.children.begin(), group.children.end(),
            [](const QueryNode& c) { return c.kind != Kind::Word || !c.tokens[0].stopword; });
        if (has_content) {
            std::erase_if(group.children, [](const QueryNode& c) {
                return c.kind == Kind::Word && c.tokens[0].stopword;
            });
        }
        for (QueryNode& child : group.children) {
            child.required = false;
        }
        if (group.children.size() == 1 && group.children[0].kind != Kind::Not) {
            QueryNode only = std::move(group.children[0]);
            group = std::move(only);
        }
    }

    // Text chunks of a group were kept whole (the group might have been the top level):
    // analyze each one alone now.
    void resolve_words(QueryNode& group, bool top_level) {
        std::vector<QueryNode> children;
        for (QueryNode& child : group.children) {
            if (!is_pending(child)) {
                children.push_back(std::move(child));
                continue;
            }
            const PendingText& pending = pending_[child.distance];
            for (Token& token : analyze(pending.begin, pending.end, Purpose::Query)) {
                QueryNode word;
                word.kind = Kind::Word;
                word.required = top_level && pending.required;
                word.tokens.push_back(std::move(token));
                children.push_back(std::move(word));
            }
        }
        group.children = std::move(children);
    }

    // The top level's plain words, analyzed as one text with the gaps blanked.
    void resolve_top_level_words(QueryNode& root) {
        std::string plain(q_.size(), ' ');
        bool any = false;
        for (const QueryNode& child : root.children) {
            if (is_pending(child)) {
                const PendingText& pending = pending_[child.distance];
                plain.replace(pending.begin, pending.end - pending.begin,
                              q_.substr(pending.begin, pending.end - pending.begin));
                any = true;
            }
        }
        if (!any) {
            return;
        }
        std::vector<Token> tokens = analyzer_.analyze(plain, Purpose::Query);
        std::vector<QueryNode> children;
        size_t next = 0;
        for (QueryNode& child : root.children) {
            if (!is_pending(child)) {
                children.push_back(std::move(child));
                continue;
            }
            const PendingText& pending = pending_[child.distance];
            while (next < tokens.size() && tokens[next].byte_begin < pending.end) {
                if (tokens[next].byte_begin >= pending.begin) {
                    QueryNode word;
                    word.kind = Kind::Word;
                    word.required = pending.required;
                    word.tokens.push_back(std::move(tokens[next]));
                    children.push_back(std::move(word));
                }
                ++next;
            }
        }
        root.children = std::move(children);
    }

    std::string_view q_;
    const Analyzer& analyzer_;
    std::vector<Lexeme> lexemes_;
    size_t at_ = 0;
    std::vector<PendingText> pending_;
};

void append_tree(const QueryNode& node, std::string& out) {
    auto words = [&](const std::vector<Token>& tokens) {
        for (size_t i = 0; i < tokens.size(); ++i) {
            out += (i ? " " : "") + tokens[i].folded;
        }
    };
    switch (node.kind) {
        case Kind::Word:
            out += node.required ? "+" : "";
            words(node.tokens);
            return;
        case Kind::Exact:
            out +=
                "=" + (node.tokens[0].exact.empty() ? node.tokens[0].folded : node.tokens[0].exact);
            return;
        case Kind::Phrase:
            out += '"';
            words(node.tokens);
            out += '"';
            return;
        case Kind::Near:
            out += "(near/" + std::to_string(node.distance) + " ";
            words(node.tokens);
            out += ')';
            return;
        case Kind::Prefix:
            out += node.value + "*";
            return;
        case Kind::Field:
            out += std::string(field_label(node.field)) + ":";
            if (node.children.empty()) {
                out += node.value;
            } else {
                append_tree(node.children[0], out);
            }
            return;
        case Kind::And:
        case Kind::Or:
        case Kind::Not:
            out += node.kind == Kind::And ? "(and" : node.kind == Kind::Or ? "(or" : "(not";
            for (const QueryNode& child : node.children) {
                out += ' ';
                append_tree(child, out);
            }
            out += ')';
            return;
    }
}

void collect_matchable(const QueryNode& node, std::vector<Token>& tokens,
                       std::vector<Token>& prefixes) {
    switch (node.kind) {
        case Kind::Word:
        case Kind::Exact:
        case Kind::Phrase:
        case Kind::Near:
            tokens.insert(tokens.end(), node.tokens.begin(), node.tokens.end());
            return;
        case Kind::Prefix:
            prefixes.push_back(node.tokens[0]);
            return;
        case Kind::And:
        case Kind::Or:
            for (const QueryNode& child : node.children) {
                collect_matchable(child, tokens, prefixes);
            }
            return;
        case Kind::Field:
        case Kind::Not:
            return;
    }
}

}  // namespace

std::string QueryNode::to_string() const {
    std::string out;
    append_tree(*this, out);
    return out;
}

namespace {

// Words, phrases, prefixes and fields in groups and operators (top-level words are cut to
// the first distinct ones later): each costs postings lists, spelling lookups, highlighting.
size_t count_leaves(const QueryNode& node) {
    if (node.children.empty()) {
        return 1;
    }
    size_t count = 0;
    for (const QueryNode& child : node.children) {
        count += count_leaves(child);
    }
    return count;
}

}  // namespace

QueryNode parse_query_tree(std::string_view query, const Analyzer& analyzer) {
    QueryNode root = Parser(query, analyzer).run();
    // An OR of thousands of words took seconds and hundreds of MB (issue #20): the work a
    // query asks for is bounded, and a query past it is refused saying so.
    size_t grouped = 0;
    if (root.kind == Kind::And) {
        for (const QueryNode& clause : root.children) {
            grouped += clause.kind == Kind::Word ? 0 : count_leaves(clause);
        }
    } else if (root.kind != Kind::Word) {
        grouped = count_leaves(root);
    }
    if (grouped > kMaxQueryLeaves) {
        throw QuerySyntaxError("query \"" + quoted_in_message(query) +
                               "\": " + std::to_string(grouped) +
                               " words, phrases and fields in groups and operators, more "
                               "than the " +
                               std::to_string(kMaxQueryLeaves) + " a query may ask for");
    }
    return root;
}

std::vector<const QueryNode*> top_level_clauses(const QueryNode& root) {
    std::vector<const QueryNode*> clauses;
    if (root.kind == Kind::And) {
        for (const QueryNode& child : root.children) {
            clauses.push_back(&child);
        }
    } else {
        clauses.push_back(&root);
    }
    return clauses;
}

bool has_top_level_phrase(const QueryNode& root) {
    const std::vector<const QueryNode*> clauses = top_level_clauses(root);
    return std::any_of(clauses.begin(), clauses.end(),
                       [](const QueryNode* clause) { return clause->kind == Kind::Phrase; });
}

QueryNode with_phrases_as_words(QueryNode root) {
    if (root.kind != Kind::And) {
        QueryNode all;
        all.kind = Kind::And;
        all.children.push_back(std::move(root));
        root = std::move(all);
    }
    std::vector<QueryNode> kept;
    std::vector<QueryNode> words;
    for (QueryNode& clause : root.children) {
        if (clause.kind != Kind::Phrase) {
            kept.push_back(std::move(clause));
            continue;
        }
        for (const Token& token : clause.tokens) {
            QueryNode word;
            word.kind = Kind::Word;
            word.tokens = {token};
            words.push_back(std::move(word));
        }
    }
    root.children = std::move(kept);
    std::move(words.begin(), words.end(), std::back_inserter(root.children));
    return root;
}

std::vector<Token> matchable_words(const QueryNode& root) {
    std::vector<Token> tokens;
    std::vector<Token> prefixes;
    collect_matchable(root, tokens, prefixes);
    return tokens;
}

std::vector<Token> matchable_prefixes(const QueryNode& root) {
    std::vector<Token> tokens;
    std::vector<Token> prefixes;
    collect_matchable(root, tokens, prefixes);
    return prefixes;
}

std::string quoted_in_message(std::string_view query) {
    constexpr size_t kMaxQuotedBytes = 80;
    size_t cut = query.size();
    if (cut > kMaxQuotedBytes) {
        cut = kMaxQuotedBytes;
        while (cut > 0 && (static_cast<unsigned char>(query[cut]) & 0xC0) == 0x80) {
            --cut;
        }
    }
    // Control characters shown, not sent: a NUL would end the message early, an escape
    // sequence would reach the terminal.
    std::string out;
    for (unsigned char c : query.substr(0, cut)) {
        if (c < 0x20 || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return cut < query.size() ? out + "\u2026" : out;
}

}  // namespace tilde
