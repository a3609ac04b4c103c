// SPDX-License-Identifier: MIT
/// @file test_ranker.cpp  The ranker's pages: which slices of phase 1 (every word) and phase 2
/// (some words) make a page, and the match count; on the bundled corpus's index, and for
/// counts past the exact limit on indexes of generated lines.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "analyzer.hpp"
#include "document_records.hpp"
#include "index_reader.hpp"
#include "query_parser.hpp"
#include "query_plan.hpp"
#include "ranker.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {

// "phase 1: 12 ranked, [5,10) | phase 2: 3 ranked, [0,3); 40 exact": each slice with how many
// passages its phase ranked and the part of them the page shows, then the count.
std::string page_of(const IndexReader& reader, const std::string& query, Xapian::doccount offset,
                    Xapian::doccount limit, SortOrder sort = SortOrder::Relevance) {
    static const Analyzer analyzer;
    const DocumentRecords documents(reader);
    const QueryPlanner planner(reader, analyzer);
    const Ranker ranker(reader, documents);
    const QueryPlan plan = planner.plan(query, parse_query_tree(query, analyzer),
                                        /*use_synonyms=*/true, Language::English);
    StageTimes times;
    const RankedPage page = ranker.page(plan, PageRequest{offset, limit, sort}, times);
    std::string out;
    for (size_t phase = 1; phase <= page.slices.size(); ++phase) {
        const PageSlice& slice = page.slices[phase - 1];
        out += (phase == 1 ? "" : " | ") + std::string("phase ") + std::to_string(phase) + ": " +
               std::to_string(slice.ranking.passages.size()) + " ranked, [" +
               std::to_string(slice.offset) + "," + std::to_string(slice.offset + slice.limit) +
               ")";
    }
    out += "; " + std::to_string(page.total) + (page.total_exact ? " exact" : " estimated");
    if (page.no_passage_has_every_word) {
        out += ", no passage has every word";
    }
    return out;
}

std::string page_of(const std::string& query, Xapian::doccount offset, Xapian::doccount limit,
                    SortOrder sort = SortOrder::Relevance) {
    static const IndexReader reader(test::sample_index(), OpenOptions{});
    return page_of(reader, query, offset, limit, sort);
}

struct Row {
    const char* query;
    Xapian::doccount offset;
    Xapian::doccount limit;
    SortOrder sort;
    const char* page;
};

// Each row pins one rule of paging across the phases. The counts agree with
// `tilde-search --json --limit 500` (88 results for guaido maduro, 11 for guaido AND maduro).
const Row kRows[] = {
    // One word: no phase 2; a page inside the matches, then at their end.
    {"guaido", 0, 10, SortOrder::Relevance, "phase 1: 10 ranked, [0,10); 27 exact"},
    {"guaido", 20, 10, SortOrder::Relevance, "phase 1: 27 ranked, [20,30); 27 exact"},
    // 11 passages have both words, 77 one of them. A page inside phase 1 ranks only what it
    // shows and counts phase 2.
    {"guaido maduro", 0, 5, SortOrder::Relevance, "phase 1: 5 ranked, [0,5); 88 exact"},
    // A page across the end of phase 1 continues at phase 2's first passage.
    {"guaido maduro", 10, 10, SortOrder::Relevance,
     "phase 1: 11 ranked, [10,20) | phase 2: 9 ranked, [0,9); 88 exact"},
    {"guaido maduro", 0, 100, SortOrder::Relevance,
     "phase 1: 11 ranked, [0,100) | phase 2: 77 ranked, [0,89); 88 exact"},
    // A page past both: empty, with the same count.
    {"guaido maduro", 200, 10, SortOrder::Relevance,
     "phase 1: 11 ranked, [200,210) | phase 2: 77 ranked, [189,199); 88 exact"},
    // A page wholly in phase 2 starts as far into it as phase 1 falls short of the offset.
    {"secret meetings venezuela", 3, 4, SortOrder::Relevance,
     "phase 1: 1 ranked, [3,7) | phase 2: 6 ranked, [2,6); 50 exact"},
    // Sorted by date, the phases page the same way.
    {"guaido maduro", 10, 10, SortOrder::NewestFirst,
     "phase 1: 11 ranked, [10,20) | phase 2: 9 ranked, [0,9); 88 exact"},
    // No passage has every word: the page is phase 2's, and a suggestion is worth asking for.
    {"guaido xyzzy", 0, 10, SortOrder::Relevance,
     "phase 1: 0 ranked, [0,10) | phase 2: 10 ranked, [0,10); 27 exact, no passage has every "
     "word"},
    {"xyzzy", 0, 10, SortOrder::Relevance,
     "phase 1: 0 ranked, [0,10); 0 exact, no passage has every word"},
};

TEST(Ranker, PagesAcrossThePhasesAndTheirCounts) {
    for (const Row& row : kRows) {
        EXPECT_EQ(page_of(row.query, row.offset, row.limit, row.sort), row.page)
            << row.query << " offset " << row.offset << " limit " << row.limit;
    }
}

// `documents` one-line documents, all with "Maduro", every eighth with "asamblea" too.
std::filesystem::path index_of_lines(const test::TempDir& dir, int documents) {
    std::string lines;
    for (int i = 0; i < documents; ++i) {
        lines += R"({"id": "d)" + std::to_string(i) +
                 R"(", "text": "Maduro habló en Caracas el día )" + std::to_string(i) + "." +
                 (i % 8 == 0 ? " La asamblea votó." : "") + "\"}\n";
    }
    test::write_file(dir.path() / "lines.jsonl", lines);
    const std::filesystem::path index = dir.path() / "lines.idx";
    const test::RunResult result = test::index_into(index, {(dir.path() / "lines.jsonl").string()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return index;
}

// Phase 1 fills the page: phase 2 is counted only where the total can still be exact. Past
// that, the total is estimated from the frequencies phase 1 read (at least the passages
// with its commonest word), not by reading the words' postings again.
TEST(Ranker, APageFullFromPhase1CountsPhase2OnlyWhereTheTotalCanBeExact) {
    const test::TempDir few;
    const IndexReader few_reader(index_of_lines(few, 110), OpenOptions{});
    // 14 with both words, 110 with Maduro: at most 114 is within the exact count's reach.
    EXPECT_EQ(page_of(few_reader, "maduro asamblea", 0, 10),
              "phase 1: 10 ranked, [0,10); 110 exact");
    const test::TempDir many;
    const IndexReader many_reader(index_of_lines(many, 400), OpenOptions{});
    // 50 with both, 400 with Maduro: more than 50 + 100 surely have a word.
    EXPECT_EQ(page_of(many_reader, "maduro asamblea", 0, 10),
              "phase 1: 10 ranked, [0,10); 400 estimated");
}

}  // namespace
}  // namespace tilde
