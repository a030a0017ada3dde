// SPDX-License-Identifier: GPL-2.0-or-later
// Points in time as a person or a cron job types them, for filters on when
// articles were indexed (--added-since).
#ifndef KIOSQUE_BASE_TIMESTAMP_H_
#define KIOSQUE_BASE_TIMESTAMP_H_

#include <string>

namespace kiosque {

// Parses `text` into seconds since the epoch (UTC). Accepted forms:
//   2026-11-25                 midnight UTC of that day
//   2026-11-25T20:00[:00]      followed by Z, +01:00, -0500 or nothing (UTC);
//                              a space may replace the T
//   @1764100800                Unix seconds, optionally with a fraction
//                              (@1764100800.25)
// Rejects days that do not exist (2026-02-30). Throws std::invalid_argument
// naming the accepted forms. Thread-safe.
double parse_timestamp(const std::string& text);

}  // namespace kiosque

#endif  // KIOSQUE_BASE_TIMESTAMP_H_
