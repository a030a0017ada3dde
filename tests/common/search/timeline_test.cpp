// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/timeline.h"

#include <gtest/gtest.h>

#include <vector>

namespace kiosque {
namespace {

TEST(MakeTimelineTest, FourYearsOrMoreArePerYearWithTheEmptyYears) {
  EXPECT_EQ(make_timeline({{"20150201", 2}, {"20150610", 1}, {"20180120", 1}, {"", 3}}),
            (Timeline{.period = TimelinePeriod::kYear,
                      .bars = {{"2015", 3}, {"2016", 0}, {"2017", 0}, {"2018", 1}},
                      .undated = 3}));
}

TEST(MakeTimelineTest, ThreeCalendarYearsOrLessArePerMonthFromTheFirstToTheLast) {
  EXPECT_EQ(make_timeline({{"20191130", 1}, {"20200100", 2}, {"20200105", 1}}),
            (Timeline{.period = TimelinePeriod::kMonth,
                      .bars = {{"2019-11", 1}, {"2019-12", 0}, {"2020-01", 3}},
                      .undated = 0}));
  const Timeline three_years = make_timeline({{"20190101", 1}, {"20211231", 1}});
  EXPECT_EQ(three_years.period, TimelinePeriod::kMonth);
  EXPECT_EQ(three_years.bars.size(), 36u);
  EXPECT_EQ(make_timeline({{"20190101", 1}, {"20220101", 1}}).period,
            TimelinePeriod::kYear);
}

// The years spy's counts (search.cpp counts by day only when needed).
TEST(MakeTimelineTest, CountsByYearAreDrawnPerYearOrAskForDays) {
  EXPECT_EQ(make_timeline({{"2015", 3}, {"2018", 1}, {"", 1}}),
            (Timeline{.period = TimelinePeriod::kYear,
                      .bars = {{"2015", 3}, {"2016", 0}, {"2017", 0}, {"2018", 1}},
                      .undated = 1}));
  EXPECT_EQ(make_timeline({{"2019", 2}, {"2021", 1}}),
            (Timeline{.period = TimelinePeriod::kMonth, .bars = {}, .undated = 0}));
}

TEST(MakeTimelineTest, OnlyUndatedOrNothingGivesNoBars) {
  EXPECT_EQ(make_timeline({{"", 2}, {"garbage", 1}, {"20201300", 1}}),
            (Timeline{.period = TimelinePeriod::kYear, .bars = {}, .undated = 4}));
  EXPECT_EQ(make_timeline({}), Timeline{});
}

}  // namespace
}  // namespace kiosque
