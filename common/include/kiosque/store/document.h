// How an article becomes a Xapian document, and back: the one place that
// applies the schema (schema.h) to an article.
#ifndef KIOSQUE_STORE_DOCUMENT_H_
#define KIOSQUE_STORE_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "kiosque/input/article.h"
#include "kiosque/text/analyzer.h"

namespace kiosque {

// How much a title word counts against a body word (extra wdf per title
// occurrence). Tuned with scripts/eval-relevance: heavier titles let one
// title word beat several body words and hurt known-item search.
inline constexpr Xapian::termcount kTitleWeight = 2;

// A document ready for the writer, built without touching any database, so
// that analysis can run on other threads than the single Xapian writer.
struct PreparedDocument {
  std::string id_term;                 // the unique id term, for replace_document
  Xapian::Document document;           // terms, values and data
  std::vector<std::string> spellings;  // folded words for did-you-mean
  std::uint64_t simhash = 0;           // of the body's word shingles
  bool has_simhash = false;            // false for texts too short to tell
};

// Near duplicates: simhashes at most this many bits apart (docs/architecture.md,
// "Schema", value 6).
inline constexpr int kNearDuplicateBits = 3;

// The simhash band terms of `simhash` (schema::kPrefixSimhashBand): two
// simhashes at most kNearDuplicateBits apart share at least one.
std::vector<std::string> simhash_band_terms(std::uint64_t simhash);

// Parses the 16 hex digits of a simhash value slot; false if malformed.
bool parse_simhash(const std::string& value, std::uint64_t* simhash);

// Analyses `article` into a document: everything but the values the writer
// decides (schema::kSlotIndexedAt, kept from the stored article or the time
// of writing, and kSlotDuplicateGroup; see index/apply.h).
PreparedDocument prepare_document(const Article& article, Analyzer& analyzer);

// The article stored in a document (its data and its text slot), as
// written. Throws std::runtime_error when the document is not kiosque's.
Article article_from_document(const Xapian::Document& document);

// A file's path as its path term (schema::kPrefixPath) holds it: the root's
// label, '/', and `relpath`; `relpath` alone when `root` is "".
std::string rooted_path(const std::string& root, const std::string& relpath);

// The folded form of a source name, as used in its filter term.
std::string source_key(const std::string& source);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_DOCUMENT_H_
