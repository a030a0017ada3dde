// SPDX-License-Identifier: GPL-2.0-or-later
// The proleptic Gregorian calendar's rules, the one copy that every date
// check (input dates, --added-since timestamps, the query's date: filter)
// applies, so that they agree on which days exist.
#ifndef KIOSQUE_BASE_CALENDAR_H_
#define KIOSQUE_BASE_CALENDAR_H_

namespace kiosque {

// Whether `year` has a 29 February: divisible by 4, except centuries not
// divisible by 400 (2000 is leap, 1900 is not). Thread-safe.
constexpr bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// The number of days of `month` (1-12) in `year`: 28 to 31; 0 for a month
// outside 1-12. Thread-safe.
constexpr int days_in_month(int year, int month) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Whether `year`-`month`-`day` is a day of the calendar (2016-02-29 is,
// 2017-02-29 and 2017-04-31 are not). Any year counts; callers bound it.
// Thread-safe.
constexpr bool is_valid_date(int year, int month, int day) {
  return day >= 1 && day <= days_in_month(year, month);
}

}  // namespace kiosque

#endif  // KIOSQUE_BASE_CALENDAR_H_
