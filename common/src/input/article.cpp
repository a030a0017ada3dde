// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/input/article.h"

#include <array>

namespace kiosque {

const char* date_source_name(DateSource source) {
  switch (source) {
    case DateSource::kNone:
      return "none";
    case DateSource::kRecord:
      return "record";
    case DateSource::kPath:
      return "path";
    case DateSource::kMtime:
      return "mtime";
    case DateSource::kHtml:
      return "html";
    case DateSource::kFileName:
      return "filename";
    case DateSource::kText:
      return "text";
  }
  return "none";
}

DateSource date_source_from_name(std::string_view name) {
  static constexpr std::array kAll = {
      DateSource::kNone, DateSource::kRecord,   DateSource::kPath, DateSource::kMtime,
      DateSource::kHtml, DateSource::kFileName, DateSource::kText};
  for (DateSource s : kAll) {
    if (name == date_source_name(s)) return s;
  }
  return DateSource::kNone;
}

const char* date_precision_name(DatePrecision precision) {
  return precision == DatePrecision::kMonth ? "month" : "day";
}

}  // namespace kiosque
