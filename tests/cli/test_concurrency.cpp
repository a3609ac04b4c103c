// SPDX-License-Identifier: MIT
/// @file test_concurrency.cpp  One writer at a time, named when it blocks another; readers
/// keep answering while an index is written, and see its commits (issue #7).
#include <atomic>
#include <thread>

#include <unistd.h>

#include <gtest/gtest.h>

#include <tilde/tilde.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;
using test::run_program;
using test::RunResult;

TEST(Locking, ASecondWriterFailsAtOnceNamingTheFirst) {
    test::TempDir dir;
    const fs::path index = dir.path() / "locked.idx";
    {
        IndexWriter holder(index);  // this process holds the lock
        RunResult second = run_program(
            "tilde-index", {"--quiet", "--index", index.string(), test::corpus_dir().string()});
        EXPECT_EQ(second.exit_code, 2);
        EXPECT_EQ(second.err, "tilde-index: error: cannot open index '" + index.string() +
                                  "' for writing: index is locked by another tilde-index (pid " +
                                  std::to_string(getpid()) + ")\n");
        EXPECT_THROW(IndexWriter another(index), IoError);
    }
    // Released with the writer, pid file and all.
    EXPECT_FALSE(fs::exists(index / "tilde-writer.pid"));
    RunResult after = run_program(
        "tilde-index", {"--quiet", "--index", index.string(), test::corpus_dir().string()});
    EXPECT_EQ(after.exit_code, 0) << after.err;
}

TEST(ReadWhileWriting, SearchesKeepWorkingAndSeeEachCommit) {
    test::TempDir dir;
    const fs::path index = dir.path() / "growing.idx";
    constexpr int kDocuments = 60;
    IndexWriter writer(index);
    writer.add_document({"seed", "", "Guaidó habló en Caracas.", "es", "", ""});
    writer.commit();

    std::atomic<bool> done{false};
    std::atomic<int> searches{0};
    std::atomic<int> failures{0};
    std::atomic<uint64_t> last_seen{0};
    std::string first_failure;  // written by the reader before it counts a failure
    std::thread reader([&] {
        Searcher searcher(index);  // opened once, like the prompt
        while (!done) {
            try {
                SearchResults results = searcher.search("Guaidó Caracas");
                uint64_t seen = results.total;
                if (seen < last_seen) {
                    if (failures == 0) {
                        first_failure = "total went from " + std::to_string(last_seen) + " to " +
                                        std::to_string(seen);
                    }
                    ++failures;  // a reader never goes back in time
                }
                last_seen = seen;
                ++searches;
            } catch (const std::exception& error) {
                if (failures == 0) {
                    first_failure = error.what();
                }
                ++failures;
            }
        }
    });
    for (int i = 0; i < kDocuments; ++i) {
        writer.add_document({"doc-" + std::to_string(i), "",
                             "Guaidó volvió a Caracas, nota " + std::to_string(i) + ".", "es", "",
                             ""});
        writer.commit();  // each commit moves the revision the reader has open
    }
    // Let the reader catch up with the last commit before stopping it.
    while (last_seen.load() < kDocuments + 1 && searches.load() < 100000) {
        std::this_thread::yield();
    }
    done = true;
    reader.join();
    EXPECT_EQ(failures.load(), 0) << "first: " << first_failure;
    EXPECT_GT(searches.load(), 0);
    EXPECT_EQ(last_seen.load(), static_cast<uint64_t>(kDocuments + 1));
}

}  // namespace
}  // namespace tilde
