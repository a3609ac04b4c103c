// SPDX-License-Identifier: MIT
/// @file test_golden.cpp  Snippets and printer output compared with tests/golden/NAME.out.
///
/// NAME.args: line 1 is the query; further lines are options (limit=N, explain=1, json=1).
/// TILDE_UPDATE_GOLDEN=1 rewrites the .out files; review the diff like code.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include <tilde/searcher.hpp>

#include "printers.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;

fs::path golden_dir() { return fs::path(TILDE_SOURCE_DIR) / "tests" / "golden"; }

std::vector<std::string> golden_names() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(golden_dir())) {
        if (entry.path().extension() == ".args") {
            names.push_back(entry.path().stem().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpectedOutput) {
    const std::string name = GetParam();
    std::istringstream args(test::read_text_file(golden_dir() / (name + ".args")));
    std::string query;
    std::getline(args, query);
    SearchOptions options;
    bool json = false;
    for (std::string line; std::getline(args, line);) {
        if (line.starts_with("limit=")) {
            options.limit = static_cast<uint32_t>(std::stoul(line.substr(6)));
        } else if (line == "explain=1") {
            options.explain = true;
        } else if (line == "json=1") {
            json = true;
        }
    }
    Searcher searcher(test::sample_index());
    SearchResults results = searcher.search(query, options);
    results.took_ms = 0;  // the only field that changes between runs
    std::ostringstream actual;
    if (json) {
        cli::print_json(actual, results, options.explain);
    } else {
        cli::PrintOptions print;
        print.explain = options.explain;
        print.timing = false;
        cli::print_text(actual, results, print);
    }
    fs::path expected_path = golden_dir() / (name + ".out");
    const char* update = std::getenv("TILDE_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream(expected_path, std::ios::binary) << actual.str();
        GTEST_SKIP() << "rewrote " << expected_path;
    }
    ASSERT_TRUE(fs::exists(expected_path))
        << "no " << expected_path << "; run with TILDE_UPDATE_GOLDEN=1 to create it";
    EXPECT_EQ(actual.str(), test::read_text_file(expected_path))
        << "golden mismatch for " << name << "; full output above. If the change is intended, "
        << "rerun with TILDE_UPDATE_GOLDEN=1 and review the diff";
}

INSTANTIATE_TEST_SUITE_P(Files, Golden, ::testing::ValuesIn(golden_names()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                             std::string id = param_info.param;
                             std::replace_if(
                                 id.begin(), id.end(),
                                 [](char c) {
                                     return !std::isalnum(static_cast<unsigned char>(c));
                                 },
                                 '_');
                             return id;
                         });

}  // namespace
}  // namespace tilde
