// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/date_range.h"

#include <gtest/gtest.h>

#include <string>

namespace kiosque {
namespace {

struct RangeCase {
  const char* text;
  bool ok;
  const char* from;
  const char* to;
};

class DateRangeTest : public ::testing::TestWithParam<RangeCase> {};

TEST_P(DateRangeTest, ParsesPartialDatesAndRanges) {
  DateRange range;
  EXPECT_EQ(parse_date_range(GetParam().text, &range), GetParam().ok) << GetParam().text;
  if (GetParam().ok) {
    EXPECT_EQ(range.from, GetParam().from);
    EXPECT_EQ(range.to, GetParam().to);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Dates, DateRangeTest,
    ::testing::Values(RangeCase{"2017", true, "20170000", "20171231"},
                      RangeCase{"2017-03", true, "20170300", "20170331"},
                      RangeCase{"2017-03-05", true, "20170305", "20170305"},
                      RangeCase{"2016..2018", true, "20160000", "20181231"},
                      RangeCase{"2017-03..2017-04", true, "20170300", "20170431"},
                      RangeCase{"2016..", true, "20160000", ""},
                      RangeCase{"..2018-06", true, "", "20180631"},
                      RangeCase{"2018..2016", false, "", ""},
                      RangeCase{"2017-13", false, "", ""},
                      RangeCase{"2017-02-31", false, "", ""},
                      RangeCase{"2017-02-29", false, "", ""},
                      RangeCase{"2016-02-29", true, "20160229", "20160229"},
                      RangeCase{"2000-02-29", true, "20000229", "20000229"},
                      RangeCase{"1900-02-29", false, "", ""},
                      RangeCase{"2017-04-31..2017-05", false, "", ""},
                      RangeCase{"2017-00-10", false, "", ""},
                      RangeCase{"mars", false, "", ""}, RangeCase{"..", false, "", ""}));

TEST(DateFilterTest, AnOpenStartStillLeavesOutArticlesWithoutADate) {
  EXPECT_EQ(date_filter(DateRange{"", "20180631"}).get_description(),
            "Query(VALUE_RANGE 0 0 20180631)");
}

TEST(DateFilterTest, AnOpenEndKeepsEveryLaterDate) {
  EXPECT_EQ(date_filter(DateRange{"20160000", ""}).get_description(),
            "Query(VALUE_GE 0 20160000)");
}

TEST(DateFilterTest, BothEndsMakeOneValueRange) {
  EXPECT_EQ(date_filter(DateRange{"20170300", "20170331"}).get_description(),
            "Query(VALUE_RANGE 0 20170300 20170331)");
}

}  // namespace
}  // namespace kiosque
