// SPDX-License-Identifier: MIT
/// @file test_index_writer.cpp  The writer in place and through merged segments: the same
/// passages either way, a file replaced in one commit, a killed run carried on (issues #16,
/// #20).
#include <algorithm>
#include <map>
#include <sys/wait.h>

#include <unistd.h>

#include <gtest/gtest.h>
#include <xapian.h>

#include <tilde/index_job.hpp>
#include <tilde/index_writer.hpp>
#include <tilde/searcher.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;

// The documents of the passages a query finds, sorted, with repeats.
std::vector<std::string> found(const fs::path& index, const std::string& query) {
    SearchOptions options;
    options.limit = 100;
    std::vector<std::string> docs;
    for (const Hit& hit : Searcher(index).search(query, options).hits) {
        docs.push_back(hit.doc + " ¶" + std::to_string(hit.passage));
    }
    std::sort(docs.begin(), docs.end());
    return docs;
}

// Every word of the spelling table with its frequency, and every S: form list.
std::map<std::string, std::string> spelling_data(const Xapian::Database& db) {
    std::map<std::string, std::string> out;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
        out["freq " + *it] = std::to_string(it.get_termfreq());
    }
    for (auto it = db.metadata_keys_begin("S:"); it != db.metadata_keys_end("S:"); ++it) {
        out[*it] = db.get_metadata(*it);
    }
    return out;
}

IndexWriterOptions large_run(unsigned threads) {
    IndexWriterOptions options;
    options.bulk_bytes = 0;  // segments from the first byte
    options.threads = threads;
    options.batch_bytes = 2000;  // many checkpoints
    return options;
}

TEST(IndexWriter, SegmentsMergedGiveThePassagesOfAnIndexWrittenInPlace) {
    test::TempDir dir;
    IndexWriterOptions in_place;
    in_place.threads = 1;
    {
        IndexWriter writer(dir.path() / "a.idx", in_place);
        index_paths(writer, {test::corpus_dir()});
    }
    for (unsigned threads : {1u, 2u}) {
        SCOPED_TRACE(threads);
        const fs::path index = dir.path() / ("b" + std::to_string(threads) + ".idx");
        {
            IndexWriter writer(index, large_run(threads));
            index_paths(writer, {test::corpus_dir()});
        }
        EXPECT_FALSE(fs::exists(index / "run"));  // merged and gone
        Xapian::Database a((dir.path() / "a.idx").string());
        Xapian::Database b(index.string());
        EXPECT_EQ(a.get_doccount(), b.get_doccount());
        EXPECT_EQ(a.get_metadata("tilde:documents"), b.get_metadata("tilde:documents"));
        for (const char* query : {"guaido", "\"secret meetings\"", "title:Cabello", "venez*"}) {
            EXPECT_EQ(found(dir.path() / "a.idx", query), found(index, query)) << query;
        }
        // The spelling data too: each segment logged its changes, the merge added them up.
        EXPECT_EQ(spelling_data(a), spelling_data(b));
        EXPECT_GT(spelling_data(b).size(), 500u);
    }
}

// A large run's merge takes about as long as rewriting the index, after the last file:
// its last progress report says so (the bar on a terminal shows it). A run written in place
// has no merge to announce, nor has a large run that found nothing to read.
TEST(IndexWriter, ALargeRunReportsItsMergeLast) {
    test::TempDir dir;
    auto reports = [](const fs::path& index, const IndexWriterOptions& options) {
        std::vector<IndexProgress> out;
        IndexWriter writer(index, options);
        IndexJobOptions job;
        job.on_progress = [&](const IndexProgress& progress) { out.push_back(progress); };
        index_paths(writer, {test::corpus_dir()}, job);
        return out;
    };
    const std::vector<IndexProgress> large = reports(dir.path() / "large.idx", large_run(2));
    ASSERT_GE(large.size(), 2u);
    EXPECT_TRUE(large.back().merging);
    EXPECT_EQ(large.back().files_done, large.back().files_total);
    EXPECT_EQ(large.back().bytes_done, large.back().bytes_total);
    EXPECT_TRUE(std::none_of(large.begin(), large.end() - 1,
                             [](const IndexProgress& progress) { return progress.merging; }));
    EXPECT_FALSE(found(dir.path() / "large.idx", "guaido").empty());

    auto merged = [](const std::vector<IndexProgress>& progress) {
        return std::any_of(progress.begin(), progress.end(),
                           [](const IndexProgress& report) { return report.merging; });
    };
    EXPECT_FALSE(merged(reports(dir.path() / "in-place.idx", IndexWriterOptions{})));
    EXPECT_FALSE(merged(reports(dir.path() / "large.idx", large_run(2))));  // all unchanged
}

// Two writing threads take documents as they have room; a document's parts, and every version
// of an id, must still meet in one segment: the merge keeps the last version of each id by
// its order there.
TEST(IndexWriter, TwoWritersKeepTheLastVersionOfEachIdAndWholeDocuments) {
    test::TempDir dir;
    const fs::path index = dir.path() / "x.idx";
    {
        IndexWriter writer(index, large_run(2));
        writer.begin_source("/corpus/a.jsonl");
        for (int round = 0; round < 4; ++round) {
            for (int id = 0; id < 12; ++id) {
                const std::string name = "d" + std::to_string(id);
                const std::string word = "ronda" + std::to_string(round);
                // Some long, some short: the threads fill unevenly.
                const int parts = id % 3 == 0 ? 3 : 1;
                for (int part = 0; part < parts; ++part) {
                    writer.add_document_part(
                        {name, "",
                         "Parte " + std::to_string(part) + " de " + name + " en la " + word + ".",
                         "es", "", ""},
                        part + 1 == parts);
                }
            }
        }
        writer.end_source({"/corpus/a.jsonl", 10, 1, 1, 0});
        writer.commit();
    }
    for (int round = 0; round < 3; ++round) {
        EXPECT_TRUE(found(index, "ronda" + std::to_string(round)).empty()) << round;
    }
    const std::vector<std::string> last = found(index, "ronda3");
    EXPECT_EQ(last.size(), 4u * 3 + 8u);  // d0, d3, d6, d9 in three passages each
    EXPECT_EQ(found(index, "d0").size(), 3u);
    EXPECT_EQ(Searcher(index).info().documents, 12u);
}

