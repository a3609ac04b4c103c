// SPDX-License-Identifier: MIT
#include "query_dates.hpp"

#include <stdexcept>

#include "dates.hpp"

namespace tilde {

namespace {

CalendarDate day_after(CalendarDate date) {
    if (++date.day > days_in_month(date.year, date.month)) {
        date.day = 1;
        if (++date.month > 12) {
            date.month = 1;
            ++date.year;
        }
    }
    return date;
}

CalendarDate day_before(CalendarDate date) {
    if (--date.day < 1) {
        if (--date.month < 1) {
            date.month = 12;
            --date.year;
        }
        date.day = days_in_month(date.year, date.month);
    }
    return date;
}

}  // namespace

std::string date_filter_range(std::string_view value) {
    if (value.empty()) {
        throw std::invalid_argument(
            "date: needs a date: date:2019, date:2019-01..2019-03 or date:>=2019-02-01");
    }
    // ">" and "<" exclude the whole period typed: date:>2019 starts on 2020-01-01.
    if (value.starts_with(">=")) {
        return date_key(parse_query_date(value.substr(2)).first) + "..";
    }
    if (value.starts_with("<=")) {
        return ".." + date_key(parse_query_date(value.substr(2)).last);
    }
    if (value.starts_with('>')) {
        return date_key(day_after(parse_query_date(value.substr(1)).last)) + "..";
    }
    if (value.starts_with('<')) {
        return ".." + date_key(day_before(parse_query_date(value.substr(1)).first));
    }
    if (size_t dots = value.find(".."); dots != std::string_view::npos) {
        std::string_view from = value.substr(0, dots);
        std::string_view to = value.substr(dots + 2);
        if (from.empty() && to.empty()) {
            throw std::invalid_argument("date:.. needs a date on at least one side");
        }
        std::string first = from.empty() ? "" : date_key(parse_query_date(from).first);
        std::string last = to.empty() ? "" : date_key(parse_query_date(to).last);
        if (!first.empty() && !last.empty() && last < first) {
            throw std::invalid_argument("date:" + std::string(value) + " ends before it starts");
        }
        return first + ".." + last;
    }
    DateSpan whole = parse_query_date(value);
    return date_key(whole.first) + ".." + date_key(whole.last);
}

}  // namespace tilde
