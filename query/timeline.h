// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque-query --timeline: the matches per year or month, as a bar chart
// for a person or as JSON for a script.
#ifndef KIOSQUE_QUERY_TIMELINE_H_
#define KIOSQUE_QUERY_TIMELINE_H_

#include <cstddef>
#include <iosfwd>
#include <string>

#include "kiosque/search/timeline.h"

namespace kiosque {

// The bar of `count` against the largest count `max` drawn `width` columns
// long: full blocks, then an eighth block for the fraction left; at least an
// eighth for any count above 0, nothing for 0.
std::string timeline_bar(Xapian::doccount count, Xapian::doccount max, std::size_t width);

// Prints `timeline` for a person, fitted to `columns`: a header ("Par année
// (y compris les reprises) :" or "Par mois …"), one line a period (its
// label, its bar, its count; "0" alone for an empty period), then "Sans
// date : N" when some matching articles have no date.
void print_timeline(std::ostream& out, const Timeline& timeline, std::size_t columns);

// Prints `timeline` as one JSON object (docs/json-output.md, "Timeline").
void print_timeline_json(std::ostream& out, const Timeline& timeline);

}  // namespace kiosque

#endif  // KIOSQUE_QUERY_TIMELINE_H_
