// SPDX-License-Identifier: MIT
/// @file query_dates.hpp  The value of a `date:` filter, as the range the plan filters on.
#pragma once

#include <string>
#include <string_view>

namespace tilde {

/// date:2019, date:2019-01..2019-02, date:2019-02.., date:..2019-02, date:>=2019-02-01,
/// date:>2019, date:<2019-03, date:<=2019-02-28 -> "FIRST..LAST" (YYYYMMDD date keys, either
/// side empty when open).
/// @throws std::invalid_argument with the reason, for the parser to put in its message.
[[nodiscard]] std::string date_filter_range(std::string_view value);

}  // namespace tilde
