// SPDX-License-Identifier: MIT
/// @file test_segment.cpp  One database being written: each text searchable in one copy,
/// deletions that keep it so and take spellings back, the repair after a merge (issue #16).
#include <gtest/gtest.h>
#include <xapian.h>

#include <tilde/errors.hpp>

#include "passage_analysis.hpp"
#include "passage_record.hpp"
#include "schema.hpp"
#include "segment.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {

AnalyzedPart analyzed(const std::string& id, const std::string& text) {
    static PartAnalyzer analyzer(Language::Spanish);
    AnalyzedPart part = analyzer.analyze({id, "Título " + id, text, "es", "", ""}, true, true);
    return part;
}

// How many passages carry each term: "T=2 R=1" for the text-key prefixes, say.
Xapian::doccount count_with_prefix(const Xapian::Database& db, const std::string& prefix) {
    Xapian::doccount total = 0;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        total += it.get_termfreq();
    }
    return total;
}

TEST(Segment, ATextRepeatedIsSearchableOnceAndStoredEveryTime) {
    test::TempDir dir;
    Segment segment(dir.path() / "s", SegmentRole::Index);
    for (const char* id : {"a", "b", "c"}) {
        AnalyzedPart part = analyzed(id, "INTERLOCUTOR: Gracias, presidente.");
        segment.add(part, {}, nullptr);
    }
    segment.commit();
    Xapian::Database db((dir.path() / "s").string());
    EXPECT_EQ(db.get_doccount(), 3u);
    EXPECT_EQ(count_with_prefix(db, "T"), 1u);
    EXPECT_EQ(count_with_prefix(db, "R"), 2u);
    EXPECT_EQ(db.get_termfreq("Zpresident"), 1u);  // the words of one copy only
    EXPECT_EQ(db.get_metadata(std::string(kMetaDocuments)), "3");
}

TEST(Segment, DeletingTheSearchableCopyIndexesAStoredOneAndTakesSpellingsBack) {
    test::TempDir dir;
    Segment segment(dir.path() / "s", SegmentRole::Index);
    AnalyzedPart first = analyzed("a", "Guaidó habló en Caracas.");
    AnalyzedPart second = analyzed("b", "Guaidó habló en Caracas.");
    AnalyzedPart other = analyzed("c", "Maduro respondió.");
    segment.add(first, {}, nullptr);
    segment.add(second, {}, nullptr);
    segment.add(other, {}, nullptr);
    segment.commit();
    EXPECT_EQ(segment.delete_passages(document_key("a")), 1u);
    segment.commit();
    Xapian::Database db((dir.path() / "s").string());
    EXPECT_EQ(db.get_termfreq("Zguaido"), 1u);  // b's copy is searchable now
    EXPECT_EQ(count_with_prefix(db, "R"), 0u);
    EXPECT_EQ(db.get_metadata("S:guaido"), "1\tGuaidó");  // one searchable copy, counted once
    EXPECT_EQ(db.get_metadata(std::string(kMetaDocuments)), "2");
    segment.delete_passages(document_key("b"));
    segment.commit();
    db.reopen();
    EXPECT_EQ(db.get_termfreq("Zguaido"), 0u);
    EXPECT_EQ(db.get_metadata("S:guaido"), "");
}

TEST(Segment, AnIdFromAnotherSourceIsKeptAndReported) {
    test::TempDir dir;
    Segment segment(dir.path() / "s", SegmentRole::Index);
    AnalyzedPart one = analyzed("x", "Primera versión.");
    AnalyzedPart two = analyzed("x", "Segunda versión.");
    AnalyzedPart three = analyzed("x", "Tercera versión.");
    std::string duplicate_of;
    segment.add(one, {{}, "Faaaa", ""}, &duplicate_of);
    EXPECT_EQ(duplicate_of, "");
    segment.add(two, {{}, "Faaaa", ""}, &duplicate_of);  // same file: replaces
    EXPECT_EQ(duplicate_of, "");
    segment.add(three, {{}, "Fbbbb", ""}, &duplicate_of);  // another file: both kept
    EXPECT_EQ(duplicate_of, "Faaaa");
    segment.commit();
    Xapian::Database db((dir.path() / "s").string());
    EXPECT_EQ(db.get_termfreq(document_key("x")), 2u);
    EXPECT_EQ(db.get_termfreq("Zprimer"), 0u);
    EXPECT_EQ(db.get_termfreq("Zsegund"), 1u);
}

