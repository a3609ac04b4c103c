// SPDX-License-Identifier: MIT
/// @file test_spelling_counts.cpp  Spelling frequencies and forms go up with passages written
/// and down with passages deleted, and add up when databases merge (issue #20, item 5).
#include <gtest/gtest.h>
#include <xapian.h>

#include "schema.hpp"
#include "spelling_counts.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {

Xapian::termcount spelling_frequency(const Xapian::Database& db, const std::string& word) {
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
        if (*it == word) {
            return it.get_termfreq();
        }
    }
    return 0;
}

TEST(SpellingCounts, RaisedByWritesLoweredByDeletions) {
    test::TempDir dir;
    Xapian::WritableDatabase db((dir.path() / "s").string(), Xapian::DB_CREATE);
    SpellingCounts counts;
    counts.add({{"guaido", "Guaidó"}, {"guaido", "Guaidó"}, {"guaido", "Guaido"}});
    counts.flush(db);
    EXPECT_EQ(spelling_frequency(db, "guaido"), 3u);
    EXPECT_EQ(db.get_metadata("S:guaido"), "2\tGuaidó\t1\tGuaido");
    counts.remove({{"guaido", "Guaidó"}, {"guaido", "Guaido"}});
    EXPECT_FALSE(counts.empty());
    counts.flush(db);
    EXPECT_TRUE(counts.empty());
    EXPECT_EQ(spelling_frequency(db, "guaido"), 1u);
    EXPECT_EQ(db.get_metadata("S:guaido"), "1\tGuaidó");  // a form counted down to 0 goes
    counts.remove({{"guaido", "Guaidó"}});
    counts.flush(db);
    EXPECT_EQ(spelling_frequency(db, "guaido"), 0u);
    EXPECT_EQ(db.get_metadata("S:guaido"), "");
}

// The merge writes its totals into a new database the quick way, committed every few words
// (issue #16: memory); it must write the same.
TEST(SpellingCounts, IntoANewDatabaseAsIntoAnyOther) {
    const std::vector<SpellingUse> uses = {{"guaido", "Guaidó"},   {"guaido", ""},
                                           {"caracas", "Caracas"}, {"lima", ""},
                                           {"zulia", "Zulia"},     {"bolton", "Bolton"}};
    test::TempDir dir;
    Xapian::WritableDatabase usual((dir.path() / "usual").string(), Xapian::DB_CREATE);
    Xapian::WritableDatabase quick((dir.path() / "quick").string(), Xapian::DB_CREATE);
    Xapian::WritableDatabase pieces((dir.path() / "pieces").string(), Xapian::DB_CREATE);
    for (Xapian::WritableDatabase* db : {&usual, &quick, &pieces}) {
        SpellingCounts counts;
        counts.add(uses);
        counts.add(uses);
        counts.remove({{"bolton", "Bolton"}, {"bolton", "Bolton"}});  // down to nothing
        counts.remove({{"maduro", "Maduro"}});                        // never there
        if (db == &usual) {
            counts.flush(*db);
        } else if (db == &quick) {
            counts.flush_into_new(*db);
        } else {
            counts.flush_into_new(*db, 2);
        }
        EXPECT_TRUE(counts.empty());
        db->commit();
    }
    EXPECT_EQ(pieces.get_revision(), 3u);  // after 2 and 4 of the 6 words, and at the end
    for (const char* word : {"guaido", "caracas", "lima", "zulia", "bolton", "maduro"}) {
        for (const Xapian::Database* db : {&quick, &pieces}) {
            EXPECT_EQ(spelling_frequency(usual, word), spelling_frequency(*db, word)) << word;
            EXPECT_EQ(usual.get_metadata(std::string("S:") + word),
                      db->get_metadata(std::string("S:") + word))
                << word;
        }
    }
    EXPECT_EQ(spelling_frequency(quick, "guaido"), 4u);
    EXPECT_EQ(quick.get_metadata("S:guaido"), "2\tGuaidó\t2\tguaido");
}

TEST(SpellingCounts, ALogAddsUpToTheSameChanges) {
    SpellingCounts logged;
    logged.add({{"guaido", "Guaidó"}, {"guaido", ""}, {"caracas", "Caracas"}});
    logged.remove({{"caracas", "Caracas"}});
    const std::string first = logged.take_log();
    EXPECT_TRUE(logged.empty());
    logged.add({{"guaido", "Guaidó"}});
    const std::string second = logged.take_log();
    SpellingCounts merged;
    merged.load(first);
    merged.load(second);
    merged.load("not a log line\n");
    test::TempDir dir;
    Xapian::WritableDatabase db((dir.path() / "s").string(), Xapian::DB_CREATE);
    merged.flush(db);
    EXPECT_EQ(spelling_frequency(db, "guaido"), 3u);
    EXPECT_EQ(db.get_metadata("S:guaido"), "2\tGuaidó\t1\tguaido");
    EXPECT_EQ(spelling_frequency(db, "caracas"), 0u);
    EXPECT_EQ(db.get_metadata("S:caracas"), "");
}

TEST(SpellingCounts, FormsOfMergedDatabasesAddUp) {
    EXPECT_EQ(merge_spelling_forms({"2\tGuaidó\t1\tGuaido", "3\tGuaido"}), "4\tGuaido\t2\tGuaidó");
    EXPECT_EQ(merge_spelling_forms({"1\tMaduro"}), "1\tMaduro");
}

}  // namespace
}  // namespace tilde
