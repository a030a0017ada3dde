// SPDX-License-Identifier: GPL-2.0-or-later
// Dates as French news archives write them, reduced to one form: the
// calendar day "YYYY-MM-DD", and the order in which an article's date
// evidence is trusted. Only whole days are read from text: a month alone
// ("mars 2019") is too vague to file an article under; only a YYYY/MM/
// folder run gives a month date.
#ifndef KIOSQUE_INPUT_DATES_H_
#define KIOSQUE_INPUT_DATES_H_

#include <string>
#include <string_view>

#include "kiosque/input/article.h"

namespace kiosque {

// Parses one date and returns it as "YYYY-MM-DD", or "" when `text` is not a
// date this function knows or names a day that does not exist (2019-02-30).
// Leading and trailing blanks are ignored. Accepted forms:
//   2019-03-14, 2019/03/14           ISO day, optionally followed by 'T' or a
//   2019-03-14T08:00:00+01:00        space and a time; the day is kept as
//                                    written, never shifted to UTC, because
//                                    it is the day the paper printed
//   14/03/2019, 14.03.2019, 14-03-2019, 4/3/2019   day first (French order)
//   14 mars 2019, 1er mars 2017, jeudi 14 mars 2019, Jeudi 14 Mars 2019,
//   14 fevrier 2019, 14 FÉVRIER 2019, 14 févr. 2019
//                                    French words: an optional weekday (and
//                                    comma), a day (or "1er"), a month name in
//                                    any case, with or without its accents,
//                                    or its usual abbreviation, a 4-digit
//                                    year; anything after the year must start
//                                    with a non-digit ("14 mars 2019 à 8h00")
// Years run from kMinYear to kMaxYear: outside them a number is not a date
// an archive means. Thread-safe; never throws.
std::string parse_date(std::string_view text);

// The years a date may have, both included.
inline constexpr int kMinYear = 1800;
inline constexpr int kMaxYear = 2100;

// The date a file name starts with, ends with or holds, as "YYYY-MM-DD", or
// "": four digits of year, two of month, two of day, separated by '-', '_'
// or '.' (the same one twice) or not at all, and not glued to a letter or
// another digit: "2020-02-29-titre.txt", "20200229_titre.txt",
// "titre-2020-03-05.txt", "2020_02_29.txt". The first real day wins; a hash
// ("f346281877cc430f") is never read as a date. Thread-safe; never throws.
std::string date_from_file_name(std::string_view name);

// The date of a dateline in the first `lines` non-blank lines of
// `text` ('\n'-separated), or "": "Publié le 12/01/2022", "publié le mardi
// 12 janvier 2022 à 10h" ("mis en ligne le" and "paru le" too), or a place
// then a comma at the start of a line: "PARIS, 12 janvier 2022 (AFP) -",
// "Lyon, le 1er mars 2021 -". The date is any form parse_date reads,
// followed by the end of the line or something that is not a letter or a
// digit. A date in the running text ("le 12 janvier, les élus...") is never
// taken. Thread-safe; never throws.
// `lines` widens the window (a web page's menus come first).
inline constexpr int kDatelineLines = 5;
std::string date_from_dateline(std::string_view text, int lines = kDatelineLines);

// A date found in a path's folders.
struct FolderDate {
  std::string date;  // "YYYY-MM-DD" (the 1st for a month), or "" for none
  DatePrecision precision = DatePrecision::kDay;
};

// The date named by the folders of `path` ('/'-separated; its last part is
// the file name and is never read): a ".../YYYY/MM/DD/..." run of folders,
// a "YYYY-MM-DD" folder, or a ".../YYYY/MM/..." run (the 1st of the month,
// DatePrecision::kMonth). Parts have exactly 4, 2 and 2 digits and name a
// real day or month; a YYYY/MM/DD run naming no real day gives no date. The
// deepest folder that ends such a run wins. Give the whole path, so that an
// article gets the same date whichever folder was indexed. Thread-safe;
// never throws.
FolderDate date_from_folders(std::string_view path);

// What a file or record says of its date, from best to worst evidence.
struct DateEvidence {
  std::string content;  // from the record, front matter or page (parsed)
  DateSource content_source = DateSource::kRecord;
  std::string file_name;  // the file's name ("" for none)
  std::string text_date;  // date_from_dateline of its first lines
  std::string path;       // the file's whole path, for its folders
  std::string mtime;      // its modification day; "" to never use it
};

// Sets article->date, date_source and date_precision from the best evidence:
// content, then the file name, then the dateline, then the folders, then the
// modification day (kMtime), else none. Thread-safe; never throws.
void assign_best_date(const DateEvidence& evidence, Article* article);

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_DATES_H_
