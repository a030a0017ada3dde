// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/calendar.h"

#include <gtest/gtest.h>

#include <vector>

namespace kiosque {
namespace {

TEST(CalendarTest, LeapYearsFollowTheGregorianRule) {
  std::vector<int> leap;
  for (int year : {1900, 1996, 2000, 2016, 2017, 2024, 2100, 2400}) {
    if (is_leap_year(year)) leap.push_back(year);
  }
  EXPECT_EQ(leap, (std::vector<int>{1996, 2000, 2016, 2024, 2400}));
}

TEST(CalendarTest, DaysInMonth) {
  std::vector<int> days;
  for (int month = 0; month <= 13; ++month) days.push_back(days_in_month(2017, month));
  EXPECT_EQ(days,
            (std::vector<int>{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0}));
  EXPECT_EQ(days_in_month(2016, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);
}

TEST(CalendarTest, ValidDates) {
  struct Case {
    int year, month, day;
    bool valid;
  };
  const Case cases[] = {
      {2017, 3, 14, true},  {2016, 2, 29, true},  {2000, 2, 29, true},
      {2017, 2, 29, false}, {1900, 2, 29, false}, {2017, 2, 31, false},
      {2017, 4, 31, false}, {2017, 12, 31, true}, {2017, 13, 1, false},
      {2017, 0, 1, false},  {2017, 1, 0, false},  {2017, 1, 32, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(is_valid_date(c.year, c.month, c.day), c.valid)
        << c.year << "-" << c.month << "-" << c.day;
  }
}

}  // namespace
}  // namespace kiosque
