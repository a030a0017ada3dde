// SPDX-License-Identifier: GPL-2.0-or-later
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
  int line = 0;  // of its record in its file (0: the whole file), for reports
  std::uint32_t long_words = 0;  // words over kMaxWordBytes, given no term
  // The distinct terms of `document` as prepare_document() left it, every
  // one at most kMaxTermBytes long (terms.h) by construction; 0 when not
  // made by it. A document whose term count differs was changed since, and
  // its terms are checked again before writing (index/apply.h).
  Xapian::termcount bounded_terms = 0;
};

// Near duplicates: simhashes at most this many bits apart (docs/architecture.md,
// "Schema", value 6).
inline constexpr int kNearDuplicateBits = 3;

// The simhash band terms of `simhash` (schema::kPrefixSimhashBand): two
// simhashes at most kNearDuplicateBits apart share at least one.
std::vector<std::string> simhash_band_terms(std::uint64_t simhash);

// Parses the 16 hex digits of a simhash value slot; false if malformed.
bool parse_simhash(const std::string& value, std::uint64_t* simhash);

// Analyses `article` into a document, whose terms are never longer than
// Xapian takes (words are bounded by the analyzer, other terms by
// bounded_term): everything but the values the writer decides (schema::kSlotIndexedAt,
// kept from the stored article or the time of writing, and kSlotDuplicateGroup; see
// index/apply.h).
PreparedDocument prepare_document(const Article& article, Analyzer& analyzer);

// Gives `prepared` the id `id` (without prefix): its id term and the id in
// its data. For an article that keeps the id of the article it replaces (a
// moved file, index/moves.h). Throws nlohmann::json's exceptions on data
// that is not prepare_document()'s.
void set_article_id(PreparedDocument* prepared, const std::string& id);

// The article stored in a document (its data and its text slot), as
// written. Throws std::runtime_error when the document is not kiosque's.
Article article_from_document(const Xapian::Document& document);

// The id term (schema::kPrefixId) of document `docid` of `db`, read from its
// term list; "" when it has none.
std::string id_term_of(const Xapian::Database& db, Xapian::docid docid);

// The id term (schema::kPrefixId) that prepare_document() gave `document`,
// made from the id in its data alone (neither its text nor its term list is
// read); "" when its data holds no id.
std::string id_term_from_data(const Xapian::Document& document);

// A file's path as its path term (schema::kPrefixPath) holds it: the root's
// label, '/', and `relpath`; `relpath` alone when `root` is "".
std::string rooted_path(const std::string& root, const std::string& relpath);

// The article's schema::kSlotDate value: "YYYYMMDD"; "YYYYMM00" for a
// month-only date, so that it sorts at the head of its month, falls in
// date:2020-03 (whose range starts at "20200300") and not in
// date:2020-03-05; "" when undated or dated by modification time only (no
// date for filters, sorting or year facets). Thread-safe.
std::string date_slot_value(const Article& article);

// The folded form of a source name, as used in its filter term.
std::string source_key(const std::string& source);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_DOCUMENT_H_
