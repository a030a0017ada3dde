// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/date_range.h"

#include "kiosque/base/ascii.h"
#include "kiosque/base/calendar.h"
#include "kiosque/store/schema.h"

namespace kiosque {
namespace {

bool parse_partial_date(std::string_view s, bool end, std::string* out) {
  // YYYY, YYYY-MM or YYYY-MM-DD; an end widens to the last day.
  const auto digits = [&](std::size_t at, std::size_t n) {
    return s.size() >= at + n && all_digits(s.substr(at, n));
  };
  // A year or month start is day "00", where month-only dates ("YYYYMM00",
  // see date_slot_value) sort: they belong to the year and the month, but
  // to no day range.
  if (s.size() == 4 && digits(0, 4)) {
    *out = std::string(s) + (end ? "1231" : "0000");
    return true;
  }
  if (s.size() == 7 && digits(0, 4) && s[4] == '-' && digits(5, 2)) {
    const int month = std::stoi(std::string(s.substr(5, 2)));
    if (month < 1 || month > 12) return false;
    *out =
        std::string(s.substr(0, 4)) + std::string(s.substr(5, 2)) + (end ? "31" : "00");
    return true;
  }
  if (s.size() == 10 && digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' &&
      digits(8, 2)) {
    const int year = std::stoi(std::string(s.substr(0, 4)));
    const int month = std::stoi(std::string(s.substr(5, 2)));
    const int day = std::stoi(std::string(s.substr(8, 2)));
    if (!is_valid_date(year, month, day)) return false;
    *out = std::string(s.substr(0, 4)) + std::string(s.substr(5, 2)) +
           std::string(s.substr(8, 2));
    return true;
  }
  return false;
}

}  // namespace

bool parse_date_range(std::string_view text, DateRange* range) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    return parse_partial_date(text, false, &range->from) &&
           parse_partial_date(text, true, &range->to);
  }
  const std::string_view from = text.substr(0, dots);
  const std::string_view to = text.substr(dots + 2);
  if (from.empty() && to.empty()) return false;
  range->from.clear();
  range->to.clear();
  if (!from.empty() && !parse_partial_date(from, false, &range->from)) return false;
  if (!to.empty() && !parse_partial_date(to, true, &range->to)) return false;
  return range->from.empty() || range->to.empty() || range->from <= range->to;
}

Xapian::Query date_filter(const DateRange& range) {
  if (range.from.empty()) {
    // Articles without a date have an empty value: keep them out.
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, "0", range.to);
  }
  if (range.to.empty()) {
    return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, range.from);
  }
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, range.from,
                       range.to);
}

}  // namespace kiosque
