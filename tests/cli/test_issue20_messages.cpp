// SPDX-License-Identifier: MIT
/// @file test_issue20_messages.cpp  Regression tests for issue #20, items 12 on: queries,
/// messages, counts, shards and Ctrl-C (items 1-11, on input, writing and damaged indexes, are in
/// test_issue20.cpp).
#include <csignal>
#include <fstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>
#include <zlib.h>

#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test::index_into;
using test::run_program;
using test::RunResult;
using test::search_json;
using test::search_total;

// 12. A query of 20,000 words OR'ed took 40 s and 215 MB.
TEST(Issue20, AnEnormousQueryIsRefusedSayingWhy) {
    std::string query = "palabra0";
    for (int i = 1; i < 20000; ++i) {
        query += " OR palabra" + std::to_string(i);
    }
    // Piped: one argument that long is more than exec() takes.
    RunResult run = run_program(
        "tilde-search", {"--index", test::sample_index().string(), "--json"}, {}, query + "\n");
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("20000 words, phrases and fields in groups and operators"),
              std::string::npos)
        << run.err.substr(0, 300);
    EXPECT_NE(run.out.find("\"error\""), std::string::npos);
}

// 13. Escape sequences in a document reached the terminal raw.
TEST(Issue20, ControlCharactersAreShownNotSent) {
    test::TempDir dir;
    test::write_file(dir.path() / "corpus" / "evil\x1b[2J.txt",
                     "T\xc3\xadtulo \x1b]52;c;aGk=\x07 malicioso\n\nTexto con \x1b[2J borrado "
                     "y campana\x07 final.\n");
    ASSERT_EQ(index_into(dir.path() / "x.idx", {(dir.path() / "corpus").string()}).exit_code, 0);
    for (const char* color : {"never", "always"}) {
        RunResult run = run_program("tilde-search", {"--index", (dir.path() / "x.idx").string(),
                                                     "--color", color, "borrado"});
        ASSERT_EQ(run.exit_code, 0) << run.err;
        // The only escapes left are the colours tilde writes itself.
        std::string out = run.out;
        for (const char* own : {"\033[0m", "\033[1m", "\033[2m", "\033[1;31m"}) {
            for (size_t at; (at = out.find(own)) != std::string::npos;) {
                out.erase(at, std::string(own).size());
            }
        }
        EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
        EXPECT_EQ(out.find('\x07'), std::string::npos) << out;
        EXPECT_NE(out.find("\\x1b[2J"), std::string::npos) << out;
    }
}

// 14. A NUL in a piped query cut its JSON error short; a JSON date object vanished silently.
TEST(Issue20, ErrorsAndWarningsAreWhole) {
    RunResult piped =
        run_program("tilde-search", {"--index", test::sample_index().string(), "--json"}, {},
                    std::string("date:2019-13\0x OR\n", 18));
    const json answer = json::parse(piped.out.substr(0, piped.out.find('\n')));
    EXPECT_NE(answer["error"].get<std::string>().find("\\x00x OR"), std::string::npos)
        << answer.dump();

    test::TempDir dir;
    test::write_file(dir.path() / "d.jsonl",
                     "{\"id\": \"a\", \"text\": \"fecha rara\", \"date\": {\"y\": 2019}}\n"
                     "{\"id\": \"b\", \"text\": \"   \"}\n");
    RunResult run = index_into(dir.path() / "x.idx", {(dir.path() / "d.jsonl").string()});
    EXPECT_NE(run.err.find("d.jsonl:1: date \"{\"y\":2019}\" not understood"), std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("d.jsonl:2: no text; nothing indexed"), std::string::npos) << run.err;
}

