// SPDX-License-Identifier: MIT
/// @file match_estimate.hpp  How many passages a query matches, estimated from its terms'
/// frequencies alone (no postings read), as Xapian's matcher estimates before it reads them,
/// and bounded below.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <xapian.h>

namespace tilde {

/// The matches of `query` among `documents` passages, taking the terms as independent:
/// `termfreq` gives each term's passages. Empty for a query with parts that have no term
/// frequency (posting sources, value ranges, phrases, wildcards, every passage).
[[nodiscard]] std::optional<double> estimate_matches(
    const Xapian::Query& query, Xapian::doccount documents,
    const std::function<Xapian::doccount(const std::string&)>& termfreq);

/// A number of passages `query` surely matches: the most of any one term where any one term
/// suffices (OR, SYNONYM), else none.
[[nodiscard]] Xapian::doccount least_matches(
    const Xapian::Query& query,
    const std::function<Xapian::doccount(const std::string&)>& termfreq);

/// Whether `surely` matching passages are more than `counted` ones plus the `up_to` a count
/// would look at: then counting cannot make the total exact. In 64 bits, as `up_to` may be
/// every passage.
[[nodiscard]] bool surely_past_exact_count(Xapian::doccount surely, Xapian::doccount counted,
                                           Xapian::doccount up_to);

}  // namespace tilde
