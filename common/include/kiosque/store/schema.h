// The database schema: every term prefix, value slot and metadata key that
// kiosque writes, named once here. No prefix literal appears anywhere else.
// docs/architecture.md has the same table for readers of the database.
#ifndef KIOSQUE_STORE_SCHEMA_H_
#define KIOSQUE_STORE_SCHEMA_H_

#include <xapian.h>

namespace kiosque::schema {

// --- Term prefixes -----------------------------------------------------------
// Unique id of an article ("Q" + id): replace_document() by this term is what
// makes a re-run harmless.
inline constexpr char kPrefixId[] = "Q";
// Analysed words of the title and the body, with positions. Xapian's snippet
// and stemming conventions call this family "Z".
inline constexpr char kPrefixWord[] = "Z";
// Analysed words of the title alone, with positions, for titre:/title:.
inline constexpr char kPrefixTitle[] = "S";
// The source, folded (boolean filter: source:"le monde").
inline constexpr char kPrefixSource[] = "XS";
// The file an article came from, relative to its archive root: the handle by
// which an incremental run finds the articles of a changed or removed file.
inline constexpr char kPrefixPath[] = "XP";
// One of four 16-bit bands of the article's simhash ("XD" + band number +
// 4 hex digits): two near-duplicates (Hamming distance <= 3) share at least
// one band, so the indexer finds duplicate candidates through these terms.
inline constexpr char kPrefixSimhashBand[] = "XD";

// --- Value slots ---------------------------------------------------------------
// "YYYYMMDD"; empty when the date is unknown. Sorting and date ranges.
inline constexpr Xapian::valueno kSlotDate = 0;
// "YYYY"; empty when the date is unknown. Facets by year.
inline constexpr Xapian::valueno kSlotYear = 1;
// The source as written; empty when unknown. Facets by source.
inline constexpr Xapian::valueno kSlotSource = 2;
// When the article was first indexed, Xapian::sortable_serialise(seconds
// since the epoch). --added-since.
inline constexpr Xapian::valueno kSlotIndexedAt = 3;
// 16 hex digits: a hash of the article's analysed text (exact duplicates).
inline constexpr Xapian::valueno kSlotContentHash = 4;
// 16 hex digits: the 64-bit simhash of the article's word shingles.
inline constexpr Xapian::valueno kSlotSimhash = 5;
// The duplicate group: the id of the first-indexed article of a group of
// exact or near duplicates (on it too), set at index time. Query time
// collapses on it (Xapian's collapse key); empty for articles with no
// duplicate, which the matcher then never compares.
inline constexpr Xapian::valueno kSlotDuplicateGroup = 6;
// The article's text as written (for snippets), one zstd frame. Kept out of
// the document data, which Xapian deflates (zlib, level 6) on every write:
// that was a tenth of a full build's CPU. zstd makes it as small several
// times faster, on the analysis thread, and reads back faster.
inline constexpr Xapian::valueno kSlotText = 7;

// --- Document data -------------------------------------------------------------
// Each document's data is a JSON object with the keys id, title, date,
// date_source, source, url, author and path; with the text in kSlotText, it
// is the article as written: kiosque-query never re-reads the source files.
// Not the line of a JSON Lines record: the stored data decides whether an
// article changed, and removing one record must not change those after it.

// --- Metadata keys -------------------------------------------------------------
inline constexpr char kMetaAnalyzer[] = "kiosque.analyzer";  // kAnalyzerVersion
inline constexpr char kMetaIcuVersion[] = "kiosque.icu";     // ICU at build
inline constexpr char kMetaXapianVersion[] = "kiosque.xapian";
// One key per indexed file, "kiosque.file:" + path relative to its root; the
// value is "ROOT\tSIZE\tMTIME_NS\tARTICLES": what an incremental run
// compares to decide that a file is unchanged, and the root it belongs to
// (only roots given to a run have their vanished files deleted).
inline constexpr char kMetaFilePrefix[] = "kiosque.file:";
// One key per compacted year shard of a database sharded by year,
// "kiosque.compacted:" + the shard ("y2017"), in the metadata shard; the
// value is "GENERATION REVISION" (the generation --compact-frozen wrote and
// its revision then): a shard whose live generation and revision still match
// was not written since and is not compacted again.
inline constexpr char kMetaCompactedPrefix[] = "kiosque.compacted:";

}  // namespace kiosque::schema

#endif  // KIOSQUE_STORE_SCHEMA_H_