// 14. A full disk: one line naming the index (a file size limit stands in for it here).
TEST(Issue20, AFullDiskIsOneLine) {
    test::TempDir dir;
    std::string text;
    for (int i = 0; i < 40000; ++i) {
        text += "Párrafo " + std::to_string(i) + " sobre el gobierno y la economía del país.\n\n";
    }
    test::write_file(dir.path() / "corpus" / "big.txt", text);
    const fs::path index = dir.path() / "x.idx";
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);  // writes past the limit fail with EFBIG instead
        rlimit limit{512 * 1024, 512 * 1024};
        setrlimit(RLIMIT_FSIZE, &limit);
        int err = open((dir.path() / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(err, 2);
        const std::string binary = std::string(TILDE_BIN_DIR) + "/tilde-index";
        execl(binary.c_str(), binary.c_str(), "--quiet", "--index", index.c_str(),
              (dir.path() / "corpus").c_str(), nullptr);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << status;
    const std::string err = test::read_text_file(dir.path() / "err");
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    EXPECT_NE(err.find("cannot write index '" + index.string() + "'"), std::string::npos) << err;
}

// 15. The count changed with --limit, and paging past the end said nothing matched.
TEST(Issue20, CountsAreExactOrSaidToBeEstimates) {
    const fs::path& index = test::sample_index();
    for (const char* query : {"secret meetings", "maduro bolton"}) {
        SCOPED_TRACE(query);
        const json one = search_json(index, {"-n", "1", query});
        const json ten = search_json(index, {"-n", "10", query});
        const json all = search_json(index, {"-n", "1000", query});
        EXPECT_TRUE(all["total_exact"]);
        EXPECT_EQ(all["total"], all["results"].size());
        EXPECT_EQ(one["total"], all["total"]);
        EXPECT_EQ(ten["total"], all["total"]);
    }
    RunResult past = run_program("tilde-search",
                                 {"--index", index.string(), "--offset", "500", "secret meetings"});
    EXPECT_EQ(past.exit_code, 0);
    EXPECT_NE(past.out.find("passages match; none is left past the first"), std::string::npos)
        << past.out;
}

// 16. Equal scores came in another order on shards than on one index.
TEST(Issue20, ShardsOrderEqualScoresAsOneIndexDoes) {
    test::TempDir dir;
    const fs::path shards = dir.path() / "shards";
    ASSERT_EQ(index_into(shards, {test::corpus_dir().string()}, {"--shards", "2"}).exit_code, 0);
    for (const test::SeedQuery& seed : test::load_seed_queries()) {
        SCOPED_TRACE(seed.query);
        json one = search_json(test::sample_index(), {"--limit", "10", seed.query});
        json two = search_json(shards, {"--limit", "10", seed.query});
        ASSERT_EQ(one["results"].size(), two["results"].size());
        for (size_t i = 0; i < one["results"].size(); ++i) {
            EXPECT_EQ(one["results"][i]["doc"], two["results"][i]["doc"]) << i;
            EXPECT_EQ(one["results"][i]["passage"], two["results"][i]["passage"]) << i;
        }
    }
}

// 17. Ctrl-C during a large file lost its progress without saying so.
TEST(Issue20, CtrlCSaysWhatWasKeptAndTheNextRunCarriesOn) {
    test::TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    for (int f = 0; f < 8; ++f) {
        std::string text = "Archivo " + std::to_string(f) + "\n\n";
        for (int i = 0; i < 3000; ++i) {
            text += "Línea " + std::to_string(i) + " del archivo a" + std::to_string(f) +
                    "z sobre el gobierno.\n\n";
        }
        test::write_file(corpus / ("f" + std::to_string(f) + ".txt"), text);
    }
    const fs::path index = dir.path() / "x.idx";
    pid_t pid = fork();
    if (pid == 0) {
        int err = open((dir.path() / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(err, 2);
        const std::string binary = std::string(TILDE_BIN_DIR) + "/tilde-index";
        execl(binary.c_str(), binary.c_str(), "--quiet", "--threads", "1", "--index", index.c_str(),
              corpus.c_str(), nullptr);
        _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(pid, SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
    const std::string said = test::read_text_file(dir.path() / "err");
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        GTEST_SKIP() << "the run finished before Ctrl-C came";
    }
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 130) << status << said;
    EXPECT_NE(said.find("interrupted: "), std::string::npos) << said;
    EXPECT_NE(said.find("run the same command to carry on"), std::string::npos) << said;
    RunResult rest = index_into(index, {corpus.string()}, {"--json"});
    ASSERT_EQ(rest.exit_code, 0) << rest.err;
    for (int f = 0; f < 8; ++f) {
        EXPECT_EQ(search_total(index, "a" + std::to_string(f) + "z"), 3000u) << f;
    }
}

}  // namespace
}  // namespace tilde
