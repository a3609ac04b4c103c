// SPDX-License-Identifier: MIT
/// @file match_estimate.cpp  Match counts from term frequencies (see match_estimate.hpp).
#include "match_estimate.hpp"

#include <algorithm>
#include <cstdint>

namespace tilde {

namespace {

using TermFreq = std::function<Xapian::doccount(const std::string&)>;

// The term of a one-term query; none for the empty term (every passage) or any other query.
std::optional<std::string> term_of(const Xapian::Query& query) {
    if (query.get_type() != Xapian::Query::LEAF_TERM) {
        return std::nullopt;
    }
    const auto term = query.get_terms_begin();
    if (term == query.get_terms_end() || (*term).empty()) {
        return std::nullopt;
    }
    return *term;
}

std::optional<double> share_of(const Xapian::Query& query, double documents,
                               const TermFreq& termfreq);

// The product of the shares of parts [first, ...) of `query`, or of the shares they leave
// out (`left_out`).
std::optional<double> product_of(const Xapian::Query& query, size_t first, bool left_out,
                                 double documents, const TermFreq& termfreq) {
    double product = 1;
    for (size_t i = first; i < query.get_num_subqueries(); ++i) {
        const auto share = share_of(query.get_subquery(i), documents, termfreq);
        if (!share) {
            return std::nullopt;
        }
        product *= left_out ? 1 - *share : *share;
    }
    return product;
}

// The share of all passages that `query` matches, or nothing when a part has no statistics.
std::optional<double> share_of(const Xapian::Query& query, double documents,
                               const TermFreq& termfreq) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM: {
            const auto term = term_of(query);
            return term ? std::optional<double>(std::min(1.0, termfreq(*term) / documents))
                        : std::nullopt;
        }
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM: {
            const auto none = product_of(query, 0, true, documents, termfreq);
            return none ? std::optional<double>(1 - *none) : std::nullopt;
        }
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_FILTER:
            return product_of(query, 0, false, documents, termfreq);
        case Xapian::Query::OP_AND_NOT: {
            const auto kept = product_of(query, 1, true, documents, termfreq);
            const auto first = query.get_num_subqueries() == 0
                                   ? std::nullopt
                                   : share_of(query.get_subquery(0), documents, termfreq);
            return kept && first ? std::optional<double>(*first * *kept) : std::nullopt;
        }
        case Xapian::Query::OP_AND_MAYBE:  // matches as its first part does
        case Xapian::Query::OP_SCALE_WEIGHT:
            return query.get_num_subqueries() == 0
                       ? std::nullopt
                       : share_of(query.get_subquery(0), documents, termfreq);
        default:
            return std::nullopt;
    }
}

}  // namespace

Xapian::doccount least_matches(const Xapian::Query& query, const TermFreq& termfreq) {
    const size_t parts = query.get_num_subqueries();
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM: {
            const auto term = term_of(query);
            return term ? termfreq(*term) : 0;
        }
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM: {
            Xapian::doccount most = 0;
            for (size_t i = 0; i < parts; ++i) {
                most = std::max(most, least_matches(query.get_subquery(i), termfreq));
            }
            return most;
        }
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_SCALE_WEIGHT:
            return parts == 0 ? 0 : least_matches(query.get_subquery(0), termfreq);
        default:
            return 0;  // an intersection or a filter may match nothing
    }
}

bool surely_past_exact_count(Xapian::doccount surely, Xapian::doccount counted,
                             Xapian::doccount up_to) {
    return surely > std::uint64_t{counted} + up_to;
}

std::optional<double> estimate_matches(const Xapian::Query& query, Xapian::doccount documents,
                                       const TermFreq& termfreq) {
    if (documents == 0 || query.empty()) {
        return 0.0;
    }
    const auto share = share_of(query, documents, termfreq);
    if (!share) {
        return std::nullopt;
    }
    return *share * documents;
}

}  // namespace tilde
