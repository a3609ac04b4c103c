// SPDX-License-Identifier: MIT
/// @file test_json_repair.cpp  The mends for JSON lines written slightly wrong (json_repair.hpp).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "json_repair.hpp"

namespace tilde {
namespace {

TEST(EscapeRawControls, ControlsInsideStringsBecomeTheirEscapes) {
    std::string line = "{\"a\": \"x\ty\", \"b\": \"\x01\", \"c\": \"\\\"\t\\\\\"}";
    EXPECT_EQ(escape_raw_controls(line), 3u);
    EXPECT_EQ(line, "{\"a\": \"x\\ty\", \"b\": \"\\u0001\", \"c\": \"\\\"\\t\\\\\"}");
    const nlohmann::json parsed = nlohmann::json::parse(line);
    EXPECT_EQ(parsed["a"], "x\ty");
    EXPECT_EQ(parsed["b"], "\x01");
    EXPECT_EQ(parsed["c"], "\"\t\\");
}

TEST(EscapeRawControls, OutsideStringsAndCleanLinesAreLeftAlone) {
    for (std::string line : {std::string("{\"a\":\t\"b\"}"), std::string("{\"a\": \"b\"\x01}"),
                             std::string("{\"a\": \"\\u0009 \\t\"}")}) {
        const std::string before = line;
        EXPECT_EQ(escape_raw_controls(line), 0u) << before;
        EXPECT_EQ(line, before);
    }
}

TEST(ReplaceLoneSurrogates, HalvesGoAndPairsStay) {
    std::string line = "{\"t\": \"\\ud83d \\ud83d\\ude00 \\ude00\"}";
    EXPECT_EQ(replace_lone_surrogates(line), 2u);
    EXPECT_EQ(line, "{\"t\": \"\\ufffd \\ud83d\\ude00 \\ufffd\"}");
}

}  // namespace
}  // namespace tilde
