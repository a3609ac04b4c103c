// SPDX-License-Identifier: MIT
/// @file hit_builder.hpp  The searcher's last stage: ranked passages as hits, with their
/// document, date, highlights, snippet and explanation.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include <tilde/searcher.hpp>

#include "analyzer.hpp"
#include "document_records.hpp"
#include "index_reader.hpp"
#include "query_builder.hpp"
#include "query_parser.hpp"
#include "ranker.hpp"
#include "snippet.hpp"

namespace tilde {

// Which passage words count as matches, and the query word (as typed) behind each match
// group; built once per search for both phases.
struct Highlighter {
    QueryMatcher matcher;
    std::vector<std::string> typed;  // by group
};

[[nodiscard]] Highlighter make_highlighter(const Analyzer& analyzer, std::string_view query,
                                           const QueryNode& root, Language language,
                                           const std::vector<Synonyms>& synonyms = {});

class HitBuilder {
  public:
    HitBuilder(const IndexReader& reader, const Analyzer& analyzer,
               const DocumentRecords& documents, const Ranker& ranker)
        : reader_(reader), analyzer_(analyzer), documents_(documents), ranker_(ranker) {}

    /// Appends the hits of `ranking` from `offset`, at most `limit`, to `results`.
    void collect(const Ranking& ranking, Xapian::doccount offset, Xapian::doccount limit,
                 const QueryBuilder& builder, const Highlighter& highlighter,
                 const SearchOptions& options, SearchResults& results) const;

  private:
    // Each leaf term's share of the score, measured by Xapian itself on this one passage.
    [[nodiscard]] std::vector<TermContribution> explain(
        Xapian::docid docid, const Xapian::Document& document, const std::vector<QueryLeaf>& leaves,
        const std::map<std::string, std::vector<std::string>>& passage_words) const;

    const IndexReader& reader_;
    const Analyzer& analyzer_;
    const DocumentRecords& documents_;
    const Ranker& ranker_;
};

}  // namespace tilde
