// SPDX-License-Identifier: MIT
/// @file test_serve.cpp  Issue #22: tilde-serve's HTTP API, asked over loopback of the real
/// server on the bundled corpus. Each server listens on 127.0.0.1, on a port the system picks,
/// and stops itself after two minutes if a test fails to stop it.
#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <sys/wait.h>
#include <thread>

#include <fcntl.h>
#include <httplib.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test::run_program;
using test::RunResult;

class ServerProcess {
  public:
    explicit ServerProcess(const fs::path& index, std::vector<std::string> options = {}) {
        const fs::path log = dir_.path() / "serve.log";
        std::vector<std::string> args = {std::string(TILDE_BIN_DIR) + "/tilde-serve",
                                         "--index",
                                         index.string(),
                                         "--listen",
                                         "127.0.0.1:0",
                                         "--stop-after",
                                         "120"};
        args.insert(args.end(), options.begin(), options.end());
        pid_ = fork();
        if (pid_ == 0) {
            const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(fd, STDERR_FILENO);
            std::vector<char*> argv;
            for (std::string& arg : args) {
                argv.push_back(arg.data());
            }
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        // The server names its port on stderr once it listens.
        for (int tries = 0; tries < 600 && port_ == 0; ++tries) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            const std::string said = log_text();
            const size_t at = said.find("http://127.0.0.1:");
            if (at != std::string::npos && said.find("/ with", at) != std::string::npos) {
                port_ = std::stoi(said.substr(at + 17));
            }
        }
        if (port_ == 0) {
            ADD_FAILURE() << "tilde-serve did not start: " << log_text();
        }
    }
    ~ServerProcess() {
        if (pid_ > 0) {
            stop();
        }
    }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // GET `path`: the status and the body parsed as JSON.
    std::pair<int, json> get(const std::string& path) const {
        httplib::Client client("127.0.0.1", port_);
        client.set_read_timeout(60);
        const httplib::Result result = client.Get(path);
        if (!result) {
            ADD_FAILURE() << "GET " << path << " failed: " << httplib::to_string(result.error());
            return {0, json()};
        }
        return {result->status, json::parse(result->body)};
    }

    httplib::Result raw_get(const std::string& path) const {
        httplib::Client client("127.0.0.1", port_);
        return client.Get(path);
    }

