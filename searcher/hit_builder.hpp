// SPDX-License-Identifier: MIT
/// @file hit_builder.hpp  The searcher's last stage: ranked passages as hits, with their
/// document, date, highlights, snippet and explanation.
#pragma once

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

// Which passage words count as matches, and the query words behind each match group; built
// once per search for both phases.
struct Highlighter {
    QueryMatcher matcher;
    // By group: where the query typed its word (several places for a word typed twice), the
    // ids explanations look up (QueryLeaf::span).
    std::vector<std::vector<ByteRange>> spans;
};

[[nodiscard]] Highlighter make_highlighter(const Analyzer& analyzer, const QueryNode& root,
                                           Language language,
                                           const std::vector<Synonyms>& synonyms = {});

// A word of the passage that matched: where the query typed what it matched, its folded
// form (for prefixes) and how the passage wrote it.
struct PassageWord {
    const std::vector<ByteRange>* query_spans;
    std::string folded;
    std::string written;
};

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
        const std::vector<PassageWord>& passage_words) const;

    const IndexReader& reader_;
    const Analyzer& analyzer_;
    const DocumentRecords& documents_;
    const Ranker& ranker_;
};

}  // namespace tilde
