// SPDX-License-Identifier: MIT
/// @file ranker.hpp  The searcher's ranking stage: a query's best passages, their ties put in
/// an order that does not depend on docids, the re-rank pool, and match counts.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <xapian.h>

#include <tilde/searcher.hpp>

#include "document_records.hpp"
#include "index_reader.hpp"
#include "passage_record.hpp"
#include "query_plan.hpp"
#include "schema.hpp"

namespace tilde {

inline Xapian::BM25Weight bm25() { return {kBm25K1 * kWdfScale, 0, 1, 0, 0.5}; }

// Match counts are exact up to this many, then estimated from term statistics: a small
// result set gets its true size at little cost.
inline constexpr Xapian::doccount kExactCountUpTo = 100;
// The best passages by their stems alone, which the whole query (boosts and proximity) ranks:
// a window of them at a time, so that pages tile one list (this many first, then windows as
// long as all before them). XQuAD's MRR@10 with distractors on the first page (English,
// Spanish, Spanish without accents): .8916/.8895/.8906 at 10, .8921/.8902/.8912 at 20,
// .8932/.8920/.8930 at 30, .8931/.8919/.8929 at 40, .8935/.8921/.8927 at 100; keyword p99
// goes 4.3 ms (100) to 3.3 (40).
inline constexpr Xapian::doccount kRerankPool = 40;

// Which passages of equal rank are put in document and passage order: all, or (when the
// caller orders them again) only those of a tie that the cut goes through.
enum class Ties : std::uint8_t { Everywhere, AtTheCut };

struct RankedPassage {
    Xapian::Document document;
    // In the database searched: across shards, Document::get_docid() is the shard's own.
    Xapian::docid docid = 0;
    double weight = 0;
    // Read when ties are ordered, kept for the hit: each read finds and decodes a chunk.
    mutable std::optional<PassageRecord> record;

    const PassageRecord& passage_record() const {
        if (!record) {
            record = PassageRecord::parse(document.get_value(kSlotRecord));
        }
        return *record;
    }
};

// The best passages of a query.
struct Ranking {
    std::vector<RankedPassage> passages;  // at most the number wanted
    bool exhausted = false;               // every match was looked at
    Xapian::doccount estimated = 0;       // matches
    bool exact = true;                    // `estimated` is the count
    Xapian::MSet matched;                 // the match, for its terms' frequencies
};

// A part of one page: passages [offset, offset + limit) of one phase's ranking.
struct PageSlice {
    Ranking ranking;
    Xapian::doccount offset = 0;
    Xapian::doccount limit = 0;
};

// One page of results as slices of one long list: phase 1's passages (every word), then
// phase 2's (some words) once phase 1 runs out.
struct RankedPage {
    std::vector<PageSlice> slices;  // phase 1's, then phase 2's when the page reaches it
    Xapian::doccount total = 0;     // matches of both phases
    bool total_exact = true;
    bool no_passage_has_every_word = false;  // phase 1 found nothing: worth a suggestion
};

// What page() is asked for: which results, in what order, and how they are counted.
struct PageRequest {
    Xapian::doccount offset = 0;
    Xapian::doccount limit = 10;
    SortOrder sort = SortOrder::Relevance;
    Xapian::doccount per_document = 0;  // at most this many passages of one document; 0: any
    bool exact_total = false;           // count every match, not just up to kExactCountUpTo
};

class Ranker {
  public:
    Ranker(const IndexReader& reader, const DocumentRecords& documents)
        : reader_(reader), documents_(documents) {}

    /// The page [offset, offset + limit) of `plan`'s results in `sort` order, at most
    /// `per_document` passages of a document, and the count of its matches in both phases.
    [[nodiscard]] RankedPage page(const QueryPlan& plan, const PageRequest& request,
                                  StageTimes& times) const;

    /// The best `wanted` passages of `query`. Each text is searchable in one copy only (the
    /// writer stores repeats without indexing their words), so no collapsing is needed.
    [[nodiscard]] Ranking rank(const Xapian::Query& query, Xapian::doccount wanted,
                               SortOrder sort = SortOrder::Relevance, Ties ties = Ties::Everywhere,
                               Xapian::doccount count_up_to = kExactCountUpTo) const;