    // SIGTERM; the exit status.
    int stop() {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = 0;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    std::string log_text() const { return test::read_text_file(dir_.path() / "serve.log"); }
    int port() const { return port_; }

  private:
    test::TempDir dir_;
    pid_t pid_ = 0;
    int port_ = 0;
};

std::string encoded(const std::string& text) { return httplib::detail::encode_query_param(text); }

json without_timing(json results) {
    results.erase("took_ms");
    return results;
}

TEST(Issue22, SearchAnswersWhatTildeSearchJsonPrints) {
    ServerProcess server(test::sample_index());
    for (const std::string query :
         {"guaido", "reunión secreta", "golpe de estado", "Maduro NEAR/3 secret", "xyzzy"}) {
        const auto [status, answer] =
            server.get("/search?q=" + encoded(query) + "&limit=20&explain=1");
        EXPECT_EQ(status, 200) << query;
        RunResult cli =
            run_program("tilde-search", {"--index", test::sample_index().string(), "--json",
                                         "--explain", "--limit", "20", query});
        EXPECT_EQ(without_timing(answer), without_timing(json::parse(cli.out))) << query;
    }
    const auto [status, paged] = server.get("/search?q=guaido&limit=2&offset=2&per_document=1");
    EXPECT_EQ(status, 200);
    RunResult cli =
        run_program("tilde-search", {"--index", test::sample_index().string(), "--json", "--limit",
                                     "2", "--offset", "2", "--per-document", "1", "guaido"});
    EXPECT_EQ(without_timing(paged), without_timing(json::parse(cli.out)));
}

TEST(Issue22, DocumentsCompletionStatsAndHealthAnswer) {
    ServerProcess server(test::sample_index());
    const auto [status, document] =
        server.get("/documents/004_926f802af591d6d1.txt?q=" + encoded("Guaidó"));
    ASSERT_EQ(status, 200) << document;
    EXPECT_EQ(document["doc"], "004_926f802af591d6d1.txt");
    ASSERT_FALSE(document["passages"].empty());
    const json& first = document["passages"][0];
    ASSERT_EQ(first["highlights"].size(), 1u) << first;
    const std::string text = first["text"];
    const size_t begin = first["highlights"][0][0];
    const size_t end = first["highlights"][0][1];
    EXPECT_EQ(text.substr(begin, end - begin), "Guaidó");

    const auto [complete_status, completions] = server.get("/complete?prefix=guai");
    EXPECT_EQ(complete_status, 200);
    EXPECT_EQ(completions["completions"], json::array({"Guaidó"}));

    const auto [stats_status, stats] = server.get("/stats");
    EXPECT_EQ(stats_status, 200);
    EXPECT_EQ(stats["documents"], 5);
    RunResult cli =
        run_program("tilde-search", {"--index", test::sample_index().string(), "--stats"});
    EXPECT_NE(cli.out.find("passages   " + std::to_string(stats["passages"].get<int>()) + "\n"),
              std::string::npos)
        << cli.out;

    const auto [health_status, health] = server.get("/health");
    EXPECT_EQ(health_status, 200);
    EXPECT_EQ(health["status"], "ok");
}

TEST(Issue22, ErrorsAreJsonWithTheirStatus) {
    ServerProcess server(test::sample_index());
    const std::vector<std::tuple<std::string, int, std::string>> cases = {
        {"/search?q=%28guaido", 400, "a '(' is never closed"},
        {"/search?q=guaido&limit=abc", 400, "limit: 'abc' is not a whole number"},
        {"/search?q=guaido&limit=0", 400, "limit: must be at least 1"},
        // Too big for 32 bits was called "not a whole number".
        {"/search?q=guaido&offset=99999999999", 400, "offset: 99999999999 is more than 1000000"},
        {"/search?q=guaido&lang=fr", 400, "lang: unknown language 'fr'"},
        {"/search?q=guaido&explain=yes", 400, "explain: 'yes' is not 0 or 1"},
        {"/search", 400, "q: missing"},
        {"/search?q=" + std::string(5000, 'a'), 400, "q: 5000 bytes, more than 4096"},
        {"/documents/no-such-document", 404, "no document 'no-such-document' in the index"},
        {"/no-such-endpoint", 404, "no such endpoint: /no-such-endpoint"},
        {"/search?q=" + std::string(9000, 'a'), 414, "the URL is too long"},
    };
    for (const auto& [path, expected_status, message] : cases) {
        const auto [status, answer] = server.get(path);
        EXPECT_EQ(status, expected_status) << path;
        EXPECT_NE(answer.value("error", "").find(message), std::string::npos)
            << path << ": " << answer;
    }
    EXPECT_FALSE(server.raw_get("/search?q=guaido")->has_header("Access-Control-Allow-Origin"));
}

// Issue #22 (the HTTP API), found after it: a misspelt parameter (`limt=5`) was dropped without
// a word and the default answered, and a parameter given twice used its first value.
TEST(Issue22, UnknownAndRepeatedParametersAreRefused) {
    ServerProcess server(test::sample_index());
    const std::vector<std::tuple<std::string, std::string>> refused = {
        {"/search?q=guaido&limt=5",
         "unknown parameter 'limt': this endpoint takes q, limit, offset"},
        {"/search?q=guaido&limit=5&limit=6", "limit: given more than once"},
        {"/documents/x?q=guaido&highlight=1", "unknown parameter 'highlight'"},
        {"/complete?prefix=gua&q=x", "unknown parameter 'q': this endpoint takes prefix, limit"},
        {"/stats?verbose=1", "unknown parameter 'verbose': this endpoint takes none"},
        {"/search?q=guaido&" + std::string(200, 'z') + "=1",
         "unknown parameter '" + std::string(60, 'z') + "...'"},
    };
    for (const auto& [path, message] : refused) {
        const auto [status, answer] = server.get(path);
        EXPECT_EQ(status, 400) << path;
        EXPECT_NE(answer.value("error", "").find(message), std::string::npos)
            << path << ": " << answer;
    }
    // Every parameter the API documents is taken, and a trailing '&' asks nothing.
    const auto [status, answer] = server.get(
        "/search?q=guaido&limit=2&offset=1&lang=auto&sort=date&per_document=1&facets=lang&"
        "explain=0&snippets=1&translate=1&synonyms=1&");
    EXPECT_EQ(status, 200) << answer;
    EXPECT_EQ(answer["results"].size(), 2u) << answer;
    EXPECT_EQ(server.get("/complete?prefix=gua&limit=3").first, 200);
    EXPECT_EQ(server.get("/stats").first, 200);
}

TEST(Issue22, AnIndexThatCannotBeOpenedGets503UntilItCan) {
    test::TempDir dir;
    const fs::path index = dir.path() / "later.idx";
    ServerProcess server(index);
    EXPECT_NE(server.log_text().find("requests get 503 until it can be opened"), std::string::npos)
        << server.log_text();
    const auto [status, answer] = server.get("/search?q=guaido");
    EXPECT_EQ(status, 503);
    EXPECT_NE(answer.value("error", "").find("later.idx"), std::string::npos) << answer;
    EXPECT_EQ(server.get("/health").first, 503);

    ASSERT_EQ(test::index_into(index, {test::corpus_dir().string()}).exit_code, 0);
    EXPECT_EQ(server.get("/health").first, 200);
    EXPECT_EQ(server.get("/search?q=guaido").second["total"], 27);
}

TEST(Issue22, SearchesSeeEachCommitOfARunningIndex) {
    test::TempDir dir;
    const fs::path index = dir.path() / "news.idx";
    ASSERT_EQ(test::index_into(index, {test::corpus_dir().string()}).exit_code, 0);
    ServerProcess server(index, {"--threads", "3"});
    // Every worker thread opens its handle before the index changes.
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(server.get("/search?q=zarzamora").second["total"], 0);
    }
    test::write_file(dir.path() / "more" / "zarzamora.txt", "Una zarzamora en Caracas.\n");
    ASSERT_EQ(test::index_into(index, {(dir.path() / "more").string()}).exit_code, 0);
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(server.get("/search?q=zarzamora").second["total"], 1) << "request " << i;
    }
}

