// SPDX-License-Identifier: MIT
/// @file query_combine.hpp  Parts joined by one Xapian operator, without a needless node.
#pragma once

#include <vector>

#include <xapian.h>

namespace tilde {

/// No parts: an empty query; one: that part; more: `op` over them.
inline Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
    if (parts.empty()) {
        return {};
    }
    if (parts.size() == 1) {
        return parts[0];
    }
    return Xapian::Query(op, parts.begin(), parts.end());
}

}  // namespace tilde
