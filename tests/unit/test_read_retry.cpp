// SPDX-License-Identifier: MIT
/// @file test_read_retry.cpp  The one retry rule for a revision overwritten mid-read, which
/// the searcher and the writer share.
#include <string>

#include <gtest/gtest.h>
#include <xapian.h>

#include <tilde/errors.hpp>

#include "index_reader.hpp"
#include "read_retry.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {

TEST(ReadRetry, AReadThatMeetsACommitIsTriedAgain) {
    int calls = 0;
    const int value = read_latest_revision(
        [&] {
            if (++calls < 3) {
                throw Xapian::DatabaseModifiedError("revision overwritten");
            }
            return 42;
        },
        "reading");
    EXPECT_EQ(value, 42);
    EXPECT_EQ(calls, 3);
}

TEST(ReadRetry, AnIndexThatKeepsChangingIsReportedAfterEveryAttempt) {
    int calls = 0;
    try {
        (void)read_latest_revision(
            [&]() -> int {
                ++calls;
                throw Xapian::DatabaseModifiedError("revision overwritten");
            },
            "search in 'x.idx' failed");
        FAIL() << "no error";
    } catch (const IndexCorrupt& error) {
        EXPECT_EQ(std::string(error.what()),
                  "search in 'x.idx' failed: the index kept changing while being read");
    }
    EXPECT_EQ(calls, kReadAttempts);
}

TEST(ReadRetry, OtherErrorsAreNotRetried) {
    int calls = 0;
    EXPECT_THROW((void)read_latest_revision(
                     [&]() -> int {
                         ++calls;
                         throw Xapian::DatabaseCorruptError("bad block");
                     },
                     "reading"),
                 Xapian::DatabaseCorruptError);
    EXPECT_EQ(calls, 1);
}

// A read the index is not to blame for (here: a query Xapian refuses, as an OP_SYNONYM over a
// posting source once was) said "tilde-index --check ... lists what is damaged".
TEST(ReadErrors, OnlyDamageIsReportedAsDamage) {
    const IndexReader reader(test::sample_index(), OpenOptions{});
    auto failing = [&](auto error) {
        return [&reader, error] {
            return reader.read([&]() -> int { throw error; }, "search in 'x' failed");
        };
    };
    try {
        failing(Xapian::InvalidOperationError("not meaningful for this PostingIterator"))();
        FAIL() << "no error";
    } catch (const IndexCorrupt& error) {
        FAIL() << error.what();
    } catch (const RuntimeError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("internal error"), std::string::npos) << message;
        EXPECT_EQ(message.find("--check"), std::string::npos) << message;
    }
    EXPECT_THROW(failing(Xapian::DatabaseCorruptError("bad block"))(), IndexCorrupt);
    EXPECT_THROW(failing(Xapian::DocNotFoundError("no document 7"))(), IndexCorrupt);
}

}  // namespace
}  // namespace tilde
