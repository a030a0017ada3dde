// SPDX-License-Identifier: GPL-2.0-or-later
// How many matching articles a query finds per year or per month
// (kiosque-query --timeline), from the counts a match spy gathered over the
// date slot (SearchOptions::timeline): no loop over documents.
#ifndef KIOSQUE_SEARCH_TIMELINE_H_
#define KIOSQUE_SEARCH_TIMELINE_H_

#include <string>
#include <vector>

#include <xapian.h>

#include "kiosque/search/search.h"

namespace kiosque {

enum class TimelinePeriod { kYear, kMonth };

// The stable name of a period, as --json prints it: "year" or "month".
const char* timeline_period_name(TimelinePeriod period);

// One period and its matching articles.
struct TimelineBar {
  std::string period;  // "2017" or "2017-03"
  Xapian::doccount count = 0;
  bool operator==(const TimelineBar&) const = default;
};

struct Timeline {
  TimelinePeriod period = TimelinePeriod::kYear;
  // From the first dated period to the last, the empty ones included;
  // empty when no matching article has a date.
  std::vector<TimelineBar> bars;
  // Matching articles without a date (a modification-time date is none).
  Xapian::doccount undated = 0;
  bool operator==(const Timeline&) const = default;
};

// Matches spanning at most this many calendar years are counted per month.
inline constexpr int kMonthlyUpToYears = 3;

// The timeline of `dates` (SearchResults::dates: date slot values
// "YYYYMMDD", "YYYYMM00" for a month-only date, or years "YYYY"; "" for
// undated articles): per month when the dated ones span kMonthlyUpToYears
// calendar years or fewer, else per year. Values that are not dates count
// as undated. Counts by year that span so few years give a kMonth timeline
// without bars: they must be counted by day (search.cpp does).
Timeline make_timeline(const std::vector<FacetCount>& dates);

}  // namespace kiosque

#endif  // KIOSQUE_SEARCH_TIMELINE_H_