    /// `candidates` (stems only, no positions) picks the best passages, and `ranked` (the
    /// boosts for the words as typed) plus `bonus` (words adjacent or close together) ranks
    /// each window of them in turn (kRerankPool, then each as long as all before it); scores
    /// are the full query's. The first `wanted` are a prefix of what a larger `wanted` gives.
    /// `rerank_ms` (when given) gets the time spent after the pool was chosen.
    [[nodiscard]] Ranking rerank(const Xapian::Query& candidates, const Xapian::Query& ranked,
                                 const Xapian::Query& bonus, Xapian::doccount wanted,
                                 double* rerank_ms = nullptr,
                                 Xapian::doccount count_up_to = kExactCountUpTo) const;

    /// The matches of `query`, counted exactly up to `up_to` (when `exactly`), else
    /// estimated; and whether the count is exact.
    [[nodiscard]] std::pair<Xapian::doccount, bool> count(
        const Xapian::Query& query, bool exactly = true,
        Xapian::doccount up_to = kExactCountUpTo) const;

    /// A filter matching just these passages (sorted docids).
    [[nodiscard]] Xapian::Query only_these(std::vector<Xapian::docid> docids,
                                           const std::vector<Xapian::Document>& documents) const;

    /// Passages of equal rank in document and passage order.
    void order_ties(std::vector<RankedPassage>::iterator first,
                    std::vector<RankedPassage>::iterator last) const;

    /// Reads ahead the document records of these passages (DocumentRecords::read_ahead).
    void read_documents_ahead(std::vector<RankedPassage>::const_iterator first,
                              std::vector<RankedPassage>::const_iterator last) const;

  private:
    // One phase's best `wanted`: re-ranked from its candidates when there are several words;
    // sorted by date, every match is looked at anyway, with its whole score.
    // `pooled`: `ranked` as it re-scores the candidates (phase 2's need not leave out phase 1's
    // passages: its candidates do).
    [[nodiscard]] Ranking rank_phase(const QueryPlan& plan, const Xapian::Query& candidates,
                                     const Xapian::Query& ranked, const Xapian::Query& pooled,
                                     const Xapian::Query& bonus, Xapian::doccount wanted,
                                     const PageRequest& request, double* rerank_ms) const;

    // page() whatever documents the passages are of: [offset, offset + limit) of the list.
    [[nodiscard]] RankedPage page_window(const QueryPlan& plan, Xapian::doccount offset,
                                         Xapian::doccount limit, const PageRequest& request,
                                         StageTimes& times) const;

    // Adds phase 2's matches to `page`'s count, when phase 1 (whose match `phase1` was) filled
    // the page.
    void count_phase2(const QueryPlan& plan, RankedPage& page, const Xapian::MSet& phase1,
                      const PageRequest& request) const;

    // page() with at most request.per_document passages of a document: longer lists are
    // fetched until enough documents are seen or the matches run out.
    [[nodiscard]] RankedPage page_per_document(const QueryPlan& plan, const PageRequest& request,
                                               StageTimes& times) const;

    // Orders each tie that the edge of a window of candidates (rerank()) would cut through.
    void settle_window_edges(std::vector<RankedPassage>& passages) const;

    // The best `wanted` of the passages [first, last) by `ranked` plus `bonus`.
    [[nodiscard]] Ranking rescore(std::vector<RankedPassage>::const_iterator first,
                                  std::vector<RankedPassage>::const_iterator last,
                                  const Xapian::Query& ranked, const Xapian::Query& bonus,
                                  Xapian::doccount wanted) const;

    // How far matches are counted exactly.
    [[nodiscard]] Xapian::doccount count_up_to(const PageRequest& request) const;

    [[nodiscard]] Ranking take_best(Xapian::Enquire& enquire, Xapian::doccount wanted,
                                    SortOrder sort, Xapian::doccount check_at_least,
                                    Ties ties = Ties::Everywhere) const;

    const IndexReader& reader_;
    const DocumentRecords& documents_;
};

}  // namespace tilde
