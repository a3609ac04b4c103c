// SPDX-License-Identifier: MIT
/// @file ranker.cpp  Best passages, docid-independent ties, the re-rank pool, counts.
#include "ranker.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <string>

#include "match_estimate.hpp"
#include "query_combine.hpp"
#include "stage_clock.hpp"

namespace tilde {
namespace {

// Matches exactly the given passages (sorted docids), adding no weight: restricts a query to
// a pool of candidates, for the proximity re-ranking.
class DocidSetSource final : public Xapian::PostingSource {
  public:
    explicit DocidSetSource(std::vector<Xapian::docid> docids) : docids_(std::move(docids)) {}

    Xapian::doccount get_termfreq_min() const override { return size(); }
    Xapian::doccount get_termfreq_est() const override { return size(); }
    Xapian::doccount get_termfreq_max() const override { return size(); }
    void init(const Xapian::Database&) override { at_ = kBeforeStart; }
    void next(double) override { at_ = at_ == kBeforeStart ? 0 : at_ + 1; }
    void skip_to(Xapian::docid docid, double) override {
        size_t from = at_ == kBeforeStart ? 0 : at_;
        at_ = static_cast<size_t>(
            std::lower_bound(docids_.begin() + static_cast<long>(from), docids_.end(), docid) -
            docids_.begin());
    }
    bool at_end() const override { return at_ != kBeforeStart && at_ >= docids_.size(); }
    Xapian::docid get_docid() const override { return docids_[at_]; }
    DocidSetSource* clone() const override { return new DocidSetSource(docids_); }

