// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/input/dates.h"

#include <algorithm>
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
  if (year < kMinYear || year > kMaxYear || !is_valid_date(year, month, day)) {
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

// What may follow a date: in a whole value, only what each form allows; at
// the start of a longer text (a dateline), anything but a letter or digit.
enum class Tail { kWhole, kPrefix };

bool is_alnum_byte(char c) { return is_ascii_digit(c) || is_word_byte(c); }

bool prefix_ends_at(std::string_view s, size_t pos) {
  return pos >= s.size() || !is_alnum_byte(s[pos]);
}

std::string_view read_word(std::string_view s, size_t* pos) {
  const size_t start = *pos;
  while (*pos < s.size() && is_word_byte(s[*pos])) ++*pos;
  return s.substr(start, *pos - start);
}

// 2019-03-14, 2019/03/14, optionally followed by a time.
std::string parse_iso(std::string_view s, Tail tail) {
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
  const bool time_follows = pos < s.size() && (s[pos] == 'T' || s[pos] == 't');
  if (tail == Tail::kPrefix && !time_follows && !prefix_ends_at(s, pos)) return "";
  if (tail == Tail::kWhole && pos < s.size() && !time_follows &&
      !is_ascii_space(s[pos])) {
    return "";
  }
  return format_day(year, month, day);
}

// 14/03/2019, 14.03.2019, 14-03-2019, 4/3/2019.
std::string parse_day_first(std::string_view s, Tail tail) {
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
  if (year < 0) return "";
  if (tail == Tail::kPrefix ? !prefix_ends_at(s, pos)
                            : pos < s.size() && !is_ascii_space(s[pos])) {
    return "";
  }
  return format_day(year, month, day);
}

// [weekday[,]] day|1er month year [rest starting with a non-digit].
std::string parse_words(std::string_view s, Tail tail) {
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
  if (year < 0 || (tail == Tail::kPrefix && !prefix_ends_at(s, pos))) return "";
  return format_day(year, month, day);
}

// The date `s` starts with, in any form, or "".
std::string parse_any(std::string_view s, Tail tail) {
  for (auto parse : {parse_iso, parse_day_first, parse_words}) {
    std::string date = parse(s, tail);
    if (!date.empty()) return date;
  }
  return "";
}

// The digits s[pos, pos + n) as a number, or -1 when they are not all
// digits or run past the end.
int digits_at(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size() || !all_digits(s.substr(pos, n))) return -1;
  return std::stoi(std::string(s.substr(pos, n)));
}

// The date of a YYYY[sep]MM[sep]DD run starting at `pos`, or "".
std::string file_name_date_at(std::string_view name, size_t pos) {
  const int year = digits_at(name, pos, 4);
  if (year < 0) return "";
  size_t at = pos + 4;
  char sep = at < name.size() ? name[at] : '\0';
  if (sep == '-' || sep == '_' || sep == '.') {
    ++at;
  } else {
    sep = '\0';
  }
  const int month = digits_at(name, at, 2);
  at += 2;
  if (month < 0) return "";
  if (sep != '\0') {
    if (at >= name.size() || name[at] != sep) return "";
    ++at;
  }
  const int day = digits_at(name, at, 2);
  at += 2;
  if (day < 0 || (at < name.size() && is_alnum_byte(name[at]))) return "";
  return format_day(year, month, day);
}

// Lower-cases ASCII and 'É' in place of bytes, so that positions stay those
// of the line.
std::string fold_bytes(std::string_view line) {
  std::string out = ascii_lower(line);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    if (static_cast<unsigned char>(out[i]) == 0xC3 &&
        static_cast<unsigned char>(out[i + 1]) == 0x89) {
      out[i + 1] = static_cast<char>(0xA9);
    }
  }
  return out;
}

// "Publié le DATE" anywhere in the line.
std::string announced_date(std::string_view line) {
  static constexpr std::string_view kAnnounces[] = {"publi\xC3\xA9 le ", "publie le ",
                                                    "mis en ligne le ", "paru le "};
  const std::string folded = fold_bytes(line);
  for (std::string_view announce : kAnnounces) {
    size_t at = folded.find(announce);
    while (at != std::string::npos) {
      size_t pos = at + announce.size();
      skip_blanks(line, &pos);
      std::string date = parse_any(line.substr(pos), Tail::kPrefix);
      if (!date.empty()) return date;
      at = folded.find(announce, at + 1);
    }
  }
  return "";
}

bool starts_with_capital(std::string_view s) {
  if (s.empty()) return false;
  const auto c = static_cast<unsigned char>(s[0]);
  if (c >= 'A' && c <= 'Z') return true;
  // Latin-1 capitals (À to Þ) in UTF-8.
  return c == 0xC3 && s.size() > 1 && static_cast<unsigned char>(s[1]) >= 0x80 &&
         static_cast<unsigned char>(s[1]) <= 0x9E;
}

