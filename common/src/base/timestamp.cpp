// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/timestamp.h"

#include <optional>
#include <stdexcept>

#include "kiosque/base/ascii.h"
#include "kiosque/base/calendar.h"
#include "kiosque/base/message.h"

namespace kiosque {
namespace {

// Days from 1970-01-01 to the proleptic Gregorian date y-m-d (Howard
// Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

// Reads exactly `n` digits at `*i` of `s` into `*value`.
bool read_digits(const std::string& s, std::size_t* i, std::size_t n, unsigned* value) {
  if (*i + n > s.size()) return false;
  *value = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const char c = s[*i + k];
    if (!is_ascii_digit(c)) return false;
    *value = *value * 10 + static_cast<unsigned>(c - '0');
  }
  *i += n;
  return true;
}

bool read_char(const std::string& s, std::size_t* i, char c) {
  if (*i >= s.size() || s[*i] != c) return false;
  ++*i;
  return true;
}

// "YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]]" in seconds since the epoch.
std::optional<double> iso_seconds(const std::string& s) {
  std::size_t i = 0;
  unsigned y, mo, d, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, &i, 4, &y) || !read_char(s, &i, '-') ||
      !read_digits(s, &i, 2, &mo) || !read_char(s, &i, '-') ||
      !read_digits(s, &i, 2, &d)) {
    return std::nullopt;
  }
  if (!is_valid_date(static_cast<int>(y), static_cast<int>(mo), static_cast<int>(d))) {
    return std::nullopt;
  }
  long long offset = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != ' ') return std::nullopt;
    ++i;
    if (!read_digits(s, &i, 2, &h) || !read_char(s, &i, ':') ||
        !read_digits(s, &i, 2, &mi)) {
      return std::nullopt;
    }
    if (read_char(s, &i, ':') && !read_digits(s, &i, 2, &sec)) return std::nullopt;
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (!read_char(s, &i, 'Z') && i < s.size() && (s[i] == '+' || s[i] == '-')) {
      const long long sign = s[i++] == '-' ? -1 : 1;
      unsigned oh, om;
      if (!read_digits(s, &i, 2, &oh)) return std::nullopt;
      read_char(s, &i, ':');  // "+01:00" or "+0100"
      if (!read_digits(s, &i, 2, &om) || oh > 23 || om > 59) return std::nullopt;
      offset = sign * (oh * 3600 + om * 60);
    }
    if (i != s.size()) return std::nullopt;
  }
  return static_cast<double>(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
                             sec - offset);
}

}  // namespace

double parse_timestamp(const std::string& text) {
  std::optional<double> seconds;
  // @SECONDS, with an optional fraction (kiosque-alerts records its runs to
  // the nanosecond, so that an article indexed in the same second as a run
  // is reported once).
  const std::size_t dot = text.find('.');
  const auto digits = [](const std::string& s) {
    return s.size() <= 15 && all_digits(s);
  };
  if (text.size() > 1 && text[0] == '@' &&
      (dot == std::string::npos
           ? digits(text.substr(1))
           : digits(text.substr(1, dot - 1)) && digits(text.substr(dot + 1)))) {
    seconds = std::stod(text.substr(1));
  } else {
    seconds = iso_seconds(text);
  }
  if (!seconds) {
    throw std::invalid_argument(message(messages::kNotATimestamp, {text}));
  }
  return *seconds;
}

}  // namespace kiosque
