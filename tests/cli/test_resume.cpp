// SPDX-License-Identifier: MIT
/// @file test_resume.cpp  Indexing again finishes the job: unchanged files skipped, changed
/// ones replaced, gone ones pruned, and kill -9 at any moment loses nothing committed
/// (issue #7).
#include <csignal>
#include <random>
#include <sys/wait.h>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test::run_program;
using test::RunResult;

// How many passages a query finds, and in which documents.
std::multiset<std::string> hits(const fs::path& index, const std::string& query) {
    RunResult run =
        run_program("tilde-search", {"--index", index.string(), "--json", "--limit", "50", query});
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
    std::multiset<std::string> docs;
    const json answer = json::parse(run.out);
    for (const json& hit : answer["results"]) {
        docs.insert(hit["doc"].get<std::string>());
    }
    return docs;
}

TEST(Resume, SkipsUnchangedReplacesChangedPrunesGone) {
    test::TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    const fs::path index = dir.path() / "x.idx";
    test::write_file(corpus / "a.txt", "Alfa\n\nCaracas tiene apagones.\n");
    test::write_file(corpus / "b.txt", "Beta\n\nMaracaibo también.\n");
    test::write_file(corpus / "c.jsonl",
                     "{\"id\": \"c1\", \"text\": \"Valencia uno\"}\n"
                     "{\"id\": \"c2\", \"text\": \"Valencia dos\"}\n");
    auto index_corpus = [&](std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"--index", index.string(), corpus.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        RunResult run = run_program("tilde-index", args);
        EXPECT_EQ(run.exit_code, 0) << run.err;
        return run.err;
    };
    EXPECT_NE(index_corpus().find("indexed 4 documents from 3 files"), std::string::npos);

    std::string again = index_corpus();
    EXPECT_NE(again.find("indexed 0 documents from 0 files"), std::string::npos) << again;
    EXPECT_NE(again.find("3 files unchanged since indexed"), std::string::npos) << again;
    EXPECT_EQ(again.find("warning"), std::string::npos) << again;

    // Touched but equal, changed, and a JSON Lines file that lost a line.
    fs::last_write_time(corpus / "a.txt",
                        fs::last_write_time(corpus / "a.txt") + std::chrono::hours(1));
    test::write_file(corpus / "b.txt", "Beta\n\nMaracaibo y Mérida.\n");
    test::write_file(corpus / "c.jsonl", "{\"id\": \"c1\", \"text\": \"Valencia uno\"}\n");
    std::string changed = index_corpus();
    EXPECT_NE(changed.find("indexed 2 documents from 2 files"), std::string::npos) << changed;
    EXPECT_NE(changed.find("1 files unchanged"), std::string::npos) << changed;
    EXPECT_EQ(hits(index, "Merida"), std::multiset<std::string>{"b.txt"});
    EXPECT_TRUE(hits(index, "tambien").empty());                           // old text gone
    EXPECT_EQ(hits(index, "Valencia"), std::multiset<std::string>{"c1"});  // c2 gone with it

    fs::remove(corpus / "a.txt");
    EXPECT_EQ(hits(index, "apagones"), std::multiset<std::string>{"a.txt"});  // kept...
    std::string pruned = index_corpus({"--prune"});
    EXPECT_NE(pruned.find("removed the documents of 1 files that are gone"), std::string::npos)
        << pruned;
    EXPECT_TRUE(hits(index, "apagones").empty());  // ...until --prune
    RunResult stats =
        run_program("tilde-search", {"--index", index.string(), "-i"}, {}, ":stats\n");
    EXPECT_NE(stats.out.find("documents  2\n"), std::string::npos) << stats.out;
}

TEST(CrashSafety, KillNineAtRandomMomentsLosesNothingCommitted) {
    test::TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    const fs::path index = dir.path() / "x.idx";
    constexpr int kFiles = 120;
    std::string filler;
    for (int i = 0; i < 40; ++i) {
        filler += "El gobierno anunció nuevas medidas económicas para la región. ";
    }
    for (int i = 0; i < kFiles; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "doc%03d.txt", i);
        test::write_file(corpus / name, std::string("Nota ") + name + "\n\nclave" +
                                            std::to_string(i) + "x " + filler + "\n");
    }
    // Commits every few files, so that kills land before, between and inside commits.
    const std::vector<std::string> args = {"--quiet", "--batch-mb",   "0.01",
                                           "--index", index.string(), corpus.string()};
    // Files the index has committed so far (0 while it cannot be opened).
    auto committed_files = [&] {
        try {
            Xapian::Database db(index.string());
            int count = 0;
            for (auto key = db.metadata_keys_begin("source:");
                 key != db.metadata_keys_end("source:"); ++key) {
                ++count;
            }
            return count;
        } catch (const Xapian::Error&) {
            return 0;
        }
    };

    std::mt19937 random(20261124);  // fixed: a failure can be replayed
    int partial_rounds = 0;         // kills that left some files committed and some not
    for (int round = 0; round < 20; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        // A random moment: once a random number of further files is committed, plus a few
        // random microseconds (so that kills also land inside a commit). Timing-free, so a
        // loaded machine moves the moments but cannot make every kill miss the run.
        const int before = committed_files();
        const int target = before + std::uniform_int_distribution<int>(
                                        0, std::max(0, kFiles - before - 1))(random);
        const auto extra =
            std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(random));
        pid_t pid = test::start_program("tilde-index", args);
        int status = 0;
        while (committed_files() < target && waitpid(pid, &status, WNOHANG) == 0) {
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        std::this_thread::sleep_for(extra);
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);

        // Whatever was committed opens and answers, each committed file exactly once.
        Xapian::Database db;
        try {
            db = Xapian::Database(index.string());
        } catch (const Xapian::DatabaseNotFoundError&) {
            continue;  // killed before the folder existed
        }
        int committed = 0;
        for (auto key = db.metadata_keys_begin("source:"); key != db.metadata_keys_end("source:");
             ++key) {
            std::string record = db.get_metadata(*key);
            std::string name = fs::path(record.substr(record.rfind(' ') + 1)).filename();
            int number = std::stoi(name.substr(3, 3));
            EXPECT_EQ(hits(index, "clave" + std::to_string(number) + "x"),
                      std::multiset<std::string>{name});
            ++committed;
        }
        if (db.get_doccount() > 0) {
            RunResult search = run_program("tilde-search", {"--index", index.string(), "gobierno"});
            EXPECT_EQ(search.exit_code, 0) << search.err;
        }
        partial_rounds += committed > 0 && committed < kFiles ? 1 : 0;
    }
    EXPECT_GT(partial_rounds, 0) << "no kill landed mid-run: the test proved nothing";

    // A run to the end finishes the job: every file once, no duplicates.
    RunResult finish;
    for (int attempt = 0; attempt < 50; ++attempt) {
        finish = run_program("tilde-index", args);
        if (finish.err.find("locked") == std::string::npos) {
            break;  // (a killed writer's lock may take a moment to go)
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(finish.exit_code, 0) << finish.err;
    Xapian::Database db(index.string());
    EXPECT_EQ(db.get_metadata("tilde:documents"), std::to_string(kFiles));
    for (int i = 0; i < kFiles; i += 7) {
        char name[32];
        std::snprintf(name, sizeof name, "doc%03d.txt", i);
        EXPECT_EQ(hits(index, "clave" + std::to_string(i) + "x"), std::multiset<std::string>{name});
    }
}

}  // namespace
}  // namespace tilde
