// SPDX-License-Identifier: MIT
/// @file test_issue18.cpp  Regression tests for issue #18's queries that failed on the bundled
/// corpus.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace tilde {
namespace {
using test::sample_index;
using test::search_json;

// With the query in Spanish, an English passage holds the English stem ("maduro", where Spanish
// has "madur") and matched only through the word as typed, which choosing candidates left out:
// any query of two words or more found nothing there ("xyzzy maduro" 0, "maduro" 70).
TEST(Issue18, AQueryInOneLanguageFindsPassagesInTheOther) {
    auto total = [](const std::string& query, const std::string& lang) {
        return search_json(sample_index(), {"--lang", lang, "--limit", "1", query})["total"]
            .get<std::uint64_t>();
    };
    const std::uint64_t maduro = total("maduro", "es");
    ASSERT_GT(maduro, 0u);
    EXPECT_EQ(total("maduro", "en"), maduro);
    EXPECT_EQ(total("xyzzy maduro", "es"), maduro);
    EXPECT_EQ(total("guaido maduro", "es"), total("guaido maduro", "en"));
}

}  // namespace
}  // namespace tilde
