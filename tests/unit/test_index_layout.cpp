// SPDX-License-Identifier: MIT
/// @file test_index_layout.cpp  An index folder names its current generation; a new one is
/// published whole; one writer holds the lock (issue #16).
#include <fstream>

#include <gtest/gtest.h>

#include <tilde/errors.hpp>

#include "index_layout.hpp"
#include "shard_stub.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;

TEST(IndexLayout, AGenerationStubIsNotAShardList) {
    EXPECT_TRUE(is_generation_stub("# comment\nauto gen-000003\n"));
    EXPECT_FALSE(is_generation_stub("auto shard-1\nauto shard-2\n"));
    EXPECT_FALSE(is_generation_stub("auto gen-000001\nauto gen-000002\n"));
    EXPECT_FALSE(is_generation_stub("remote :127.0.0.1:9000\n"));
    EXPECT_FALSE(is_generation_stub("auto ../gen-000001/x\n"));
}

TEST(IndexLayout, PublishingNamesTheNewGenerationForXapianAndTilde) {
    test::TempDir dir;
    EXPECT_EQ(classify_folder(dir.path() / "x"), FolderKind::Missing);
    fs::create_directories(dir.path() / "x");
    EXPECT_EQ(classify_folder(dir.path() / "x"), FolderKind::Empty);
    const fs::path first = next_generation(dir.path() / "x");
    EXPECT_EQ(first.filename(), "gen-000001");
    fs::create_directories(first);
    publish_generation(dir.path() / "x", first);
    EXPECT_EQ(current_generation(dir.path() / "x"), first);
    EXPECT_EQ(classify_folder(dir.path() / "x"), FolderKind::Index);
    EXPECT_FALSE(read_shard_stub(dir.path() / "x"));  // one index, not shards
    const fs::path second = next_generation(dir.path() / "x");
    EXPECT_EQ(second.filename(), "gen-000002");
    fs::create_directories(second);
    publish_generation(dir.path() / "x", second);
    EXPECT_EQ(current_generation(dir.path() / "x"), second);
    EXPECT_FALSE(fs::exists(dir.path() / "x" / "XAPIANDB.partial"));
}

TEST(IndexLayout, FoldersOfOtherThingsAreNotIndexes) {
    test::TempDir dir;
    test::write_file(dir.path() / "notes" / "todo.txt", "x");
    EXPECT_EQ(classify_folder(dir.path() / "notes"), FolderKind::Other);
    EXPECT_EQ(classify_folder(dir.path() / "notes" / "todo.txt"), FolderKind::Other);
    test::write_file(dir.path() / "old" / "iamglass", "");
    EXPECT_EQ(classify_folder(dir.path() / "old"), FolderKind::OldLayout);
}

TEST(IndexLayout, OneWriterHoldsTheLockAndIsNamed) {
    test::TempDir dir;
    std::optional<WriterLock> first;
    first.emplace(dir.path() / "tilde.lock", "x.idx");
    try {
        WriterLock second(dir.path() / "tilde.lock", "x.idx");
        FAIL() << "a second lock was taken";
    } catch (const IoError& error) {
        EXPECT_NE(std::string(error.what())
                      .find("locked by another tilde-index (pid " + std::to_string(getpid()) + ")"),
                  std::string::npos)
            << error.what();
    }
    first.reset();
    WriterLock again(dir.path() / "tilde.lock", "x.idx");  // released with its holder
}

}  // namespace
}  // namespace tilde