  private:
    static constexpr size_t kBeforeStart = static_cast<size_t>(-1);
    Xapian::doccount size() const { return static_cast<Xapian::doccount>(docids_.size()); }
    std::vector<Xapian::docid> docids_;
    size_t at_ = kBeforeStart;
};

}  // namespace

std::pair<Xapian::doccount, bool> Ranker::count(const Xapian::Query& query, bool exactly,
                                                Xapian::doccount up_to) const {
    Xapian::Enquire enquire(reader_.db());
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet mset = enquire.get_mset(0, 0, exactly ? up_to : 0);
    return {mset.get_matches_estimated(),
            mset.get_matches_lower_bound() == mset.get_matches_upper_bound()};
}

// Ranking touches every match of the query, so it is kept lean: positions were the dearest
// part ("united states": 30 ms over a million passages, 5 without), the boost terms doubled
// the postings read. So only the pool gets the whole query.
Xapian::doccount Ranker::count_up_to(const PageRequest& request) const {
    return request.exact_total ? std::max(reader_.db().get_doccount(), kExactCountUpTo)
                               : kExactCountUpTo;
}

RankedPage Ranker::page(const QueryPlan& plan, const PageRequest& request,
                        StageTimes& times) const {
    return request.per_document > 0
               ? page_per_document(plan, request, times)
               : page_window(plan, request.offset, request.limit, request, times);
}

RankedPage Ranker::page_per_document(const QueryPlan& plan, const PageRequest& request,
                                     StageTimes& times) const {
    // Past this many passages, a page stays short rather than read on (a document whose
    // passages fill the whole list would otherwise be read to its end).
    constexpr Xapian::doccount kMostPassagesRead = 20000;
    const Xapian::doccount wanted = request.offset + request.limit;
    Xapian::doccount fetch =
        std::min(std::max<Xapian::doccount>(wanted * 3, 30), std::max(kMostPassagesRead, wanted));
    for (;;) {
        RankedPage all = page_window(plan, 0, fetch, request, times);
        RankedPage kept;
        kept.total = all.total;
        kept.total_exact = all.total_exact;
        kept.no_passage_has_every_word = all.no_passage_has_every_word;
        std::map<std::string, Xapian::doccount, std::less<>> shown_of_document;
        Xapian::doccount seen = 0;
        Xapian::doccount taken = 0;
        for (PageSlice& slice : all.slices) {
            std::vector<RankedPassage>& passages = slice.ranking.passages;
            const auto first = passages.begin() + std::min<long>(slice.offset, passages.size());
            const auto last = first + std::min<long>(slice.limit, passages.end() - first);
            read_documents_ahead(first, last);
            Ranking ranking;
            ranking.exhausted = slice.ranking.exhausted;
            ranking.estimated = slice.ranking.estimated;
            ranking.exact = slice.ranking.exact;
            for (auto it = first; it != last; ++it, ++seen) {
                const std::string& doc = documents_.of(it->docid, it->passage_record()).doc;
                if (++shown_of_document[doc] <= request.per_document) {
                    ranking.passages.push_back(std::move(*it));
                }
            }
            taken += static_cast<Xapian::doccount>(ranking.passages.size());
            kept.slices.push_back({std::move(ranking), 0, 0});
        }
        if (taken >= wanted || seen < fetch || fetch >= kMostPassagesRead) {
            Xapian::doccount skip = request.offset;
            Xapian::doccount left = request.limit;
            for (PageSlice& slice : kept.slices) {
                const auto size = static_cast<Xapian::doccount>(slice.ranking.passages.size());
                slice.offset = std::min(skip, size);
                skip -= slice.offset;
                slice.limit = std::min(left, size - slice.offset);
                left -= slice.limit;
            }
            return kept;
        }
        fetch = std::min(fetch * 4, std::max(kMostPassagesRead, wanted));
    }
}

RankedPage Ranker::page_window(const QueryPlan& plan, Xapian::doccount offset,
                               Xapian::doccount limit, const PageRequest& request,
                               StageTimes& times) const {
    StageClock clock;
    RankedPage page;
    const Phases& candidates = plan.candidates;
    const Phases& ranked = plan.ranked;
    const Xapian::doccount wanted = offset + limit;
    double rerank_ms = 0;
    Ranking first = rank_phase(plan, candidates.phase1, ranked.phase1, ranked.phase1,
                               plan.proximity, wanted, request, &rerank_ms);
    clock.lap(times.phase1);
    times.phase1 -= rerank_ms;
    times.rerank += rerank_ms;
    page.total = first.estimated;
    page.total_exact = first.exact;
    page.no_passage_has_every_word = first.passages.empty();
    const auto phase1_size = static_cast<Xapian::doccount>(first.passages.size());
    const Xapian::MSet phase1_terms = first.matched;
    const bool phase1_ran_out = first.exhausted && phase1_size < wanted;
    page.slices.push_back({std::move(first), offset, limit});
    if (ranked.phase2.empty()) {
        return page;
    }
    if (!phase1_ran_out) {
        // A full page from phase 1: phase 2 only adds to the count.
        count_phase2(plan, page, phase1_terms, request);
        clock.lap(times.phase2);
        return page;
    }
    // Phase 1 ran out before the page did (so its count is exact): the rest of the page is
    // phase 2's, which continues the list where phase 1 ended.
    const Xapian::doccount shown = phase1_size > offset ? std::min(phase1_size - offset, limit) : 0;
    const Xapian::doccount offset2 = offset > phase1_size ? offset - phase1_size : 0;
    const Xapian::doccount limit2 = limit - shown;
    double rerank2_ms = 0;
    Ranking second = rank_phase(plan, candidates.phase2, ranked.phase2, ranked.phase2_open,
                                plan.translated_proximity, offset2 + limit2, request, &rerank2_ms);
    page.total += second.estimated;
    page.total_exact = page.total_exact && second.exact;
    page.slices.push_back({std::move(second), offset2, limit2});
    clock.lap(times.phase2);
    times.phase2 -= rerank2_ms;
    times.rerank += rerank2_ms;
    return page;
}

void Ranker::count_phase2(const QueryPlan& plan, RankedPage& page, const Xapian::MSet& phase1,
                          const PageRequest& request) const {
    const Xapian::doccount up_to = count_up_to(request);
    auto termfreq = [&](const std::string& term) { return phase1.get_termfreq(term); };
    // The passages with any word (of which phase 1's are some) are phase 2's count: when
    // phase 1's count is an estimate, or when more have some word than are counted exactly,
    // that total is an estimate, made from the frequencies phase 1 read. Counting phase 2
    // read every word's postings again, the dearest part of a keyword search whose phase 1
    // filled the page.
    const Xapian::doccount surely = least_matches(plan.candidates.phase2_open, termfreq);
    if (!page.total_exact || surely_past_exact_count(surely, page.total, up_to)) {
        const auto any_word =
            estimate_matches(plan.candidates.phase2_open, reader_.db().get_doccount(), termfreq);
        if (any_word) {
            page.total = std::max(
                {page.total, surely, static_cast<Xapian::doccount>(std::lround(*any_word))});
            page.total_exact = false;
            return;
        }
    }
    // Counted up to a hundred, estimated past that: counting every match would cost more
    // than the search.
    const auto [matches, exact] = count(plan.candidates.phase2, page.total_exact, up_to);
    page.total += matches;
    page.total_exact = page.total_exact && exact;
}

Ranking Ranker::rank_phase(const QueryPlan& plan, const Xapian::Query& candidates,
                           const Xapian::Query& ranked, const Xapian::Query& pooled,
                           const Xapian::Query& bonus, Xapian::doccount wanted,
                           const PageRequest& request, double* rerank_ms) const {
    const Xapian::doccount up_to = count_up_to(request);
    if (request.sort != SortOrder::Relevance) {
        Xapian::Query scored = ranked;
        if (!bonus.empty()) {
            scored =
                Xapian::Query(Xapian::Query::OP_AND_MAYBE, scored,
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, bonus, kScoreScale));
        }
        return rank(scored, wanted, request.sort, Ties::Everywhere, up_to);
    }
    // One word: its few postings lists are read once, no re-ranking needed.
    return plan.words.size() < 2
               ? rank(ranked, wanted, SortOrder::Relevance, Ties::Everywhere, up_to)
               : rerank(candidates, pooled, bonus, wanted, rerank_ms, up_to);
}

