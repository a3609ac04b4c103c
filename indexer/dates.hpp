// SPDX-License-Identifier: MIT
/// @file dates.hpp  Calendar dates: found in news text, read from metadata, typed in queries.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tilde {

struct CalendarDate {
    int year = 0;
    int month = 0;  ///< 1-12
    int day = 0;    ///< 1-31
    auto operator<=>(const CalendarDate&) const = default;
};

/// Days in `month` (1-12) of `year`, leap years counted.
[[nodiscard]] int days_in_month(int year, int month);

/// "YYYYMMDD": the sortable form kept in the index (value slot kSlotDate).
[[nodiscard]] std::string date_key(const CalendarDate& date);
/// "YYYY-MM-DD" from a date_key; empty when `key` is not one.
[[nodiscard]] std::string iso_date(std::string_view key);

/// Every full date (day, month and year) written in `text`, in order: "21-08-2019",
/// "2019-08-21", "Aug 19 2019", "Friday 08 February 2019", "Thu, 31 Jan 2019",
/// "February 29, 2024", "21 de agosto de 2019". Numeric dates are read day first.
[[nodiscard]] std::vector<CalendarDate> find_dates(std::string_view text);

/// The date of a text document: the earliest full date in its first bytes (a page saved on
/// one day shows the article's older date below), else in its last ones ("Published at ...").
[[nodiscard]] std::optional<CalendarDate> document_date(std::string_view text);

/// A date given as metadata (a JSON "date"): ISO 8601 "2019-08-21" (a time after it is
/// ignored), "2019-08" or "2019" (their first day), or any form find_dates() knows.
[[nodiscard]] std::optional<CalendarDate> parse_metadata_date(std::string_view text);

/// The first and last day of a period typed in a query.
struct DateSpan {
    CalendarDate first;
    CalendarDate last;
};

/// "2019" (the year), "2019-02" (the month) or "2019-02-08" (the day).
/// @throws std::invalid_argument with the reason: "month 13 does not exist".
[[nodiscard]] DateSpan parse_query_date(std::string_view text);

}  // namespace tilde
