// The article model shared by the corpus readers, the indexer and the query
// tool. An Article holds the text exactly as the source wrote it: analysis
// (folding, stemming) never rewrites it, so that what is shown is what was
// written.
#ifndef KIOSQUE_INPUT_ARTICLE_H_
#define KIOSQUE_INPUT_ARTICLE_H_

#include <string>

namespace kiosque {

// Where an article's date came from. Stored with the article so that a date
// guessed from a file's modification time is never mistaken for a real one.
enum class DateSource {
  kNone,    // no date known
  kRecord,  // the record or front matter gave it
  kPath,    // taken from a .../YYYY/MM/DD/... folder path
  kMtime,   // taken from the file's modification time (a guess)
  kHtml,    // from an HTML page's metadata or <time> element
};

// The stable name of a DateSource, as stored and as printed by --json
// ("none", "record", "path", "mtime", "html").
const char* date_source_name(DateSource source);

// What an article's id was made from, so that it can be scoped by its root
// (scope_id in corpus_reader.h).
enum class IdOrigin {
  kPath,    // a file article: its path relative to the root
  kRecord,  // a JSON Lines record's own "id"
  kHash,    // a record without "id": its path, '#', a hash of its content
};

struct Article {
  std::string id;  // stable unique id (see docs/architecture.md)
  IdOrigin id_origin = IdOrigin::kPath;
  std::string title;  // as written; never empty once read
  std::string date;   // "YYYY-MM-DD", or "" when unknown
  DateSource date_source = DateSource::kNone;
  std::string source;  // e.g. "Le Monde"; "" when unknown
  std::string url;     // "" when unknown
  std::string author;  // "" when unknown
  std::string root;    // the label of its archive root; "" when read alone
  std::string path;    // path of the file relative to its archive root
  int line = 0;        // 1-based line in a JSON Lines file, else 0
  std::string text;    // body paragraphs joined by '\n', as written
};

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_ARTICLE_H_
