// SPDX-License-Identifier: MIT
/// @file test_read_retry.cpp  The one retry rule for a revision overwritten mid-read, which
/// the searcher and the writer share.
#include <string>

#include <gtest/gtest.h>
#include <xapian.h>

#include <tilde/errors.hpp>

#include "read_retry.hpp"

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

}  // namespace
}  // namespace tilde