// "PLACE, [le ]DATE" at the start of the line: a place of at most 60 bytes,
// starting with a capital, without digits or sentence punctuation.
std::string place_dateline(std::string_view line) {
  constexpr size_t kMaxPlace = 60;
  const size_t comma = line.find(',');
  if (comma == std::string_view::npos || comma == 0 || comma > kMaxPlace) return "";
  const std::string_view place = line.substr(0, comma);
  if (!starts_with_capital(place)) return "";
  for (char c : place) {
    if (is_ascii_digit(c) || c == '.' || c == ':' || c == ';' || c == '!' || c == '?') {
      return "";
    }
  }
  size_t pos = comma + 1;
  skip_blanks(line, &pos);
  if (fold_bytes(line.substr(pos, 3)) == "le ") pos += 3;
  return parse_any(line.substr(pos), Tail::kPrefix);
}

// `line` with its no-break spaces (U+00A0, U+202F, as web pages write
// "le&nbsp;12") made plain spaces.
std::string with_plain_spaces(std::string_view line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line.substr(i, 2) == "\xC2\xA0") {
      out += ' ';
      i += 1;
    } else if (line.substr(i, 3) == "\xE2\x80\xAF") {
      out += ' ';
      i += 2;
    } else {
      out += line[i];
    }
  }
  return out;
}

bool is_year_folder(std::string_view f) { return f.size() == 4 && all_digits(f); }
bool is_two_digits(std::string_view f) { return f.size() == 2 && all_digits(f); }

int to_int(std::string_view digits) { return std::stoi(std::string(digits)); }

}  // namespace

std::string parse_date(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && is_ascii_space(text[begin])) ++begin;
  while (end > begin && is_ascii_space(text[end - 1])) --end;
  const std::string_view s = text.substr(begin, end - begin);
  if (s.empty()) return "";
  return parse_any(s, Tail::kWhole);
}

std::string date_from_file_name(std::string_view name) {
  for (size_t pos = 0; pos + 8 <= name.size(); ++pos) {
    if (pos > 0 && is_alnum_byte(name[pos - 1])) continue;
    std::string date = file_name_date_at(name, pos);
    if (!date.empty()) return date;
  }
  return "";
}

std::string date_from_dateline(std::string_view text, int lines) {
  // A dateline is short: a longer first line is running text.
  constexpr size_t kMaxLine = 300;
  int seen = 0;
  size_t start = 0;
  while (start < text.size() && seen < lines) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string spaced =
        with_plain_spaces(text.substr(start, std::min(end - start, kMaxLine)));
    start = end + 1;
    std::string_view line = spaced;
    size_t lead = 0;
    skip_blanks(line, &lead);
    line.remove_prefix(lead);
    if (line.empty()) continue;
    ++seen;
    for (auto find : {announced_date, place_dateline}) {
      std::string date = find(line);
      if (!date.empty()) return date;
    }
  }
  return "";
}

FolderDate date_from_folders(std::string_view path) {
  std::vector<std::string_view> folders;
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) break;  // the rest is the file name
    folders.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  for (size_t i = folders.size(); i-- > 0;) {
    const std::string_view f = folders[i];
    if (f.size() == 10 && f[4] == '-' && f[7] == '-') {
      std::string date = parse_iso(f, Tail::kWhole);
      if (!date.empty()) return {date, DatePrecision::kDay};
    }
    if (i >= 2 && is_year_folder(folders[i - 2]) && is_two_digits(folders[i - 1]) &&
        is_two_digits(f)) {
      // A year/month/day run that names no real day is no evidence at all.
      std::string date =
          format_day(to_int(folders[i - 2]), to_int(folders[i - 1]), to_int(f));
      if (date.empty()) return {};
      return {date, DatePrecision::kDay};
    }
    if (i >= 1 && is_year_folder(folders[i - 1]) && is_two_digits(f)) {
      std::string date = format_day(to_int(folders[i - 1]), to_int(f), 1);
      if (!date.empty()) return {date, DatePrecision::kMonth};
    }
  }
  return {};
}

void assign_best_date(const DateEvidence& evidence, Article* article) {
  const auto assign = [&](std::string date, DateSource source, DatePrecision precision) {
    article->date = std::move(date);
    article->date_source = source;
    article->date_precision = precision;
  };
  if (!evidence.content.empty()) {
    return assign(evidence.content, evidence.content_source, DatePrecision::kDay);
  }
  if (std::string date = date_from_file_name(evidence.file_name); !date.empty()) {
    return assign(std::move(date), DateSource::kFileName, DatePrecision::kDay);
  }
  if (!evidence.text_date.empty()) {
    return assign(evidence.text_date, DateSource::kText, DatePrecision::kDay);
  }
  if (FolderDate folder = date_from_folders(evidence.path); !folder.date.empty()) {
    return assign(std::move(folder.date), DateSource::kPath, folder.precision);
  }
  if (!evidence.mtime.empty()) {
    return assign(evidence.mtime, DateSource::kMtime, DatePrecision::kDay);
  }
  assign("", DateSource::kNone, DatePrecision::kDay);
}

}  // namespace kiosque