namespace {

// The edge after `edge` between two windows of candidates: the first window is kRerankPool
// long, and each after it as long as all before it, so a deep page re-scores a few windows.
size_t next_window_edge(size_t edge) { return edge == 0 ? kRerankPool : edge * 2; }

}  // namespace

Ranking Ranker::rerank(const Xapian::Query& candidates, const Xapian::Query& ranked,
                       const Xapian::Query& bonus, Xapian::doccount wanted, double* rerank_ms,
                       Xapian::doccount count_up_to) const {
    // The candidates are re-ranked a window at a time, in their order: a page past the first
    // window leaves it as it was, so pages tile one list (issue #19). rank() settles a tie
    // across the pool's cut, settle_window_edges() those across the windows' edges, and
    // rescore() redoes each window's order.
    size_t pool_size = next_window_edge(0);
    while (pool_size < wanted) {
        pool_size = next_window_edge(pool_size);
    }
    pool_size = std::min<size_t>(pool_size, std::numeric_limits<Xapian::doccount>::max());
    Ranking pool = rank(candidates, static_cast<Xapian::doccount>(pool_size), SortOrder::Relevance,
                        Ties::AtTheCut, count_up_to);
    StageClock clock;
    if (pool.passages.empty()) {
        return pool;
    }
    settle_window_edges(pool.passages);
    Ranking out;
    for (size_t begin = 0; begin < pool.passages.size() && out.passages.size() < wanted;
         begin = next_window_edge(begin)) {
        const size_t end = std::min(pool.passages.size(), next_window_edge(begin));
        Ranking rescored = rescore(pool.passages.cbegin() + static_cast<long>(begin),
                                   pool.passages.cbegin() + static_cast<long>(end), ranked, bonus,
                                   wanted - static_cast<Xapian::doccount>(out.passages.size()));
        std::move(rescored.passages.begin(), rescored.passages.end(),
                  std::back_inserter(out.passages));
    }
    out.exhausted = pool.exhausted && pool.passages.size() <= wanted;
    out.estimated = pool.estimated;
    out.exact = pool.exact;
    out.matched = std::move(pool.matched);
    if (rerank_ms != nullptr) {
        clock.lap(*rerank_ms);
    }
    return out;
}