TEST(Issue22, CorsHeadersOnlyWhenAskedAndSigtermStopsCleanly) {
    ServerProcess server(test::sample_index(), {"--cors", "https://example.org"});
    const httplib::Result result = server.raw_get("/search?q=guaido");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->get_header_value("Access-Control-Allow-Origin"), "https://example.org");
    EXPECT_EQ(server.stop(), 0);
    EXPECT_NE(server.log_text().find("tilde-serve: stopped"), std::string::npos)
        << server.log_text();
}

// An index of two collections, in two languages, with dates: the sample news articles and the
// XQuAD passages.
const fs::path& two_collections() {
    static test::TempDir dir;
    static const fs::path index = [] {
        const fs::path path = dir.path() / "two.idx";
        RunResult run = test::index_into(
            path,
            {test::corpus_dir().string(), std::string(TILDE_SOURCE_DIR) + "/tests/data/xquad-dev"});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        return path;
    }();
    return index;
}

TEST(Issue22, FacetsCountEveryMatchNotJustThePage) {
    const fs::path& index = two_collections();
    for (const std::string query : {"president", "guaido", "agua OR water", "xyzzy"}) {
        const json all = test::search_json(index, {"--limit", "100000", query});
        std::map<std::string, std::uint64_t> years;
        std::map<std::string, std::uint64_t> months;
        std::map<std::string, std::uint64_t> languages;
        for (const json& hit : all["results"]) {
            if (hit["date"].is_string()) {
                const std::string date = hit["date"];
                ++years[date.substr(0, 4)];
                ++months[date.substr(0, 7)];
            }
            ++languages[hit["lang"].get<std::string>()];
        }
        const json faceted =
            test::search_json(index, {"--limit", "1", "--facets", "date,lang,source", query});
        ASSERT_TRUE(faceted.contains("facets")) << query;
        auto as_map = [](const json& counts) {
            std::map<std::string, std::uint64_t> out;
            for (const json& count : counts) {
                out[count["value"]] = count["count"];
            }
            return out;
        };
        EXPECT_EQ(as_map(faceted["facets"]["year"]), years) << query;
        EXPECT_EQ(as_map(faceted["facets"]["month"]), months) << query;
        EXPECT_EQ(as_map(faceted["facets"]["lang"]), languages) << query;
        // Each source's count is what the query finds restricted to that source.
        std::uint64_t in_sources = 0;
        for (const auto& [source, count] : as_map(faceted["facets"]["source"])) {
            EXPECT_EQ(test::search_total(index, query + " source:" + source), count)
                << query << " in " << source;
            in_sources += count;
        }
        EXPECT_EQ(in_sources, all["total"].get<std::uint64_t>()) << query;
    }
    if (std::uint64_t total = test::search_total(index, "president"); total > 0) {
        const json facets =
            test::search_json(index, {"--facets", "source", "president"})["facets"]["source"];
        EXPECT_EQ(facets.size(), 2u) << facets;  // both collections have presidents
    }
}

