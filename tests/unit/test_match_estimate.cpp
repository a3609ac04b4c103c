// SPDX-License-Identifier: MIT
/// @file test_match_estimate.cpp  Match counts from term frequencies: the estimate Xapian's
/// matcher would make before reading postings, and the count a query surely reaches.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "match_estimate.hpp"

namespace tilde {
namespace {

using Q = Xapian::Query;

// Of 1,000 passages: `a` in 500, `b` in 200, `c` in 10, `gone` in none.
const std::map<std::string, Xapian::doccount> kFrequencies{
    {"a", 500}, {"b", 200}, {"c", 10}, {"gone", 0}};

Xapian::doccount frequency(const std::string& term) { return kFrequencies.at(term); }

double estimate(const Q& query) {
    const auto matches = estimate_matches(query, 1000, frequency);
    EXPECT_TRUE(matches.has_value()) << query.get_description();
    return matches.value_or(-1);
}

TEST(MatchEstimate, TermsCountTheirPassagesAndCombineAsIfIndependent) {
    EXPECT_DOUBLE_EQ(estimate(Q("a")), 500);
    EXPECT_DOUBLE_EQ(estimate(Q("gone")), 0);
    // Either: 1 - (1 - .5)(1 - .2) of the passages.
    EXPECT_DOUBLE_EQ(estimate(Q(Q::OP_OR, Q("a"), Q("b"))), 600);
    EXPECT_DOUBLE_EQ(estimate(Q(Q::OP_SYNONYM, Q("a"), Q("b"))), 600);
    // Both: .5 x .2; the first without the second: .5 x .8.
    EXPECT_DOUBLE_EQ(estimate(Q(Q::OP_AND, Q("a"), Q("b"))), 100);
    EXPECT_DOUBLE_EQ(estimate(Q(Q::OP_FILTER, Q("a"), Q("b"))), 100);
    EXPECT_DOUBLE_EQ(estimate(Q(Q::OP_AND_NOT, Q("a"), Q("b"))), 400);
    // Weights and optional parts do not change which passages match.
    EXPECT_DOUBLE_EQ(estimate(Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, Q("a"), Q("c")), 0.5)), 505);
    EXPECT_DOUBLE_EQ(estimate(Q(Q::OP_AND_MAYBE, Q("c"), Q("a"))), 10);
    EXPECT_DOUBLE_EQ(estimate(Q()), 0);
}

TEST(MatchEstimate, PartsWithoutFrequenciesGiveNoEstimate) {
    const Q phrase(Q::OP_PHRASE, Q("a"), Q("b"));
    EXPECT_FALSE(estimate_matches(phrase, 1000, frequency).has_value());
    EXPECT_FALSE(estimate_matches(Q(Q::OP_OR, Q("c"), phrase), 1000, frequency).has_value());
    EXPECT_FALSE(estimate_matches(Q(Q::OP_AND_NOT, Q("a"), phrase), 1000, frequency).has_value());
    EXPECT_FALSE(estimate_matches(Q::MatchAll, 1000, frequency).has_value());
    EXPECT_FALSE(estimate_matches(Q(Q::OP_VALUE_RANGE, 2, "20190101", "20191231"), 1000, frequency)
                     .has_value());
}

TEST(MatchEstimate, ASureCountIsTheLargestTermWhereAnyTermSuffices) {
    EXPECT_EQ(least_matches(Q("b"), frequency), 200U);
    EXPECT_EQ(least_matches(Q(Q::OP_OR, Q("c"), Q(Q::OP_SYNONYM, Q("gone"), Q("a"))), frequency),
              500U);
    EXPECT_EQ(least_matches(Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, Q("b"), Q("c")), 2), frequency),
              200U);
    // Where every part must match, or some must not, nothing is sure.
    EXPECT_EQ(least_matches(Q(Q::OP_AND, Q("a"), Q("b")), frequency), 0U);
    EXPECT_EQ(least_matches(Q(Q::OP_AND_NOT, Q("a"), Q("c")), frequency), 0U);
    EXPECT_EQ(least_matches(Q(Q::OP_PHRASE, Q("a"), Q("b")), frequency), 0U);
    EXPECT_EQ(least_matches(Q::MatchAll, frequency), 0U);
}

// With --count, a count looks at every passage: phase 1's count plus that limit passes 2^32
// on a large index, and must not wrap round to a small number.
TEST(MatchEstimate, ASureCountIsComparedWithTheExactLimitWithoutWrapping) {
    EXPECT_TRUE(surely_past_exact_count(500, 10, 100));
    EXPECT_FALSE(surely_past_exact_count(110, 10, 100));
    constexpr Xapian::doccount kBillions = 3'000'000'000U;
    EXPECT_FALSE(surely_past_exact_count(kBillions, 2'000'000'000U, kBillions));
}

}  // namespace
}  // namespace tilde
