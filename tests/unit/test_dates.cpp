// SPDX-License-Identifier: MIT
/// @file test_dates.cpp  Dates found in news text, read from metadata, typed in queries.
#include <gtest/gtest.h>

#include "dates.hpp"

namespace tilde {
namespace {

std::string first_date(std::string_view text) {
    std::vector<CalendarDate> dates = find_dates(text);
    return dates.empty() ? "" : iso_date(date_key(dates.front()));
}

TEST(FindDates, ReadsTheFormsNewsPagesUse) {
    EXPECT_EQ(first_date("LATIN AMERICA | 21-08-2019 12:56"), "2019-08-21");
    EXPECT_EQ(first_date("By Al Jazeera Staff (Al Jazeera) / Aug 19 2019"), "2019-08-19");
    EXPECT_EQ(first_date("Saturday, 23 February 2019"), "2019-02-23");
    EXPECT_EQ(first_date("Friday 08 February 2019 18:38 GMT"), "2019-02-08");
    EXPECT_EQ(first_date("Published at Thu, 31 Jan 2019 09:46:59 +0000"), "2019-01-31");
    EXPECT_EQ(first_date("Thursday, February 29, 2024"), "2024-02-29");
    EXPECT_EQ(first_date("Caracas, 21 de agosto de 2019"), "2019-08-21");
    EXPECT_EQ(first_date("updated 2019-08-21T10:00"), "2019-08-21");
    EXPECT_EQ(first_date("on Feb. 3rd, 2019"), "2019-02-03");
    EXPECT_EQ(first_date("21/08/2019"), "2019-08-21");
}

TEST(FindDates, IgnoresWhatIsNotAWholeDate) {
    EXPECT_EQ(first_date("the coup of 2002 and 5,000 troops"), "");
    EXPECT_EQ(first_date("in May, 20 2019 people"), "");  // "May, 20": not a date line
    EXPECT_EQ(first_date("31-02-2019"), "");              // no such day
    EXPECT_EQ(first_date("1-2-3"), "");
    EXPECT_EQ(first_date("21 - 08 - 2019"), "");  // spaced dashes: a range, not a date
    EXPECT_EQ(first_date("February 29, 2019"), "");
}

TEST(DocumentDate, EarliestInTheHeadElseTheTail) {
    // A page saved in 2024 showing an article of 2019.
    EXPECT_EQ(date_key(*document_date("Thursday, February 29, 2024\n\nLATIN AMERICA | "
                                      "21-08-2019 12:56\n\nText.")),
              "20190821");
    std::string article =
        "Title\n\n" + std::string(3000, 'x') + "\n\nPublished at Thu, 31 Jan 2019";
    EXPECT_EQ(date_key(*document_date(article)), "20190131");
    EXPECT_FALSE(document_date("no date here").has_value());
}

TEST(MetadataDate, IsoWithOrWithoutTimeAndPartialDates) {
    EXPECT_EQ(date_key(*parse_metadata_date("1937-01-26")), "19370126");
    EXPECT_EQ(date_key(*parse_metadata_date("2019-08-21T12:56:00Z")), "20190821");
    EXPECT_EQ(date_key(*parse_metadata_date("2019-08")), "20190801");
    EXPECT_EQ(date_key(*parse_metadata_date("2019")), "20190101");
    EXPECT_EQ(date_key(*parse_metadata_date("Aug 19 2019")), "20190819");
    EXPECT_FALSE(parse_metadata_date("").has_value());
    EXPECT_FALSE(parse_metadata_date("2019-13-01").has_value());
    EXPECT_FALSE(parse_metadata_date("soon").has_value());
}

TEST(QueryDate, SpansAndReasons) {
    DateSpan year = parse_query_date("2019");
    EXPECT_EQ(date_key(year.first), "20190101");
    EXPECT_EQ(date_key(year.last), "20191231");
    EXPECT_EQ(date_key(parse_query_date("2024-02").last), "20240229");
    EXPECT_EQ(date_key(parse_query_date("1900-02").last), "19000228");
    EXPECT_EQ(date_key(parse_query_date("2000-02").last), "20000229");
    auto reason = [](std::string_view text) {
        try {
            (void)parse_query_date(text);
        } catch (const std::invalid_argument& error) {
            return std::string(error.what());
        }
        return std::string();
    };
    EXPECT_EQ(reason("2019-13"), "month 13 does not exist");
    EXPECT_EQ(reason("2019-00"), "month 0 does not exist");
    EXPECT_EQ(reason("2019-04-31"), "day 31 does not exist in 2019-04 (it has 30 days)");
    EXPECT_EQ(reason("0999"), "year 999 is out of range (1000-2999)");
    EXPECT_EQ(reason("2019/02"), "'2019/02' is not a date; write 2019, 2019-02 or 2019-02-08");
    EXPECT_EQ(reason("2019-2"), "'2019-2' is not a date; write 2019, 2019-02 or 2019-02-08");
}

}  // namespace
}  // namespace tilde
