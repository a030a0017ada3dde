// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/timeline.h"

#include <map>

namespace kiosque {
namespace {

// A month as a number (year * 12 + month - 1), or -1 for a value that is
// neither a date slot value nor a year ("YYYY": January stands for the year,
// and `*year_only` is set).
int month_number(const std::string& value, bool* year_only) {
  if (value.size() != 8 && value.size() != 4) return -1;
  for (char c : value) {
    if (c < '0' || c > '9') return -1;
  }
  const int year = std::stoi(value.substr(0, 4));
  if (value.size() == 4) {
    *year_only = true;
    return year * 12;
  }
  const int month = std::stoi(value.substr(4, 2));
  if (month < 1 || month > 12) return -1;
  return year * 12 + month - 1;
}

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::string period_label(int month, TimelinePeriod period) {
  const std::string year = std::to_string(month / 12);
  return period == TimelinePeriod::kYear ? year : year + "-" + two_digits(month % 12 + 1);
}

}  // namespace

const char* timeline_period_name(TimelinePeriod period) {
  return period == TimelinePeriod::kYear ? "year" : "month";
}

Timeline make_timeline(const std::vector<FacetCount>& dates) {
  Timeline timeline;
  std::map<int, Xapian::doccount> months;
  bool year_only = false;
  for (const FacetCount& c : dates) {
    const int month = month_number(c.value, &year_only);
    if (month < 0) {
      timeline.undated += c.count;
    } else {
      months[month] += c.count;
    }
  }
  if (months.empty()) return timeline;
  const int first = months.begin()->first, last = months.rbegin()->first;
  const bool monthly = last / 12 - first / 12 < kMonthlyUpToYears;
  // Counts by year that would be drawn per month: the caller counts by day.
  if (monthly && year_only) {
    timeline.period = TimelinePeriod::kMonth;
    return timeline;
  }
  timeline.period = monthly ? TimelinePeriod::kMonth : TimelinePeriod::kYear;
  const int step = monthly ? 1 : 12;
  const int start = monthly ? first : first / 12 * 12;
  for (int period = start; period <= last; period += step) {
    TimelineBar bar{period_label(period, timeline.period), 0};
    for (auto m = months.lower_bound(period);
         m != months.end() && m->first < period + step; ++m) {
      bar.count += m->second;
    }
    timeline.bars.push_back(std::move(bar));
  }
  return timeline;
}

}  // namespace kiosque