// A file read again is replaced in one commit, however many it takes to write: until then
// searches see the old version whole.
TEST(IndexWriter, AFileReadAgainReplacesItsOldPassagesInOneCommit) {
    for (bool segments : {false, true}) {
        SCOPED_TRACE(segments ? "segments" : "in place");
        test::TempDir dir;
        const fs::path index = dir.path() / "x.idx";
        IndexWriterOptions options = segments ? large_run(1) : IndexWriterOptions{};
        options.threads = 1;
        options.batch_bytes = 1;  // a commit after every document
        {
            IndexWriter writer(index, options);
            writer.begin_source("/corpus/a.jsonl");
            writer.add_document({"a1", "", "Versión vieja uno.", "es", "", ""});
            writer.add_document({"a2", "", "Versión vieja dos.", "es", "", ""});
            writer.end_source({"/corpus/a.jsonl", 10, 1, 1, 0});
            writer.commit();
        }
        IndexWriter writer(index, options);
        writer.begin_source("/corpus/a.jsonl");
        writer.add_document({"a1", "", "Versión nueva uno.", "es", "", ""});
        writer.add_document({"a2", "", "Versión nueva dos.", "es", "", ""});
        writer.add_document({"a3", "", "Versión nueva tres.", "es", "", ""});
        EXPECT_EQ(found(index, "vieja").size(), 2u);
        EXPECT_TRUE(found(index, "nueva").empty());
        writer.end_source({"/corpus/a.jsonl", 11, 2, 2, 0});
        writer.commit();
        EXPECT_TRUE(found(index, "vieja").empty());
        EXPECT_EQ(found(index, "nueva").size(), 3u);
        EXPECT_EQ(Searcher(index).info().documents, 3u);
    }
}

TEST(IndexWriter, AFileCutShortKeepsItsOldPassages) {
    for (bool segments : {false, true}) {
        SCOPED_TRACE(segments ? "segments" : "in place");
        test::TempDir dir;
        const fs::path index = dir.path() / "x.idx";
        IndexWriterOptions options = segments ? large_run(1) : IndexWriterOptions{};
        {
            IndexWriter writer(index, options);
            writer.begin_source("/corpus/a.txt");
            writer.add_document({"a.txt", "", "Texto viejo.", "es", "", ""});
            writer.end_source({"/corpus/a.txt", 10, 1, 1, 0});
        }
        {
            IndexWriter writer(index, options);
            writer.begin_source("/corpus/a.txt");
            writer.add_document_part({"a.txt", "", "Texto nuevo a medias.\n\n", "es", "", ""},
                                     false);
            // ... and the file cannot be read further: no end_source().
            writer.add_document_part({"a.txt", "", "", "es", "", ""}, true);
        }
        EXPECT_EQ(found(index, "viejo").size(), 1u);
        EXPECT_TRUE(found(index, "nuevo").empty());
        IndexWriter writer(index, options);
        EXPECT_EQ(writer.source_file("/corpus/a.txt")->size, 10u);  // the old record stands
    }
}

// A large run killed before its merge leaves segments and a ledger of the files it finished:
// the next run takes them up, reads only what was not finished, and merges everything.
TEST(IndexWriter, AKilledLargeRunIsCarriedOnByTheNext) {
    test::TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    for (int i = 0; i < 6; ++i) {
        test::write_file(corpus / ("f" + std::to_string(i) + ".txt"),
                         "Nota " + std::to_string(i) + "\n\nclave" + std::to_string(i) +
                             "x y algo de texto para el archivo.\n");
    }
    const fs::path index = dir.path() / "x.idx";
    IndexWriterOptions options = large_run(2);
    options.batch_bytes = 1;  // a checkpoint after every document
    pid_t child = fork();
    if (child == 0) {
        IndexWriter writer(index, options);
        IndexJobOptions job;
        int files = 0;
        job.on_progress = [&](const IndexProgress& progress) {
            if (progress.files_done == 4 && files++ == 0) {
                _exit(0);  // as kill -9 would: no commit, no merge, no destructor
            }
        };
        index_paths(writer, {corpus}, job);
        _exit(1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ASSERT_TRUE(fs::exists(index / "run"));
    EXPECT_TRUE(found(index, "clave0x").empty());  // nothing merged yet

    IndexWriter writer(index, options);
    const IndexJobSummary summary = index_paths(writer, {corpus});
    EXPECT_GE(summary.unchanged, 2u);  // finished before the kill: not read again
    EXPECT_EQ(summary.files + summary.unchanged, 6u);
    for (int i = 0; i < 6; ++i) {
        const std::string name = "f" + std::to_string(i) + ".txt";
        EXPECT_EQ(found(index, "clave" + std::to_string(i) + "x"),
                  std::vector<std::string>{name + " ¶2"});
    }
    EXPECT_EQ(Searcher(index).info().documents, 6u);
    EXPECT_FALSE(fs::exists(index / "run"));
}

}  // namespace
}  // namespace tilde
