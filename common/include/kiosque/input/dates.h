// Dates as French news archives write them, reduced to one form: the
// calendar day "YYYY-MM-DD". Only whole days are kept: a month alone
// ("mars 2019") or a time of day carries no date kiosque can sort on.
#ifndef KIOSQUE_INPUT_DATES_H_
#define KIOSQUE_INPUT_DATES_H_

#include <string>
#include <string_view>

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
// Years run from 1000 to 9999. Thread-safe; never throws.
std::string parse_date(std::string_view text);

// The date named by a ".../YYYY/MM/DD/..." run of folders in `relpath` (a
// '/'-separated path relative to an archive root), as "YYYY-MM-DD", or "".
// Only a full year/month/day run of folders counts: "2019/03/" alone gives no
// date, and the file name is never read as the day. Each part must have
// exactly 4, 2 and 2 digits and name a real day. When several runs exist, the
// deepest one wins. Thread-safe; never throws.
std::string date_from_path(std::string_view relpath);

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_DATES_H_
