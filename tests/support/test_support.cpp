// SPDX-License-Identifier: MIT
/// @file test_support.cpp  Temp folders, fork/exec of the real programs, the shared sample index.
#include "test_support.hpp"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tilde::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tilde-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string read_text_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env,
                      const std::string& stdin_text) {
    TempDir io;
    fs::path out_path = io.path() / "out";
    fs::path err_path = io.path() / "err";
    fs::path in_path = io.path() / "in";
    std::ofstream(in_path, std::ios::binary) << stdin_text;
    std::string binary = std::string(TILDE_BIN_DIR) + "/" + program;
    std::vector<std::string> argv_storage = {binary};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    pid_t pid = fork();
    if (pid == 0) {
        int in = open(in_path.c_str(), O_RDONLY);
        int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        for (const auto& [key, value] : env) {
            setenv(key.c_str(), value.c_str(), 1);
        }
        std::vector<char*> argv;
        for (std::string& arg : argv_storage) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    RunResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text_file(out_path);
    result.err = read_text_file(err_path);
    return result;
}

pid_t start_program(const std::string& program, const std::vector<std::string>& args) {
    std::vector<std::string> argv_storage = {std::string(TILDE_BIN_DIR) + "/" + program};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : argv_storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

std::vector<SeedQuery> load_seed_queries() {
    std::ifstream in(std::string(TILDE_SOURCE_DIR) + "/tests/seed-queries.tsv");
    std::vector<SeedQuery> out;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        size_t tab = line.find('\t');
        if (tab != std::string::npos) {
            out.push_back({line.substr(0, tab), line.substr(tab + 1), number});
        }
    }
    return out;
}

void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

fs::path corpus_dir() { return fs::path(TILDE_SOURCE_DIR) / "corpus" / "venezuela"; }

const fs::path& sample_index() {
    static std::unique_ptr<TempDir> dir;
    static fs::path index;
    if (!dir) {
        dir = std::make_unique<TempDir>();
        index = dir->path() / "venezuela.idx";
        RunResult result =
            run_program("tilde-index", {"--index", index.string(), corpus_dir().string()});
        if (result.exit_code != 0) {
            throw std::runtime_error("tilde-index failed: " + result.err);
        }
    }
    return index;
}

RunResult index_into(const fs::path& index, const std::vector<std::string>& paths,
                     std::vector<std::string> options) {
    options.insert(options.end(), {"--index", index.string()});
    options.insert(options.end(), paths.begin(), paths.end());
    return run_program("tilde-index", options);
}

nlohmann::json search_json(const fs::path& index, const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--index", index.string(), "--json"};
    all.insert(all.end(), args.begin(), args.end());
    RunResult run = run_program("tilde-search", all);
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
    return nlohmann::json::parse(run.out);
}

std::uint64_t search_total(const fs::path& index, const std::string& query) {
    return search_json(index, {"--limit", "1", query})["total"].get<std::uint64_t>();
}

}  // namespace tilde::test