TEST(Issue22, FacetsAreInTheApiAndTheTextOutput) {
    ServerProcess server(two_collections());
    const auto [status, answer] = server.get("/search?q=president&facets=lang,year");
    EXPECT_EQ(status, 200);
    RunResult cli = run_program("tilde-search", {"--index", two_collections().string(), "--json",
                                                 "--facets", "lang,year", "president"});
    EXPECT_EQ(answer["facets"], json::parse(cli.out)["facets"]);
    const auto [bad_status, bad] = server.get("/search?q=president&facets=colour");
    EXPECT_EQ(bad_status, 400);
    EXPECT_NE(bad.value("error", "").find("unknown facet 'colour'"), std::string::npos) << bad;

    RunResult text = run_program(
        "tilde-search", {"--index", test::sample_index().string(), "--facets", "date", "guaido"});
    EXPECT_NE(text.out.find("\nyear: 2019 (27)\nmonth: 2019-01 (12) · 2019-02 (6) · 2019-08 (9)\n"),
              std::string::npos)
        << text.out;
}

// bench/serve.sh found 14 of 16 connections waiting: a kept-alive connection holds a worker, and
// the default was one worker per core. Idle kept-alive clients must not keep others out.
TEST(Issue22, IdleKeptAliveConnectionsDoNotShutOthersOut) {
    ServerProcess server(test::sample_index());
    std::vector<std::unique_ptr<httplib::Client>> idle;
    for (int i = 0; i < 7; ++i) {
        auto client = std::make_unique<httplib::Client>("127.0.0.1", server.port());
        client->set_keep_alive(true);
        ASSERT_TRUE(client->Get("/health")) << "connection " << i;
        idle.push_back(std::move(client));  // still open, holding its worker
    }
    httplib::Client late("127.0.0.1", server.port());
    late.set_read_timeout(2);  // the server drops an idle connection only after 5 s
    const httplib::Result result = late.Get("/search?q=guaido");
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, 200);
}

TEST(Issue22, ListenAddressErrorsNameTheOption) {
    RunResult bad = run_program(
        "tilde-serve", {"--index", test::sample_index().string(), "--listen", "127.0.0.1:99999"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "tilde-serve: error: --listen: '99999' is not a port number (0 to 65535)\n");
    RunResult version = run_program("tilde-serve", {"--version"});
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_EQ(version.out.substr(0, version.out.find('\n')), "tilde-serve 0.1.0");
}

}  // namespace
}  // namespace tilde