// A tie across a window's edge is settled as one across the pool's cut is (in document and
// passage order), so that the window holds the same passages whichever page is asked for.
// A tie at the pool's cut was fetched whole and settled by rank(); the others lie inside it.
void Ranker::settle_window_edges(std::vector<RankedPassage>& passages) const {
    for (size_t edge = next_window_edge(0); edge < passages.size(); edge = next_window_edge(edge)) {
        const double weight = passages[edge].weight;
        if (passages[edge - 1].weight != weight) {
            continue;
        }
        size_t first = edge - 1;
        while (first > 0 && passages[first - 1].weight == weight) {
            --first;
        }
        size_t last = edge + 1;
        while (last < passages.size() && passages[last].weight == weight) {
            ++last;
        }
        order_ties(passages.begin() + static_cast<long>(first),
                   passages.begin() + static_cast<long>(last));
    }
}

Ranking Ranker::rescore(std::vector<RankedPassage>::const_iterator first,
                        std::vector<RankedPassage>::const_iterator last,
                        const Xapian::Query& ranked, const Xapian::Query& bonus,
                        Xapian::doccount wanted) const {
    std::vector<std::pair<Xapian::docid, const Xapian::Document*>> by_docid;
    for (auto it = first; it != last; ++it) {
        by_docid.emplace_back(it->docid, &it->document);
    }
    std::sort(by_docid.begin(), by_docid.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Xapian::docid> docids;
    std::vector<Xapian::Document> documents;
    for (const auto& [docid, document] : by_docid) {
        docids.push_back(docid);
        documents.push_back(*document);
    }
    Xapian::Query scored(Xapian::Query::OP_FILTER, ranked, only_these(docids, documents));
    if (!bonus.empty()) {
        scored = Xapian::Query(Xapian::Query::OP_AND_MAYBE, scored,
                               Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, bonus, kScoreScale));
    }
    Xapian::Enquire enquire(reader_.db());
    enquire.set_query(scored);
    enquire.set_weighting_scheme(bm25());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    return take_best(enquire, wanted, SortOrder::Relevance, 0);
}

// By docid on one local database; across shards, where docids are interleaved or remote, by
// the term of each one's text (every searchable passage has its own).
Xapian::Query Ranker::only_these(std::vector<Xapian::docid> docids,
                                 const std::vector<Xapian::Document>& documents) const {
    if (reader_.by_docid()) {
        return Xapian::Query((new DocidSetSource(std::move(docids)))->release());
    }
    std::vector<Xapian::Query> keys;
    keys.reserve(documents.size());
    for (const Xapian::Document& document : documents) {
        keys.emplace_back(
            indexed_text_term(PassageRecord::parse(document.get_value(kSlotRecord)).text_key));
    }
    return combine(Xapian::Query::OP_OR, keys);
}

Ranking Ranker::rank(const Xapian::Query& query, Xapian::doccount wanted, SortOrder sort, Ties ties,
                     Xapian::doccount count_up_to) const {
    Xapian::Enquire enquire(reader_.db());
    enquire.set_query(query);
    enquire.set_weighting_scheme(bm25());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);  // stable order on equal scores
    // Passages without a date come last either way.
    Xapian::MultiValueKeyMaker by_date;
    if (sort != SortOrder::Relevance) {
        const bool newest_first = sort == SortOrder::NewestFirst;
        by_date.add_value(kSlotDate, newest_first, newest_first ? "00000000" : "99999999");
        enquire.set_sort_by_key_then_relevance(&by_date, false);
    }
    return take_best(enquire, wanted, sort, std::max(wanted + 1, count_up_to), ties);
}

