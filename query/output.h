// kiosque-query's two outputs: text for a person, JSON Lines for a script.
#ifndef KIOSQUE_QUERY_OUTPUT_H_
#define KIOSQUE_QUERY_OUTPUT_H_

#include <iosfwd>

#include "kiosque/search.h"

namespace kiosque {

// Prints ranked hits for a person: rank, title, date, source, path or url,
// snippet (highlights in bold colour when `color`), then a did-you-mean line
// ("Essayez avec : …") when there is one. Text from articles is sanitized.
void print_human(std::ostream& out, const SearchResults& results, bool color);

// Prints one JSON object a hit, then one summary object (docs/json-output.md).
void print_json(std::ostream& out, const SearchResults& results,
                const std::string& query, double elapsed_ms);

}  // namespace kiosque

#endif  // KIOSQUE_QUERY_OUTPUT_H_
