// SPDX-License-Identifier: MIT
/// @file analysis_limits.hpp  The analyzer's limits, the same for indexing and querying.
#pragma once

#include <cstddef>

namespace tilde {

inline constexpr std::size_t kMaxWordBytes = 64;            ///< longer "words" are not indexed
inline constexpr std::size_t kMaxAnalyzedBytes = 1u << 24;  ///< one text is cut beyond this

}  // namespace tilde
