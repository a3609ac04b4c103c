// SPDX-License-Identifier: MIT
/// @file query_plan.hpp  The searcher's planning stage: a parsed query tree as the queries
/// of both ranking phases (all the words, then some), built the same way for top-level and
/// nested clauses, with the leaves that explanations name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analyzer.hpp"
#include "index_reader.hpp"
#include "query_builder.hpp"
#include "query_parser.hpp"
#include "query_translation.hpp"
#include "synonyms.hpp"

namespace tilde {

struct Phases {
    Xapian::Query phase1;  // passages with every word
    Xapian::Query phase2;  // with only some of them; empty for a one-word query
    // Phase 2 without leaving out phase 1's passages: re-scores phase 2's candidates, which
    // already leave them out.
    Xapian::Query phase2_open;
};

struct QueryPlan {
    explicit QueryPlan(QueryBuilder built) : builder(std::move(built)) {}

    QueryBuilder builder;            // holds the leaves --explain measures
    std::vector<Token> words;        // ranked words: distinct, stopwords only when alone
    std::vector<Synonyms> synonyms;  // words the synonym file knows or translated: highlighting
    std::vector<QueryTranslation> translations;  // for the results
    Phases ranked;                               // the whole query: boosts for the words as typed
    Phases candidates;                           // stems only: picks the re-rank pool
    Xapian::Query proximity;  // the words adjacent or near: re-ranks phase 1's pool
    // Neighbouring words close together in the other language's passages, one of them at
    // least through its translation: re-ranks phase 2's pool, where those passages are.
    Xapian::Query translated_proximity;
    bool matches_nothing = false;  // a field (doc:, source:, title:) names nothing indexed
};

/// A plan in a few lines, for tests and debugging: each phase's candidate query (stems), its
/// ranking query, the proximity query, and the explanation leaves (kind:form), with Xapian's
/// query descriptions shortened (weights to two decimals, the language bonus as LANG).
[[nodiscard]] std::string describe_plan(const QueryPlan& plan);

class QueryPlanner {
  public:
    QueryPlanner(const IndexReader& reader, const Analyzer& analyzer)
        : reader_(reader), analyzer_(analyzer) {}

    /// The plan of the parsed tree `root` (typed as `query`) with stemmers for `language`;
    /// throws QuerySyntaxError for a query with nothing to search for or too many clauses.
    /// `use_translation`: ranked words also match their translations (Translator).
    [[nodiscard]] QueryPlan plan(std::string_view query, const QueryNode& root, bool use_synonyms,
                                 Language language, bool use_translation = false) const;

  private:
    // A group, OR, NEAR or =exact clause as a query; `record`: its words show in --explain.
    Xapian::Query node_query(const QueryNode& node, QueryBuilder& builder, bool record) const;
    Xapian::Query exact_query(const Token& token, QueryBuilder& builder, bool record) const;
    Xapian::Query field_query(const QueryNode& node) const;
    Xapian::Query documents_titled(const QueryNode& node) const;
    Xapian::Query collections_beginning(const std::string& prefix) const;
    Xapian::Query documents_matching(const Xapian::Query& first_passages) const;
    Xapian::Query title_query(const QueryNode& node) const;
    Xapian::Query terms_beginning(const std::string& prefix) const;
    Xapian::Query expand_prefix(const std::string& prefix) const;
    const SynonymTable& synonym_table() const;

    const IndexReader& reader_;
    const Analyzer& analyzer_;
    mutable std::optional<SynonymTable> synonyms_;  // read at the first search that needs it
    mutable TranslationTerms translation_terms_;
};

}  // namespace tilde
