// SPDX-License-Identifier: MIT
/// @file read_retry.hpp  The one rule for reading an index that may be committed to meanwhile,
/// shared by the searcher (IndexReader::read) and the writer (its own records, read while its
/// thread writes).
///
/// Xapian reports a revision overwritten mid-read as DatabaseModifiedError. The reader reopens
/// at the latest revision and tries again, after 1, 2, 4, ... ms, kReadAttempts times in all;
/// then it gives up with IndexCorrupt ("the index kept changing while being read").
#pragma once

#include <string>

#include <xapian.h>

namespace tilde {

inline constexpr int kReadAttempts = 8;

class ReadAttempts {
  public:
    /// Counts a failed attempt; false when all kReadAttempts are spent.
    [[nodiscard]] bool another() { return ++made_ < kReadAttempts; }

    /// After a DatabaseModifiedError: waits before the next attempt, or throws IndexCorrupt
    /// ("WHAT: the index kept changing while being read") when none is left.
    void after_modified(const std::string& what);

  private:
    int made_ = 0;
};

/// `read()` under the rule, for a read that opens the database it reads each time.
template <class Read>
auto read_latest_revision(Read&& read, const std::string& what) {
    ReadAttempts attempts;
    for (;;) {
        try {
            return read();
        } catch (const Xapian::DatabaseModifiedError&) {
            attempts.after_modified(what);
        }
    }
}

}  // namespace tilde
