#include "kiosque/input/dates.h"

#include <array>
#include <cstdio>
#include <vector>

#include "kiosque/base/ascii.h"
#include "kiosque/base/calendar.h"

namespace kiosque {
namespace {

// A byte that may belong to a word: ASCII letters and any byte of a
// multi-byte UTF-8 sequence (accented letters).
bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

// "YYYY-MM-DD" when the day exists, else "".
std::string format_day(int year, int month, int day) {
  if (year < 1000 || year > 9999 || !is_valid_date(year, month, day)) {
    return "";
  }
  char buffer[40];  // room for any int, to keep -Wformat-truncation quiet
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

// Reads between `min` and `max` digits at `*pos`; -1 when there are fewer
// than `min` or more than `max` (a longer number is not a date part).
int read_number(std::string_view s, size_t* pos, size_t min, size_t max) {
  size_t end = *pos;
  while (end < s.size() && is_ascii_digit(s[end])) ++end;
  const size_t n = end - *pos;
  if (n < min || n > max) return -1;
  int value = 0;
  for (size_t i = *pos; i < end; ++i) value = value * 10 + (s[i] - '0');
  *pos = end;
  return value;
}

void skip_blanks(std::string_view s, size_t* pos) {
  while (*pos < s.size() && is_ascii_space(s[*pos])) ++*pos;
}

// Folds a word for comparison with the month and weekday tables: ASCII
// lower case, and the only accented letters those names hold (é, û, in
// either case) reduced to their base letter.
std::string fold_word(std::string_view word) {
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c == 0xC3 && i + 1 < word.size()) {
      const auto next = static_cast<unsigned char>(word[i + 1]);
      if (next == 0xA9 || next == 0x89) {  // é É
        out += 'e';
        ++i;
        continue;
      }
      if (next == 0xBB || next == 0x9B) {  // û Û
        out += 'u';
        ++i;
        continue;
      }
    }
    out += ascii_lower(static_cast<char>(c));
  }
  return out;
}

// 1-12 for a French month name or its usual abbreviation (folded), else 0.
int month_number(std::string_view folded) {
  struct Name {
    std::string_view name;
    int month;
  };
  static constexpr std::array<Name, 21> kMonths = {{
      {"janvier", 1},  {"janv", 1},  {"fevrier", 2},   {"fevr", 2},      {"fev", 2},
      {"mars", 3},     {"avril", 4}, {"avr", 4},       {"mai", 5},       {"juin", 6},
      {"juillet", 7},  {"juil", 7},  {"aout", 8},      {"septembre", 9}, {"sept", 9},
      {"octobre", 10}, {"oct", 10},  {"novembre", 11}, {"nov", 11},      {"decembre", 12},
      {"dec", 12},
  }};
  for (const Name& m : kMonths) {
    if (m.name == folded) return m.month;
  }
  return 0;
}

bool is_weekday(std::string_view folded) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
  for (std::string_view d : kDays) {
    if (d == folded) return true;
  }
  return false;
}

std::string_view read_word(std::string_view s, size_t* pos) {
  const size_t start = *pos;
  while (*pos < s.size() && is_word_byte(s[*pos])) ++*pos;
  return s.substr(start, *pos - start);
}

// 2019-03-14, 2019/03/14, optionally followed by a time.
std::string parse_iso(std::string_view s) {
  size_t pos = 0;
  const int year = read_number(s, &pos, 4, 4);
  if (year < 0 || pos >= s.size() || (s[pos] != '-' && s[pos] != '/')) {
    return "";
  }
  const char sep = s[pos++];
  const int month = read_number(s, &pos, 2, 2);
  if (month < 0 || pos >= s.size() || s[pos] != sep) return "";
  ++pos;
  const int day = read_number(s, &pos, 2, 2);
  if (day < 0) return "";
  if (pos < s.size() && s[pos] != 'T' && s[pos] != 't' && !is_ascii_space(s[pos])) {
    return "";
  }
  return format_day(year, month, day);
}

// 14/03/2019, 14.03.2019, 14-03-2019, 4/3/2019.
std::string parse_day_first(std::string_view s) {
  size_t pos = 0;
  const int day = read_number(s, &pos, 1, 2);
  if (day < 0 || pos >= s.size() || (s[pos] != '/' && s[pos] != '.' && s[pos] != '-')) {
    return "";
  }
  const char sep = s[pos++];
  const int month = read_number(s, &pos, 1, 2);
  if (month < 0 || pos >= s.size() || s[pos] != sep) return "";
  ++pos;
  const int year = read_number(s, &pos, 4, 4);
  if (year < 0 || (pos < s.size() && !is_ascii_space(s[pos]))) return "";
  return format_day(year, month, day);
}

// [weekday[,]] day|1er month year [rest starting with a non-digit].
std::string parse_words(std::string_view s) {
  size_t pos = 0;
  size_t mark = pos;
  if (is_weekday(fold_word(read_word(s, &pos)))) {
    if (pos < s.size() && s[pos] == ',') ++pos;
    skip_blanks(s, &pos);
  } else {
    pos = mark;
  }
  const int day = read_number(s, &pos, 1, 2);
  if (day < 0) return "";
  mark = pos;
  if (fold_word(read_word(s, &pos)) != "er" || day != 1) pos = mark;
  if (pos >= s.size() || !is_ascii_space(s[pos])) return "";
  skip_blanks(s, &pos);
  const int month = month_number(fold_word(read_word(s, &pos)));
  if (month == 0) return "";
  if (pos < s.size() && s[pos] == '.') ++pos;
  if (pos >= s.size() || !is_ascii_space(s[pos])) return "";
  skip_blanks(s, &pos);
  const int year = read_number(s, &pos, 4, 4);
  if (year < 0) return "";
  return format_day(year, month, day);
}

}  // namespace

std::string parse_date(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && is_ascii_space(text[begin])) ++begin;
  while (end > begin && is_ascii_space(text[end - 1])) --end;
  const std::string_view s = text.substr(begin, end - begin);
  if (s.empty()) return "";
  for (auto parse : {parse_iso, parse_day_first, parse_words}) {
    std::string date = parse(s);
    if (!date.empty()) return date;
  }
  return "";
}

std::string date_from_path(std::string_view relpath) {
  std::vector<std::string_view> folders;
  size_t start = 0;
  while (true) {
    const size_t slash = relpath.find('/', start);
    if (slash == std::string_view::npos) break;  // the rest is the file name
    folders.push_back(relpath.substr(start, slash - start));
    start = slash + 1;
  }
  for (size_t i = folders.size(); i >= 3; --i) {
    const std::string_view y = folders[i - 3];
    const std::string_view m = folders[i - 2];
    const std::string_view d = folders[i - 1];
    if (y.size() != 4 || m.size() != 2 || d.size() != 2 || !all_digits(y) ||
        !all_digits(m) || !all_digits(d)) {
      continue;
    }
    std::string date = format_day(std::stoi(std::string(y)), std::stoi(std::string(m)),
                                  std::stoi(std::string(d)));
    if (!date.empty()) return date;
  }
  return "";
}

}  // namespace kiosque
