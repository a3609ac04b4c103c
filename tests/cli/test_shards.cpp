// SPDX-License-Identifier: MIT
/// @file test_shards.cpp  Sharded indexes (issue #8): shards written by tilde-index --shards,
/// local and served by real xapian-tcpsrv processes, must answer as one index does; a shard
/// that is down is named, or left out with --partial.
#include <arpa/inet.h>
#include <chrono>
#include <cmath>
#include <csignal>
#include <netinet/in.h>
#include <set>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tilde/tilde.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;
using test::run_program;
using test::RunResult;

// A port nobody listens on now (the kernel's pick); a server started on it may still lose a
// race for it, which XapianServer retries.
unsigned free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    const bool bound = fd >= 0 &&
                       bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                       getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    if (fd >= 0) {
        close(fd);
    }
    if (!bound) {
        throw std::runtime_error("no free port on 127.0.0.1");
    }
    return ntohs(address.sin_port);
}

bool accepts_connections(unsigned port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return connected;
}

// A real `xapian-tcpsrv` serving one shard on 127.0.0.1, stopped when the object dies.
class XapianServer {
  public:
    // On `port`, or on a free one when 0.
    explicit XapianServer(const fs::path& shard, unsigned port = 0) {
        for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) {
            start(shard, port != 0 ? port : free_port());
        }
        if (pid_ <= 0) {
            throw std::runtime_error("xapian-tcpsrv did not start on " + shard.string());
        }
    }
    ~XapianServer() { stop(); }
    XapianServer(const XapianServer&) = delete;
    XapianServer& operator=(const XapianServer&) = delete;

    unsigned port() const { return port_; }
    std::string entry() const { return "remote :127.0.0.1:" + std::to_string(port_); }

    void stop() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

  private:
    void start(const fs::path& shard, unsigned port) {
        pid_t pid = fork();
        if (pid == 0) {
            // Its own process group: xapian-tcpsrv signals its whole group when it stops.
            setsid();
            int null = open("/dev/null", O_RDWR);
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
            const std::string port_text = std::to_string(port);
            execl(TILDE_XAPIAN_TCPSRV, TILDE_XAPIAN_TCPSRV, "--interface", "127.0.0.1", "--port",
                  port_text.c_str(), shard.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int wait = 0; wait < 1000; ++wait) {
            if (waitpid(pid, nullptr, WNOHANG) == pid) {
                return;  // it exited: the port was taken meanwhile
            }
            if (accepts_connections(port)) {
                pid_ = pid;
                port_ = port;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }

    pid_t pid_ = -1;
    unsigned port_ = 0;
};

// One hit as it must come out of every layout of the same passages.
std::string describe(const Hit& hit) {
    std::string out = hit.doc + " #" + std::to_string(hit.passage) + " " + hit.snippet.text;
    for (const ByteRange& range : hit.snippet.highlights) {
        out += " [" + std::to_string(range.begin) + "," + std::to_string(range.end) + ")";
    }
    for (const TermContribution& part : hit.explanation) {
        out += " " + part.kind + ":" + part.form + "=" + std::to_string(part.weight);
    }
    return out;
}

// Scores are equal up to the order Xapian adds the parts of a passage's score in, which
// differs with the layout (a difference in the last bit or two).
bool same_score(double a, double b) {
    return std::abs(a - b) <= 1e-12 * std::max(1.0, std::abs(a));
}

// The top 10 of `actual` must be the top 10 of `expected`: same passages, scores, snippets
// and explanations. Passages with equal scores may come in either order (Xapian breaks ties
// by docid, which differs between layouts), so each run of equal scores is compared as a
// set, and the run cut by the tenth place must be part of the expected run.
void expect_same_top_ten(const Searcher& expected, const Searcher& actual,
                         const std::string& query) {
    SCOPED_TRACE("query: " + query);
    SearchOptions options;
    options.explain = true;
    SearchOptions deeper = options;
    deeper.limit = 30;
    const SearchResults want = expected.search(query, deeper);
    const SearchResults got = actual.search(query, options);
    ASSERT_EQ(got.hits.size(), std::min<size_t>(want.hits.size(), 10));
    EXPECT_TRUE(got.warnings.empty());
    EXPECT_EQ(got.phrases_relaxed, want.phrases_relaxed);
    for (size_t begin = 0; begin < got.hits.size();) {
        const double score = got.hits[begin].score;
        std::multiset<std::string> got_run;
        std::multiset<std::string> want_run;
        size_t end = begin;
        for (; end < got.hits.size() && same_score(got.hits[end].score, score); ++end) {
            got_run.insert(describe(got.hits[end]));
        }
        for (size_t i = begin; i < want.hits.size() && same_score(want.hits[i].score, score); ++i) {
            want_run.insert(describe(want.hits[i]));
        }
        ASSERT_GT(want_run.size(), 0u) << "rank " << begin + 1 << ": score " << score
                                       << " is not the single index's " << want.hits[begin].score;
        if (end < got.hits.size() || want_run.size() == got_run.size()) {
            EXPECT_EQ(got_run, want_run) << "rank " << begin + 1;
        } else {
            for (const std::string& hit : got_run) {
                EXPECT_TRUE(want_run.count(hit) > 0) << "rank " << begin + 1 << ": " << hit;
            }
        }
        begin = end;
    }
}

// Besides the seed queries: a phrase, an exclusion, a prefix, a Spanish query.
std::vector<std::string> queries() {
    std::vector<std::string> out;
    for (const test::SeedQuery& seed : test::load_seed_queries()) {
        out.push_back(seed.query);
    }
    for (const char* query : {"\"secret meetings\" -Bolton", "oil* sanctions", "oposición militar",
                              "Maduro Cabello Guaidó", "united states"}) {
        out.emplace_back(query);
    }
    return out;
}

fs::path build_shards(const fs::path& where, unsigned shards, unsigned threads) {
    RunResult run =
        run_program("tilde-index", {"--quiet", "--json", "--index", where.string(), "--shards",
                                    std::to_string(shards), "--threads", std::to_string(threads),
                                    test::corpus_dir().string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    nlohmann::json summary = nlohmann::json::parse(run.out);
    EXPECT_EQ(summary["shards"], shards);
    EXPECT_EQ(summary["documents"], 5);
    return where;
}

// The tests with servers need Debian's xapian-tools.
#define REQUIRE_TCPSRV()                                                          \
    if (std::string(TILDE_XAPIAN_TCPSRV).empty()) {                               \
        GTEST_SKIP() << "xapian-tcpsrv not found (apt-get install xapian-tools)"; \
    }

class Shards : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir();
        build_shards(dir_->path() / "two", 2, 2);
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static fs::path sharded() { return dir_->path() / "two"; }
    static test::TempDir* dir_;
};
test::TempDir* Shards::dir_ = nullptr;

TEST_F(Shards, TheFolderHoldsShardsAndAStubXapianReads) {
    EXPECT_TRUE(fs::is_directory(sharded() / "shard-1"));
    EXPECT_TRUE(fs::is_directory(sharded() / "shard-2"));
    const std::string stub = test::read_text_file(sharded() / "XAPIANDB");
    EXPECT_NE(stub.find("\nauto shard-1\nauto shard-2\n"), std::string::npos) << stub;
    // Every passage is in exactly one shard, and both shards got some.
    const IndexInfo one = Searcher(test::sample_index()).info();
    const IndexInfo first = Searcher(sharded() / "shard-1").info();
    const IndexInfo second = Searcher(sharded() / "shard-2").info();
    EXPECT_GT(first.passages, 0u);
    EXPECT_GT(second.passages, 0u);
    EXPECT_EQ(first.passages + second.passages, one.passages);
    const IndexInfo both = Searcher(sharded()).info();
    EXPECT_EQ(both.shards, 2u);
    EXPECT_EQ(both.passages, one.passages);
    EXPECT_EQ(both.documents, 5u);
    EXPECT_EQ(both.terms, one.terms);
}

TEST_F(Shards, LocalShardsRankLikeOneIndex) {
    const Searcher one(test::sample_index());
    const Searcher two(sharded());
    for (const std::string& query : queries()) {
        expect_same_top_ten(one, two, query);
    }
    // Did-you-mean reads every shard's spellings.
    EXPECT_EQ(two.search("Guiado").suggestion, one.search("Guiado").suggestion);
    EXPECT_EQ(two.complete("gua"), one.complete("gua"));
}

TEST_F(Shards, OneThreadWritesTheSameShards) {
    test::TempDir other;
    const Searcher two_threads(sharded());
    const Searcher one_thread(build_shards(other.path() / "serial", 2, 1));
    for (const std::string& query : queries()) {
        expect_same_top_ten(two_threads, one_thread, query);
    }
}

TEST_F(Shards, AStubOfTwoXapianServersRanksLikeOneIndex) {
    REQUIRE_TCPSRV();
    XapianServer first(sharded() / "shard-1");
    XapianServer second(sharded() / "shard-2");
    const fs::path stub = dir_->path() / "remote.stub";
    test::write_file(stub, "# two servers\n" + first.entry() + "\n" + second.entry() + "\n");

    const Searcher one(test::sample_index());
    {
        const Searcher remote(stub);
        for (const std::string& query : queries()) {
            expect_same_top_ten(one, remote, query);
        }
        const IndexInfo info = remote.info();
        EXPECT_EQ(info.remote_shards, 2u);
        EXPECT_EQ(info.passages, one.info().passages);
    }
    RunResult both = run_program("tilde-search",
                                 {"--index", stub.string(), "--json", "--limit", "30", "Guaidó"});
    ASSERT_EQ(both.exit_code, 0) << both.err;
    EXPECT_EQ(both.err, "");
    std::set<std::string> all_docs;
    const nlohmann::json both_answer = nlohmann::json::parse(both.out);
    for (const auto& hit : both_answer["results"]) {
        all_docs.insert(hit["doc"].get<std::string>());
    }
    EXPECT_GT(all_docs.size(), 1u);

    // A searcher that is open when a server goes: the error names the shard.
    const Searcher open_before(stub);
    OpenOptions partial_options;
    partial_options.partial = true;
    const Searcher partial_before(stub, partial_options);
    const SearchResults before = open_before.search("Guaidó");
    second.stop();
    for (int attempt = 0; attempt < 2; ++attempt) {  // found mid-search, then on reconnecting
        try {
            (void)open_before.search("Guaidó");
            ADD_FAILURE() << "searching with a shard down must fail";
        } catch (const ShardUnavailable& error) {
            EXPECT_NE(std::string(error.what()).find(second.entry()), std::string::npos)
                << error.what();
        }
    }
    {
        // The server comes back: the open searcher finds every passage again.
        XapianServer restarted(sharded() / "shard-2", second.port());
        const SearchResults after = open_before.search("Guaidó");
        ASSERT_EQ(after.hits.size(), before.hits.size());
        for (size_t i = 0; i < after.hits.size(); ++i) {
            EXPECT_EQ(describe(after.hits[i]), describe(before.hits[i]));
        }
    }
    SearchResults left = partial_before.search("Guaidó");
    ASSERT_EQ(left.warnings.size(), 1u);
    EXPECT_NE(left.warnings[0].find(second.entry()), std::string::npos) << left.warnings[0];
    EXPECT_FALSE(left.hits.empty());

    // The programs: a one-line error naming the shard, or --partial's results and warning.
    RunResult down = run_program("tilde-search", {"--index", stub.string(), "Guaidó"});
    EXPECT_EQ(down.exit_code, 2);
    EXPECT_EQ(down.out, "");
    EXPECT_NE(down.err.find("tilde-search: error: shard '" + second.entry() + "'"),
              std::string::npos)
        << down.err;
    EXPECT_NE(down.err.find("--partial"), std::string::npos) << down.err;
    EXPECT_EQ(std::count(down.err.begin(), down.err.end(), '\n'), 1) << down.err;

    RunResult partial =
        run_program("tilde-search", {"--index", stub.string(), "--partial", "--json", "Guaidó"});
    ASSERT_EQ(partial.exit_code, 0) << partial.err;
    EXPECT_NE(partial.err.find("warning: shard '" + second.entry() + "'"), std::string::npos)
        << partial.err;
    EXPECT_NE(partial.err.find("1 of 2 shards"), std::string::npos) << partial.err;
    const nlohmann::json answer = nlohmann::json::parse(partial.out);
    EXPECT_EQ(answer["warnings"].size(), 1u);
    // Only the first shard's passages: the same as searching that shard alone.
    const Searcher shard_one(sharded() / "shard-1");
    const SearchResults alone = shard_one.search("Guaidó");
    ASSERT_EQ(answer["results"].size(), alone.hits.size());
    for (size_t i = 0; i < alone.hits.size(); ++i) {
        EXPECT_EQ(answer["results"][i]["doc"], alone.hits[i].doc);
        EXPECT_EQ(answer["results"][i]["passage"], alone.hits[i].passage);
    }

    first.stop();
    RunResult none = run_program("tilde-search", {"--index", stub.string(), "--partial", "Guaidó"});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("no shard of"), std::string::npos) << none.err;
}

TEST_F(Shards, ASilentServerTimesOut) {
    // Listens but never answers: the connection is made, the handshake never comes.
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(listener, 4), 0);
    socklen_t length = sizeof address;
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    const std::string entry = "remote :127.0.0.1:" + std::to_string(ntohs(address.sin_port));
    const fs::path stub = dir_->path() / "silent.stub";
    test::write_file(stub, "auto two/shard-1\n" + entry + "\n");

    RunResult run =
        run_program("tilde-search", {"--index", stub.string(), "--timeout", "200", "Guaidó"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("shard '" + entry + "'"), std::string::npos) << run.err;
    RunResult partial = run_program(
        "tilde-search", {"--index", stub.string(), "--timeout", "200", "--partial", "Guaidó"});
    EXPECT_EQ(partial.exit_code, 0) << partial.err;
    EXPECT_NE(partial.err.find("1 of 2 shards"), std::string::npos) << partial.err;
    close(listener);
}

TEST_F(Shards, LaterRunsUpdateEachDocumentInItsShard) {
    test::TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    fs::copy(test::corpus_dir(), corpus);
    const fs::path index2 = dir.path() / "index";
    ASSERT_EQ(run_program("tilde-index",
                          {"--quiet", "--index", index2.string(), "--shards", "2", corpus.string()})
                  .exit_code,
              0);
    // A second run finds every file recorded in both shards.
    RunResult rerun = run_program("tilde-index", {"--quiet", "--json", "--index", index2.string(),
                                                  "--shards", "2", corpus.string()});
    ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_EQ(nlohmann::json::parse(rerun.out)["unchanged_files"], 5);

    // One file changes; without --shards the index keeps its two.
    const fs::path changed = *fs::directory_iterator(corpus);
    test::write_file(changed, test::read_text_file(changed) + "\n\nA zanzibarian footnote.\n");
    RunResult again =
        run_program("tilde-index", {"--json", "--index", index2.string(), corpus.string()});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    const nlohmann::json summary = nlohmann::json::parse(again.out);
    EXPECT_EQ(summary["documents"], 1);
    EXPECT_EQ(summary["unchanged_files"], 4);
    EXPECT_EQ(summary["shards"], 2);
    const Searcher searcher(index2);
    const SearchResults found = searcher.search("zanzibarian");
    ASSERT_EQ(found.hits.size(), 1u);
    EXPECT_EQ(searcher.info().documents, 5u);
    EXPECT_EQ(searcher.info().passages, Searcher(test::sample_index()).info().passages + 1);

    RunResult recount =
        run_program("tilde-index", {"--index", index2.string(), "--shards", "3", corpus.string()});
    EXPECT_EQ(recount.exit_code, 2);
    EXPECT_NE(recount.err.find("has 2 shards, not 3"), std::string::npos) << recount.err;
    RunResult onto_plain = run_program("tilde-index", {"--index", test::sample_index().string(),
                                                       "--shards", "2", corpus.string()});
    EXPECT_EQ(onto_plain.exit_code, 2);
    EXPECT_NE(onto_plain.err.find("index into a new folder"), std::string::npos) << onto_plain.err;
}

TEST_F(Shards, BadStubLinesAreNamed) {
    test::TempDir dir;
    const fs::path stub = dir.path() / "bad.stub";
    test::write_file(stub, "auto shard-1\nremote 10.0.0.1:8100\n");
    RunResult run = run_program("tilde-search", {"--index", stub.string(), "Guaidó"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("line 2: expected 'remote :HOST:PORT'"), std::string::npos) << run.err;
    test::write_file(stub, "auto missing-shard\n");
    run = run_program("tilde-search", {"--index", stub.string(), "Guaidó"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("shard 'auto missing-shard'"), std::string::npos) << run.err;
    // Remote shards are searched, never written.
    test::write_file(stub, "remote :127.0.0.1:9\n");
    run = run_program("tilde-index", {"--index", stub.string(), test::corpus_dir().string()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("is remote"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace tilde
