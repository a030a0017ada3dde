// SPDX-License-Identifier: GPL-2.0-or-later
// Date filters as people type them (the query's date: field, --since and
// --until), read into a range over schema::kSlotDate, and the Xapian filter
// for that range.
#ifndef KIOSQUE_SEARCH_DATE_RANGE_H_
#define KIOSQUE_SEARCH_DATE_RANGE_H_

#include <string>
#include <string_view>

#include <xapian.h>

namespace kiosque {

// An inclusive range of schema::kSlotDate values "YYYYMMDD"; an empty end
// is open. A year or month start ends in "00" ("20170300"), so that
// month-only dates ("YYYYMM00") fall in their year and month but in no
// range that starts on a day.
struct DateRange {
  std::string from;
  std::string to;
};

// Parses a date filter value: 2017, 2017-03, 2017-03-01, and ranges of them
// with "..", either end optional ("2016..", "..2018-06"). Returns false for
// anything else (an impossible day, a range that ends before it starts).
// Pure; thread-safe.
bool parse_date_range(std::string_view text, DateRange* range);

// The filter for a date range over schema::kSlotDate; articles without a
// date (an empty value) are never in it.
Xapian::Query date_filter(const DateRange& range);

}  // namespace kiosque

#endif  // KIOSQUE_SEARCH_DATE_RANGE_H_