TEST(Segment, RepairLeavesOneSearchableCopyOfEachText) {
    // Two databases that each made the same text searchable, merged as a run's merge does.
    test::TempDir dir;
    for (const char* name : {"s1", "s2"}) {
        Segment segment(dir.path() / name, SegmentRole::Index);
        AnalyzedPart part = analyzed(name, "Buenos días a todos.");
        segment.add(part, {}, nullptr);
        segment.commit();
    }
    Xapian::Database inputs;
    inputs.add_database(Xapian::Database((dir.path() / "s1").string()));
    inputs.add_database(Xapian::Database((dir.path() / "s2").string()));
    MergeResolver resolver;
    inputs.compact((dir.path() / "merged").string(), 0, 0, resolver);
    Segment merged(dir.path() / "merged", SegmentRole::Index);
    EXPECT_EQ(merged.db().get_termfreq("Zbuen"), 2u);
    merged.repair_repeated_texts();
    merged.commit();
    Xapian::Database db((dir.path() / "merged").string());
    EXPECT_EQ(db.get_termfreq("Zbuen"), 1u);
    EXPECT_EQ(count_with_prefix(db, "T"), 1u);
    EXPECT_EQ(count_with_prefix(db, "R"), 1u);
    EXPECT_EQ(db.get_metadata("S:buenos"), "1\tBuenos");
}

// Every spelling word of `db` with its frequency, and every S: form list.
std::vector<std::string> spelling_data(const Xapian::Database& db) {
    std::vector<std::string> out;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
        out.push_back(*it + "=" + std::to_string(it.get_termfreq()));
    }
    const std::string forms(kMetaSpellingForm);
    for (auto it = db.metadata_keys_begin(forms); it != db.metadata_keys_end(forms); ++it) {
        out.push_back(*it + "=" + db.get_metadata(*it));
    }
    return out;
}

TEST(Segment, SpellingLogsAddUpTheSameOnAnyNumberOfThreadsAndInAnyBudget) {
    // Two run segments sharing words, their logs gathered in one share, in three, and on two
    // threads in a budget of a few words a share (split until each fits), each merged with
    // them as a run's merge does.
    test::TempDir dir;
    std::vector<std::filesystem::path> segments;
    const std::vector<std::vector<std::string>> texts = {
        {"Guaidó habló en Caracas.", "Maduro respondió desde Caracas."},
        {"Guaido y Maduro en Caracas.", "GUAIDÓ habló otra vez.", "Elecciones libres."}};
    for (size_t s = 0; s < texts.size(); ++s) {
        segments.push_back(dir.path() / ("seg-" + std::to_string(s)));
        Segment segment(segments.back(), SegmentRole::RunSegment);
        for (size_t t = 0; t < texts[s].size(); ++t) {
            AnalyzedPart part = analyzed(std::to_string(s) + "-" + std::to_string(t), texts[s][t]);
            segment.add(part, {}, nullptr);
            segment.commit();  // a log entry each
        }
    }
    std::vector<std::vector<std::string>> merged;
    struct Gathering {
        unsigned threads;
        std::uint64_t memory_bytes;
    };
    for (const Gathering gathering : {Gathering{1, 0}, Gathering{3, 0}, Gathering{2, 2000}}) {
        const unsigned threads = gathering.threads;
        const std::vector<std::filesystem::path> shares =
            gather_spelling_logs(segments, dir.path() / ("spelling" + std::to_string(threads)),
                                 threads, gathering.memory_bytes);
        if (gathering.memory_bytes == 0) {
            EXPECT_EQ(shares.size(), threads);
        } else {
            EXPECT_GT(shares.size(), 2 * threads);  // split, and split again
        }
        Xapian::Database inputs;
        for (const auto& path : segments) {
            inputs.add_database(Xapian::Database(path.string()));
        }
        for (const auto& path : shares) {
            inputs.add_database(Xapian::Database(path.string()));
        }
        const std::filesystem::path out = dir.path() / ("merged" + std::to_string(threads));
        MergeResolver resolver;
        inputs.compact(out.string(), 0, 0, resolver);
        merged.push_back(spelling_data(Xapian::Database(out.string())));
    }
    EXPECT_EQ(merged[1], merged[0]);
    EXPECT_EQ(merged[2], merged[0]);
    Xapian::Database db((dir.path() / "merged3").string());
    EXPECT_EQ(db.get_spelling_suggestion("caracaz"), "caracas");
    EXPECT_EQ(db.get_metadata("S:guaido"), "1\tGUAIDÓ\t1\tGuaido\t1\tGuaidó");
    EXPECT_EQ(db.get_metadata("S:caracas"), "3\tCaracas");
}

TEST(Segment, AnotherFormatIsRefused) {
    test::TempDir dir;
    {
        Xapian::WritableDatabase old((dir.path() / "s").string(), Xapian::DB_CREATE);
        old.set_metadata(std::string(kMetaFormat), "tilde-passages/5");
        old.commit();
    }
    EXPECT_THROW({ Segment refused(dir.path() / "s", SegmentRole::Index); }, IndexVersionMismatch);
}

}  // namespace
}  // namespace tilde
