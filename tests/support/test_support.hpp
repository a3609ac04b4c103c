// SPDX-License-Identifier: MIT
/// @file test_support.hpp  Helpers for tests: temp folders, running programs, the sample index.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tilde::test {

/// A fresh folder under the system temp dir, removed when the object dies.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

/// What a finished program left behind.
struct RunResult {
    int exit_code = -1;  ///< -1 if killed by a signal
    std::string out;
    std::string err;
};

/// Runs build/bin/PROGRAM with `args` (no shell), extra environment variables and stdin text.
RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {},
                      const std::string& stdin_text = {});

/// Starts build/bin/PROGRAM with `args` in the background, output discarded; the caller
/// waits for (or kills) the returned process.
pid_t start_program(const std::string& program, const std::vector<std::string>& args);

/// tilde-index --index INDEX [OPTIONS] PATHS...
RunResult index_into(const std::filesystem::path& index, const std::vector<std::string>& paths,
                     std::vector<std::string> options = {});

/// tilde-search --index INDEX --json ARGS..., parsed; a failing run (not 0 or 1) is a test
/// failure.
nlohmann::json search_json(const std::filesystem::path& index,
                           const std::vector<std::string>& args);

/// The number of passages `query` matches in INDEX, as tilde-search --json reports it.
std::uint64_t search_total(const std::filesystem::path& index, const std::string& query);

/// The bundled corpus folder (corpus/venezuela).
std::filesystem::path corpus_dir();

/// An index of the bundled corpus, built once per test program with the real tilde-index.
const std::filesystem::path& sample_index();

/// One line of tests/seed-queries.tsv: a query and what its answer must show.
struct SeedQuery {
    std::string query;
    std::string check;
    int line = 0;
};

/// The acceptance queries of tests/seed-queries.tsv, in file order.
std::vector<SeedQuery> load_seed_queries();

/// Writes `content` to `path` byte for byte, creating its folders.
void write_file(const std::filesystem::path& path, const std::string& content);

/// Reads a whole file.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace tilde::test