// Equal scores are ordered by document id and passage, not by docid: docids differ between
// one index, its shards and the segments a large run merged, and the order must not. So a tie
// at the cut is fetched whole, then cut in that order.
Ranking Ranker::take_best(Xapian::Enquire& enquire, Xapian::doccount wanted, SortOrder sort,
                          Xapian::doccount check_at_least, Ties ties) const {
    auto same_rank = [&](const Xapian::MSetIterator& a, const Xapian::MSetIterator& b) {
        return a.get_weight() == b.get_weight() &&
               (sort == SortOrder::Relevance ||
                a.get_document().get_value(kSlotDate) == b.get_document().get_value(kSlotDate));
    };
    // A few more than wanted show whether a tie runs past the cut, and hold most ties (of 2
    // to 9 passages, where half the bench queries had one at the re-rank pool's cut); only a
    // longer one runs the match again, for more.
    Xapian::doccount asked = wanted + 9 + wanted / 4;
    Xapian::MSet mset = enquire.get_mset(0, asked, check_at_least);
    while (wanted > 0 && mset.size() == asked && same_rank(mset[wanted - 1], mset[asked - 1])) {
        asked = asked * 2 + 8;
        mset = enquire.get_mset(0, asked, check_at_least);
    }
    if (reader_.remote()) {
        mset.fetch();  // the documents in one round trip per server, not one each
    }
    Ranking out;
    for (auto it = mset.begin(); it != mset.end();) {
        auto group_end = it;
        ++group_end;
        while (group_end != mset.end() && same_rank(it, group_end)) {
            ++group_end;
        }
        const size_t from = out.passages.size();
        for (; it != group_end; ++it) {
            out.passages.push_back({it.get_document(), *it, it.get_weight(), std::nullopt});
        }
        const bool at_the_cut = out.passages.size() > wanted;
        if (out.passages.size() - from > 1 && (ties == Ties::Everywhere || at_the_cut)) {
            order_ties(out.passages.begin() + static_cast<long>(from), out.passages.end());
        }
        if (out.passages.size() >= wanted) {
            break;
        }
    }
    if (out.passages.size() > wanted) {
        out.passages.resize(wanted);
    }
    out.exhausted = out.passages.size() < wanted;
    out.estimated = std::max<Xapian::doccount>(mset.get_matches_estimated(), mset.size());
    out.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    out.matched = std::move(mset);
    return out;
}

void Ranker::read_documents_ahead(std::vector<RankedPassage>::const_iterator first,
                                  std::vector<RankedPassage>::const_iterator last) const {
    // Each passage record is a lookup in the values' B-tree: in docid order, neighbouring
    // passages (a document's often rank together) share the blocks read.
    std::vector<const RankedPassage*> in_docid_order;
    for (auto it = first; it != last; ++it) {
        in_docid_order.push_back(&*it);
    }
    std::sort(in_docid_order.begin(), in_docid_order.end(),
              [](const RankedPassage* a, const RankedPassage* b) { return a->docid < b->docid; });
    std::vector<std::pair<Xapian::docid, const PassageRecord*>> passages;
    for (const RankedPassage* passage : in_docid_order) {
        passages.emplace_back(passage->docid, &passage->passage_record());
    }
    documents_.read_ahead(passages);
}

void Ranker::order_ties(std::vector<RankedPassage>::iterator first,
                        std::vector<RankedPassage>::iterator last) const {
    read_documents_ahead(first, last);
    std::vector<std::pair<std::pair<std::string, std::uint32_t>, RankedPassage>> keyed;
    for (auto it = first; it != last; ++it) {
        const PassageRecord& record = it->passage_record();
        keyed.emplace_back(std::make_pair(documents_.of(it->docid, record).doc, record.passage),
                           std::move(*it));
    }
    std::sort(keyed.begin(), keyed.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [key, passage] : keyed) {
        *first++ = std::move(passage);
    }
}

}  // namespace tilde
