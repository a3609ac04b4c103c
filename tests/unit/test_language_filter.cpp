// SPDX-License-Identifier: MIT
/// @file test_language_filter.cpp  The language bitmaps match what the language terms match,
/// with the same weights, however Xapian walks them; on an index of XQuAD's passages.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "index_reader.hpp"
#include "language_filter.hpp"
#include "schema.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {

// XQuAD's passages, half Spanish and half English (the bundled corpus is all English).
const IndexReader& reader() {
    static const test::TempDir dir;
    static const IndexReader opened(
        [] {
            const std::filesystem::path index = dir.path() / "xquad.idx";
            const test::RunResult run =
                test::index_into(index, {(std::filesystem::path(TILDE_SOURCE_DIR) / "tests" /
                                          "data" / "xquad-dev" / "passages.jsonl")
                                             .string()});
            EXPECT_EQ(run.exit_code, 0) << run.err;
            return index;
        }(),
        OpenOptions{});
    return opened;
}

// Every match of `query`, with its weight (BM25 on the words, the sources' own).
std::map<Xapian::docid, double> matches(const Xapian::Query& query) {
    Xapian::Enquire enquire(reader().db());
    enquire.set_query(query);
    std::map<Xapian::docid, double> out;
    const Xapian::MSet mset = enquire.get_mset(0, reader().db().get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.emplace(*it, it.get_weight());
    }
    return out;
}

// Stem terms of every frequency: each 40th in the index's order.
std::vector<std::string> some_words() {
    std::vector<std::string> out;
    const std::string prefix(kStemPrefix);
    size_t i = 0;
    for (auto it = reader().db().allterms_begin(prefix); it != reader().db().allterms_end(prefix);
         ++it, ++i) {
        if (i % 40 == 0) {
            out.push_back(*it);
        }
    }
    return out;
}

TEST(LanguageFilter, EveryPassageOfTheLanguageAndNoOther) {
    auto bitmaps = std::make_shared<LanguageBitmaps>();
    for (const char* term : {"Len", "Les"}) {
        const Xapian::doccount expected = reader().db().get_termfreq(term);
        ASSERT_GT(expected, 100u) << term;  // the sample has both languages
        const auto bitmap = matches(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
                                                  passages_with(bitmaps, term, 0)));
        const auto by_term = matches(
            Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, Xapian::Query(term)));
        EXPECT_EQ(bitmap.size(), expected) << term;
        EXPECT_EQ(bitmap, by_term) << term;
    }
}

TEST(LanguageFilter, FiltersWordsAsTheTermDoes) {
    auto bitmaps = std::make_shared<LanguageBitmaps>();
    const std::vector<std::string> words = some_words();
    ASSERT_GT(words.size(), 20u);
    size_t nonempty = 0;
    for (const std::string& word : words) {
        for (const char* term : {"Len", "Les"}) {
            // Leading (a common word) or checked (a rare one): AND and FILTER ask both ways.
            const Xapian::Query as_bitmap(Xapian::Query::OP_FILTER, Xapian::Query(word),
                                          passages_with(bitmaps, term, 0));
            const Xapian::Query as_term(Xapian::Query::OP_FILTER, Xapian::Query(word),
                                        Xapian::Query(term));
            const auto expected = matches(as_term);
            EXPECT_EQ(matches(as_bitmap), expected) << word << " in " << term;
            nonempty += expected.empty() ? 0 : 1;
        }
    }
    EXPECT_GT(nonempty, words.size() / 2);
}

TEST(LanguageFilter, WeighsAsAFixedWeightSourceFilteredByTheTerm) {
    auto bitmaps = std::make_shared<LanguageBitmaps>();
    for (const std::string& word : some_words()) {
        const Xapian::Query by_term(
            Xapian::Query::OP_FILTER,
            Xapian::Query((new Xapian::FixedWeightPostingSource(2.5))->release()),
            Xapian::Query("Les"));
        const auto expected =
            matches(Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query(word), by_term));
        const auto got = matches(Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query(word),
                                               passages_with(bitmaps, "Les", 2.5)));
        ASSERT_EQ(got.size(), expected.size()) << word;
        for (const auto& [docid, weight] : expected) {
            ASSERT_TRUE(got.contains(docid)) << word;
            EXPECT_DOUBLE_EQ(got.at(docid), weight) << word << " #" << docid;
        }
    }
}

TEST(LanguageFilter, ABitmapIsReadOncePerRevision) {
    LanguageBitmaps bitmaps;
    const auto first = bitmaps.of(reader().db(), "Len");
    EXPECT_EQ(bitmaps.of(reader().db(), "Len"), first);
    EXPECT_NE(bitmaps.of(reader().db(), "Les"), first);
}

TEST(LanguageFilter, TheReaderAnswersFromItsBitmaps) {
    const auto by_term = matches(
        Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, Xapian::Query("Les")));
    EXPECT_EQ(matches(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
                                    reader().in_language(Language::Spanish))),
              by_term);
}

// lang:es and -lang:en filter by code through the same bitmaps.
TEST(LanguageFilter, ALanguageCodeFiltersAsItsTerm) {
    for (const char* code : {"es", "en"}) {
        const std::string term = std::string(kLangPrefix) + code;
        const Xapian::Query word = Xapian::Query::MatchAll;
        ASSERT_FALSE(matches(Xapian::Query(term)).empty());
        EXPECT_EQ(
            matches(Xapian::Query(Xapian::Query::OP_FILTER, word, reader().in_language(code))),
            matches(Xapian::Query(Xapian::Query::OP_FILTER, word, Xapian::Query(term))))
            << code;
        EXPECT_EQ(
            matches(Xapian::Query(Xapian::Query::OP_AND_NOT, word, reader().in_language(code))),
            matches(Xapian::Query(Xapian::Query::OP_AND_NOT, word, Xapian::Query(term))))
            << code;
    }
    EXPECT_TRUE(matches(reader().in_language(std::string_view("fr"))).empty());
}

}  // namespace
}  // namespace tilde
