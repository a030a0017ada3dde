// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzzes the date parsers (parse_date, and the file-name, dateline and folder
// rules): each returns "" or a real day as "YYYY-MM-DD", and parse_date reads
// its own output back unchanged; and the query's date filters
// (parse_date_range), whose range never ends before it starts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kiosque/input/dates.h"
#include "kiosque/search/date_range.h"

namespace {

void require_day(const std::string& date) {
  if (date.empty()) return;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') std::abort();
  if (kiosque::parse_date(date) != date) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  require_day(kiosque::parse_date(text));
  require_day(kiosque::date_from_file_name(text));
  require_day(kiosque::date_from_dateline(text));
  require_day(kiosque::date_from_folders(text).date);
  kiosque::DateRange range;
  if (kiosque::parse_date_range(text, &range)) {
    if (range.from.empty() && range.to.empty()) std::abort();
    if (!range.from.empty() && !range.to.empty() && range.to < range.from) std::abort();
    (void)kiosque::date_filter(range).get_description();
  }
  return 0;
}
