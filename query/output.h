// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque-query's two outputs: text for a person, JSON Lines for a script.
#ifndef KIOSQUE_QUERY_OUTPUT_H_
#define KIOSQUE_QUERY_OUTPUT_H_

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kiosque/search/search.h"

namespace kiosque {

// How text for a person is shown.
struct HumanStyle {
  // Colour (use_color): highlights in bold yellow. Without it, highlights
  // are marked "*mot*", as in a pipe, a mail or with NO_COLOR.
  bool color = false;
  // The width text is wrapped to (output_columns).
  std::size_t columns = 80;
};

// Prints the results for a person: a first line with the count ("83
// articles (12 reprises regroupées)", "environ …" for an estimate, or
// "Aucun article ne correspond à « QUERY »"), then the ranked hits: rank,
// title (with "(+N reprises)" when duplicates were collapsed into it), date,
// source, path or url, snippet, then a did-you-mean line ("Essayez avec :
// Sarkozy (22 articles)") when there is one. Titles and snippets are wrapped
// at word boundaries to `style.columns` with a hanging indent, their
// highlights shown as `style` says (markers count in the width; colour codes
// do not). Text from articles and the query is sanitized.
void print_human(std::ostream& out, const SearchResults& results, std::string_view query,
                 const HumanStyle& style);

// `text` with each highlight ([begin, end) code points) between asterisks,
// "*mot*": the one definition of the no-colour marker, for text output and
// for JSON's "marked_snippet" (which kiosque-alerts mails).
std::string marked_text(
    std::string_view text,
    const std::vector<std::pair<std::size_t, std::size_t>>& highlights);

// Prints the facets of `results`, if any, for a person: a "Par année :" and
// a "Par source :" block, one "value  count" line each; nothing when nothing
// matched.
void print_human_facets(std::ostream& out, const SearchResults& results);

// Prints the query's warnings, then the search's notes, to `err`, one a
// line: "kiosque-query: WHEREwarning: …" (`where` is "" or "stdin:LINE: "),
// sanitized (they quote the query).
void print_diagnostics(std::ostream& err, const SearchResults& results,
                       std::string_view where);

// The fields a hit and the article view (--show) both give of `article`,
// `file` being its file's absolute path ("" when unknown: null): id, title,
// date with its source and precision, source, url, path and file.
nlohmann::json article_json(const Article& article, const std::string& file);

// What the JSON objects say besides the results.
struct JsonContext {
  std::string query;              // the query as given ("" with --like alone)
  std::string like_id;            // --like ID, or ""
  double elapsed_ms = 0;          // opening the database and searching
  bool tag_every_object = false;  // --batch: every object carries "query"
  // The database's commit sequence when the search opened it
  // (store/sequence.h): where the next --after-sequence starts.
  std::uint64_t sequence = 0;
  // What is wrong with the database itself (another schema), said before the
  // query's warnings and the search's notes in the summary's "warnings".
  std::vector<std::string> warnings;
};

// Prints one JSON object a hit, then the facets object (when asked for),
// then one summary object (docs/json-output.md), whose "warnings" hold
// everything print_diagnostics prints, without the prefixes.
void print_json(std::ostream& out, const SearchResults& results,
                const JsonContext& context);

}  // namespace kiosque

#endif  // KIOSQUE_QUERY_OUTPUT_H_
