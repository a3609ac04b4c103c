// SPDX-License-Identifier: MIT
/// @file test_resume.cpp  Indexing again finishes the job: unchanged files skipped, changed
/// ones replaced, gone ones pruned, and kill -9 at any moment loses nothing committed
/// (issue #7).
#include <csignal>
#include <random>
#include <set>
#include <sstream>
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

// For each query, the documents of its passages: one piped tilde-search answers them all
// (a process a query made this test run past its limit under the sanitizers, issue #23).
std::vector<std::multiset<std::string>> hits_of_each(const fs::path& index,
                                                     const std::vector<std::string>& queries) {
    if (queries.empty()) {
        return {};
    }
    std::string input;
    for (const std::string& query : queries) {
        input += query + "\n";
    }
    RunResult run = run_program("tilde-search",
                                {"--index", index.string(), "--json", "--limit", "50"}, {}, input);
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
    std::vector<std::multiset<std::string>> out;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
        std::multiset<std::string> docs;
        const json answer = json::parse(line);
        for (const json& hit : answer["results"]) {
            docs.insert(hit["doc"].get<std::string>());
        }
        out.push_back(std::move(docs));
    }
    EXPECT_EQ(out.size(), queries.size()) << run.out;
    out.resize(queries.size());
    return out;
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
    EXPECT_NE(changed.find("1 file unchanged"), std::string::npos) << changed;
    EXPECT_EQ(hits(index, "Merida"), std::multiset<std::string>{"b.txt"});
    EXPECT_TRUE(hits(index, "tambien").empty());                           // old text gone
    EXPECT_EQ(hits(index, "Valencia"), std::multiset<std::string>{"c1"});  // c2 gone with it

    fs::remove(corpus / "a.txt");
    EXPECT_EQ(hits(index, "apagones"), std::multiset<std::string>{"a.txt"});  // kept...
    std::string pruned = index_corpus({"--prune"});
    EXPECT_NE(pruned.find("removed the documents of 1 file that is gone"), std::string::npos)
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
    constexpr int kRounds = 20;
    auto file_name = [](int i) {
        char name[32];
        std::snprintf(name, sizeof name, "doc%03d.txt", i);
        return std::string(name);
    };
    // Version v of file i: its key word stays, its filler changes, so a rerun replaces it.
    auto write_version = [&](int i, int version) {
        std::string filler;
        for (int k = 0; k < 40; ++k) {
            filler += "El gobierno anunció nuevas medidas económicas para la región " +
                      std::to_string(version) + ". ";
        }
        test::write_file(corpus / file_name(i), "Nota " + file_name(i) + "\n\nclave" +
                                                    std::to_string(i) + "x " + filler + "\n");
    };
    for (int i = 0; i < kFiles; ++i) {
        write_version(i, 0);
    }
    // Commits every few files, so that kills land before, between and inside commits. Every
    // other round writes segments merged at the end (--bulk-mb 0): kills land in segments,
    // in checkpoints and in the merge, and the next round takes a killed run's segments up.
    const std::vector<std::string> in_place = {"--quiet", "--batch-mb",   "0.01",
                                               "--index", index.string(), corpus.string()};
    std::vector<std::string> segments = in_place;
    segments.insert(segments.begin(), {"--bulk-mb", "0"});
    // Commits so far: the index's revision, plus a large run's checkpoints (its ledger's
    // revision); 0 while nothing can be opened.
    auto revision = [&]() -> Xapian::rev {
        Xapian::rev commits = 0;
        for (const fs::path& db : {index, index / "run" / "ledger"}) {
            try {
                commits += Xapian::Database(db.string()).get_revision();
            } catch (const Xapian::Error&) {
            }
        }
        return commits;
    };

    std::mt19937 random(20261124);  // fixed: a failure can be replayed
    std::set<int> ever_committed;   // files some round committed: never lost after that
    int kills_mid_run = 0;          // kills that landed after a commit of the run
    for (int round = 0; round < kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        // Every round has work: a fresh index now and then, else a third of the files changed
        // (replacing a file must never lose its committed version).
        if (round % 5 == 0) {
            fs::remove_all(index);
            ever_committed.clear();
        } else {
            for (int i = 0; i < kFiles; ++i) {
                if (random() % 3 == 0) {
                    write_version(i, round);
                }
            }
        }
        // A random moment: once a random number of further commits happened, plus a few
        // random microseconds (so that kills also land inside a commit). Timing-free, so a
        // loaded machine moves the moments but cannot make every kill miss the run.
        const Xapian::rev start = revision();
        const Xapian::rev target =
            start + std::uniform_int_distribution<Xapian::rev>(1, 12)(random);
        const auto extra =
            std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(random));
        pid_t pid = test::start_program("tilde-index", round % 2 == 1 ? segments : in_place);
        int status = 0;
        bool finished = false;
        // Every 2 ms: opening the index takes the writer's time too, and under the
        // sanitizers a tighter poll starved it (issue #23).
        while (revision() < target && !(finished = waitpid(pid, &status, WNOHANG) == pid)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        if (!finished) {
            std::this_thread::sleep_for(extra);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            kills_mid_run += WIFSIGNALED(status) && revision() > start ? 1 : 0;
        }

        // Whatever was committed opens and answers: each committed file exactly once, and
        // each file committed in an earlier round still there, once.
        Xapian::Database db;
        try {
            db = Xapian::Database(index.string());
        } catch (const Xapian::DatabaseNotFoundError&) {
            continue;  // killed before the folder existed
        }
        for (auto key = db.metadata_keys_begin("source:"); key != db.metadata_keys_end("source:");
             ++key) {
            std::string record = db.get_metadata(*key);
            std::string name = fs::path(record.substr(record.rfind(' ') + 1)).filename();
            ever_committed.insert(std::stoi(name.substr(3, 3)));
        }
        std::vector<std::string> queries;
        for (int i : ever_committed) {
            queries.push_back("clave" + std::to_string(i) + "x");
        }
        std::vector<std::multiset<std::string>> found = hits_of_each(index, queries);
        size_t k = 0;
        for (int i : ever_committed) {
            EXPECT_EQ(found[k], std::multiset<std::string>{file_name(i)}) << queries[k];
            ++k;
        }
        if (db.get_doccount() > 0) {
            RunResult search = run_program("tilde-search", {"--index", index.string(), "gobierno"});
            EXPECT_EQ(search.exit_code, 0) << search.err;
        }
    }
    EXPECT_GE(kills_mid_run, kRounds / 2) << "too few kills landed mid-run: the test proved little";

    // A run to the end finishes the job: every file once, no duplicates.
    RunResult finish;
    for (int attempt = 0; attempt < 50; ++attempt) {
        finish = run_program("tilde-index", in_place);
        if (finish.err.find("locked") == std::string::npos) {
            break;  // (a killed writer's lock may take a moment to go)
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(finish.exit_code, 0) << finish.err;
    Xapian::Database db(index.string());
    EXPECT_EQ(db.get_metadata("tilde:documents"), std::to_string(kFiles));
    std::vector<std::string> queries;
    for (int i = 0; i < kFiles; ++i) {
        queries.push_back("clave" + std::to_string(i) + "x");
    }
    std::vector<std::multiset<std::string>> found = hits_of_each(index, queries);
    for (int i = 0; i < kFiles; ++i) {
        EXPECT_EQ(found[i], std::multiset<std::string>{file_name(i)}) << queries[i];
    }
    // ... and holds what a clean build of the same files holds.
    const fs::path clean = dir.path() / "clean.idx";
    ASSERT_EQ(run_program("tilde-index", {"--quiet", "--index", clean.string(), corpus.string()})
                  .exit_code,
              0);
    Xapian::Database clean_db(clean.string());
    EXPECT_EQ(db.get_doccount(), clean_db.get_doccount());
    EXPECT_EQ(db.get_metadata("tilde:documents"), clean_db.get_metadata("tilde:documents"));
}

}  // namespace
}  // namespace tilde
