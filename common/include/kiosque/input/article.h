// SPDX-License-Identifier: GPL-2.0-or-later
// The article model shared by the corpus readers, the indexer and the query
// tool. An Article holds the text exactly as the source wrote it: analysis
// (folding, stemming) never rewrites it, so that what is shown is what was
// written.
#ifndef KIOSQUE_INPUT_ARTICLE_H_
#define KIOSQUE_INPUT_ARTICLE_H_

#include <string>
#include <string_view>

namespace kiosque {

// Where an article's date came from. Stored with the article so that a date
// guessed from a file's modification time is never mistaken for a real one.
// The rules are tried in the order assign_best_date (dates.h) gives:
// record or page, file name, dateline, folders, modification time.
enum class DateSource {
  kNone,      // no date known
  kRecord,    // the record or front matter gave it
  kPath,      // from the folders of the file's whole path (.../YYYY/MM/DD/...)
  kMtime,     // the file's modification time: shown, but not a date for
              // filters, sorting or facets (it is the copy's day)
  kHtml,      // from an HTML page's metadata, JSON-LD or <time> element
  kFileName,  // from the file's name (2020-02-29-titre.txt)
  kText,      // from a dateline in the first lines ("Publié le 12/01/2022")
};

// The stable name of a DateSource, as stored and as printed by --json
// ("none", "record", "path", "mtime", "html", "filename", "text").
const char* date_source_name(DateSource source);

// What an article's id was made from, so that it can be scoped by its root
// (scope_id in corpus_reader.h).
enum class IdOrigin {
  kPath,    // a file article: its path relative to the root
  kRecord,  // a JSON Lines record's own "id"
  kHash,    // a record without "id": its path, '#', a hash of its content
};

// The DateSource named `name` (date_source_name's inverse); kNone for a name
// it does not know. Thread-safe.
DateSource date_source_from_name(std::string_view name);

// How much of an article's date is known. A month-only date (a .../YYYY/MM/
// folder) is stored as the first of the month.
enum class DatePrecision {
  kDay,
  kMonth,
};

// "day" or "month", as stored and as printed by --json.
const char* date_precision_name(DatePrecision precision);

struct Article {
  std::string id;  // stable unique id (see docs/architecture.md)
  IdOrigin id_origin = IdOrigin::kPath;
  std::string title;  // as written; never empty once read
  std::string date;   // "YYYY-MM-DD", or "" when unknown
  DateSource date_source = DateSource::kNone;
  DatePrecision date_precision = DatePrecision::kDay;  // kMonth: date is the 1st
  std::string source;                                  // e.g. "Le Monde"; "" when unknown
  std::string url;                                     // "" when unknown
  std::string author;                                  // "" when unknown
  std::string root;  // the label of its archive root; "" when read alone
  std::string path;  // path of the file relative to its archive root
  int line = 0;      // 1-based line in a JSON Lines file, else 0; not stored
  std::string text;  // body paragraphs joined by '\n', as written
};

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_ARTICLE_H_
