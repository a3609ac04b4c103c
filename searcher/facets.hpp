// SPDX-License-Identifier: MIT
/// @file facets.hpp  Matching passages counted by year, month, language and source, with
/// Xapian match spies, in one pass over every match.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include <tilde/searcher.hpp>

#include "index_reader.hpp"

namespace tilde {

/// The facet names `asked` stands for ("date" is "year" and "month"), checked, in order and
/// without repeats. @throws UsageError for a name that is none of them.
[[nodiscard]] std::vector<std::string> facet_names(const std::vector<std::string>& asked);

/// The passages `matches` matches, counted by each of `names` (facet_names()).
/// @throws UsageError over remote shards, whose servers cannot run tilde's spies.
[[nodiscard]] std::vector<Facet> count_facets(const IndexReader& reader,
                                              const Xapian::Query& matches,
                                              const std::vector<std::string>& names);

}  // namespace tilde
