// SPDX-License-Identifier: MIT
// cli/mapped_reads.cpp, linked into this test as into the searching programs: glass tables
// read from a memory map, and every other read (a grown file, a reused descriptor, a file
// opened for writing) the same as pread() gives. System calls are counted from the kernel's
// own tally of this process's reads (/proc/self/io, `syscr`).
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/mman.h>

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <xapian.h>

#include "test_support.hpp"

namespace tilde {
namespace {

namespace fs = std::filesystem;

// Read system calls this process has made so far.
long read_syscalls() {
    std::ifstream io("/proc/self/io");
    std::string key;
    long value = 0;
    while (io >> key >> value) {
        if (key == "syscr:") {
            return value;
        }
    }
    ADD_FAILURE() << "no syscr in /proc/self/io";
    return -1;
}

// The read system calls of `reads`, less those of counting them.
template <typename Reads>
long read_syscalls_of(Reads reads) {
    const long before_nothing = read_syscalls();
    const long counting = read_syscalls() - before_nothing;
    const long before = read_syscalls();
    reads();
    return read_syscalls() - before - counting;
}

// `path` holding `bytes`, opened to read (mapped, when a glass table): its descriptor.
int new_file_to_read(const fs::path& path, const std::string& bytes) {
    test::write_file(path, bytes);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_GE(fd, 0) << path;
    return fd;
}

std::string pattern(char first, size_t size) {
    std::string bytes(size, '\0');
    for (size_t i = 0; i < size; ++i) {
        bytes[i] = static_cast<char>(first + static_cast<char>(i % 23));
    }
    return bytes;
}

std::string pread_string(int fd, size_t size, off_t offset) {
    std::string out(size, '\0');
    const ssize_t got = ::pread(fd, out.data(), size, offset);
    out.resize(got < 0 ? 0 : static_cast<size_t>(got));
    return out;
}

TEST(MappedReads, AGlassTableOpenedToReadIsReadWithoutSystemCalls) {
    test::TempDir dir;
    const fs::path table = dir.path() / "postlist.glass";
    const std::string bytes = pattern('a', 65536);
    const int fd = new_file_to_read(table, bytes);
    ASSERT_GE(fd, 0);
    std::string block;
    const long calls = read_syscalls_of([&] {
        for (off_t offset = 0; offset < 65536; offset += 8192) {
            block += pread_string(fd, 8192, offset);
        }
    });
    EXPECT_EQ(block, bytes);
    EXPECT_EQ(calls, 0);
    // A read running past the end reads what there is, from the file.
    EXPECT_EQ(pread_string(fd, 100, 65500), bytes.substr(65500));
    ::close(fd);
}

TEST(MappedReads, AXapianSearchReadsItsTablesWithoutSystemCalls) {
    test::TempDir dir;
    const fs::path path = dir.path() / "db";
    {
        Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
        for (int i = 0; i < 3000; ++i) {
            Xapian::Document doc;
            doc.add_term("all");
            doc.add_term("n" + std::to_string(i % 50));
            doc.add_term(i % 2 == 0 ? "even" : "odd");
            db.add_document(doc);
        }
        db.commit();
    }
    Xapian::Database db(path.string());
    Xapian::Enquire enquire(db);
    auto matches = [&](const std::string& a, const std::string& b) {
        enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(a), Xapian::Query(b)));
        return enquire.get_mset(0, 10).get_matches_estimated();
    };
    EXPECT_EQ(matches("all", "n7"), 60u);
    Xapian::doccount odd_sevens = 0;
    const long calls = read_syscalls_of([&] { odd_sevens = matches("odd", "n7"); });
    EXPECT_EQ(odd_sevens, 60u);  // i % 50 == 7 is always odd
    EXPECT_EQ(calls, 0);
}

// The lines of /proc/self/maps that map `path`.
int maps_of(const fs::path& path) {
    std::ifstream maps("/proc/self/maps");
    int count = 0;
    for (std::string line; std::getline(maps, line);) {
        count += line.ends_with(" " + path.string()) ? 1 : 0;
    }
    return count;
}

