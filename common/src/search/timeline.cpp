// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/timeline.h"

#include <map>

namespace kiosque {
namespace {

// A month as a number (year * 12 + month - 1), or -1 for a value that is
// not a date slot value.
int month_number(const std::string& value) {
  if (value.size() != 8) return -1;
  for (char c : value) {
    if (c < '0' || c > '9') return -1;
  }
  const int year = std::stoi(value.substr(0, 4));
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
  for (const FacetCount& c : dates) {
    const int month = month_number(c.value);
    if (month < 0) {
      timeline.undated += c.count;
    } else {
      months[month] += c.count;
    }
  }
  if (months.empty()) return timeline;
  const int first = months.begin()->first, last = months.rbegin()->first;
  const bool monthly = last / 12 - first / 12 < kMonthlyUpToYears;
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