TEST(MappedReads, DescriptorsOfOneTableShareOneMapUntilTheLastIsClosed) {
    test::TempDir dir;
    const fs::path table = dir.path() / "postlist.glass";
    test::write_file(table, pattern('a', 8192));
    const int first = ::open(table.c_str(), O_RDONLY | O_CLOEXEC);
    const int second = ::open(table.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(first, 0);
    ASSERT_GE(second, 0);
    EXPECT_EQ(maps_of(table), 1);
    ::close(first);
    EXPECT_EQ(maps_of(table), 1);
    EXPECT_EQ(
        read_syscalls_of([&] { EXPECT_EQ(pread_string(second, 8192, 0), pattern('a', 8192)); }), 0);
    ::close(second);
    EXPECT_EQ(maps_of(table), 0);

    // Grown since: a descriptor opened now maps it whole, and the one before keeps its map.
    const int before = ::open(table.c_str(), O_RDONLY | O_CLOEXEC);
    std::ofstream(table, std::ios::binary | std::ios::app) << pattern('0', 8192);
    const int after = ::open(table.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_EQ(maps_of(table), 2);
    EXPECT_EQ(read_syscalls_of([&] { pread_string(after, 8192, 8192); }), 0);
    EXPECT_EQ(pread_string(before, 16384, 0), pattern('a', 8192) + pattern('0', 8192));
    ::close(before);
    ::close(after);
    EXPECT_EQ(maps_of(table), 0);
}

// A table is read a block here and a block there: its map is advised so (the kernel's
// "rr" flag, random reads), so that a page fault reads no more than pread() would.
TEST(MappedReads, ATableIsMappedForRandomReads) {
    test::TempDir dir;
    const fs::path table = dir.path() / "position.glass";
    const int fd = new_file_to_read(table, pattern('a', 65536));
    ASSERT_GE(fd, 0);
    std::ifstream smaps("/proc/self/smaps");
    bool in_table = false;
    std::string flags;
    for (std::string line; std::getline(smaps, line);) {
        if (line.find(" " + table.string()) != std::string::npos) {
            in_table = true;
        } else if (in_table && line.starts_with("VmFlags:")) {
            flags = line;
            break;
        }
    }
    ::close(fd);
    EXPECT_NE(flags.find(" rr"), std::string::npos) << "'" << flags << "'";
}

TEST(MappedReads, AFileChangedOrGrownAfterOpeningReadsAsItIsNow) {
    test::TempDir dir;
    const fs::path table = dir.path() / "termlist.glass";
    const int reader = new_file_to_read(table, pattern('a', 8192));
    ASSERT_GE(reader, 0);
    const int writer = ::open(table.c_str(), O_WRONLY | O_CLOEXEC);
    ASSERT_GE(writer, 0);
    const std::string changed = pattern('A', 8192);
    const std::string grown = pattern('0', 8192);
    ASSERT_EQ(::pwrite(writer, changed.data(), changed.size(), 0), 8192);
    ASSERT_EQ(::pwrite(writer, grown.data(), grown.size(), 8192), 8192);
    EXPECT_EQ(pread_string(reader, 8192, 0), changed);
    EXPECT_EQ(pread_string(reader, 8192, 8192), grown);  // past the mapping: read from the file
    EXPECT_EQ(pread_string(reader, 16384, 0), changed + grown);
    ::close(writer);
    ::close(reader);
}

// A file cut shorter under its map (a page past its end faults with SIGBUS): the read gives
// what pread() gives, not a crash.
TEST(MappedReads, AFileCutShorterUnderItsMapReadsAsPreadWould) {
    test::TempDir dir;
    const fs::path table = dir.path() / "postlist.glass";
    const int reader = new_file_to_read(table, pattern('a', 65536));
    ASSERT_GE(reader, 0);
    ASSERT_EQ(pread_string(reader, 8192, 32768), pattern('a', 65536).substr(32768, 8192));
    ASSERT_EQ(::truncate(table.c_str(), 16384), 0);
    EXPECT_EQ(pread_string(reader, 8192, 32768), "");  // past the end: nothing
    EXPECT_EQ(pread_string(reader, 8192, 12288), pattern('a', 65536).substr(12288, 4096));
    EXPECT_EQ(pread_string(reader, 8192, 0), pattern('a', 8192));
    ::close(reader);
}

// The guard takes only faults in its own copies: any other bus error stops the program as
// it would without it.
TEST(MappedReads, ABusErrorOutsideItsCopiesStillStopsTheProgram) {
    test::TempDir dir;
    const fs::path table = dir.path() / "postlist.glass";
    const fs::path other = dir.path() / "other.bin";
    test::write_file(table, pattern('a', 8192));
    test::write_file(other, pattern('b', 8192));
    const int mapped_table = ::open(table.c_str(), O_RDONLY | O_CLOEXEC);  // installs the guard
    ASSERT_GE(mapped_table, 0);
    auto touch_a_page_cut_off = [&] {
        const int fd = ::open(other.c_str(), O_RDONLY | O_CLOEXEC);
        auto* bytes =
            static_cast<volatile const char*>(mmap(nullptr, 8192, PROT_READ, MAP_SHARED, fd, 0));
        if (::truncate(other.c_str(), 0) != 0) {
            std::exit(4);
        }
        std::exit(bytes[4096] == 'b' ? 2 : 3);
    };
#ifdef TILDE_SANITIZED
    // The handler before the guard's is AddressSanitizer's, which reports the fault and exits.
    EXPECT_EXIT(touch_a_page_cut_off(), testing::ExitedWithCode(1), "AddressSanitizer: BUS");
#else
    EXPECT_EXIT(touch_a_page_cut_off(), testing::KilledBySignal(SIGBUS), "");
#endif
    ::close(mapped_table);
}

TEST(MappedReads, ADescriptorClosedOrReplacedReadsItsNewFile) {
    test::TempDir dir;
    const fs::path table = dir.path() / "position.glass";
    const fs::path other = dir.path() / "other.txt";
    const fs::path third = dir.path() / "third.txt";
    test::write_file(table, pattern('a', 8192));
    test::write_file(other, pattern('K', 8192));
    test::write_file(third, pattern('5', 8192));

    const int fd = ::open(table.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::close(fd), 0);
    const int reused = ::open(other.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_EQ(reused, fd) << "the lowest free descriptor is the one just closed";
    EXPECT_EQ(pread_string(reused, 8192, 0), pattern('K', 8192));
    ::close(reused);

    const int mapped = ::open(table.c_str(), O_RDONLY | O_CLOEXEC);
    const int replacement = ::open(third.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(mapped, 0);
    ASSERT_GE(replacement, 0);
    EXPECT_EQ(pread_string(mapped, 8192, 0), pattern('a', 8192));
    ASSERT_EQ(::dup2(replacement, mapped), mapped);
    EXPECT_EQ(pread_string(mapped, 8192, 0), pattern('5', 8192));
    EXPECT_EQ(::dup2(mapped, mapped), mapped);
    ::close(replacement);
    ::close(mapped);
    errno = 0;
    EXPECT_EQ(::pread(mapped, nullptr, 0, 0), -1);
    EXPECT_EQ(errno, EBADF);
}

TEST(MappedReads, OtherFilesAndFilesOpenedForWritingAreReadWithTheSystemCall) {
    test::TempDir dir;
    const fs::path table = dir.path() / "spelling.glass";
    const fs::path text = dir.path() / "notes.txt";
    test::write_file(table, pattern('a', 8192));
    test::write_file(text, pattern('b', 8192));
    for (const auto& [path, flags] : {std::pair{table, O_RDWR}, std::pair{text, O_RDONLY}}) {
        SCOPED_TRACE(path.string());
        const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
        ASSERT_GE(fd, 0);
        std::string block;
        EXPECT_EQ(read_syscalls_of([&] { block = pread_string(fd, 8192, 0); }), 1);
        EXPECT_EQ(block.size(), 8192u);
        ::close(fd);
    }
}

}  // namespace
}  // namespace tilde
