// SPDX-License-Identifier: GPL-2.0-or-later
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
// Exact forms: a word of the title or body folded but not stemmed, without
// positions (Analyzer's exact_form_term). Ranking prefers them to stems.
inline constexpr char kPrefixExact[] = "E";
// Analysed words of the title alone, with positions, for titre:/title:.
inline constexpr char kPrefixTitle[] = "S";
// The source, folded (boolean filter: source:"le monde").
inline constexpr char kPrefixSource[] = "XS";
// The file an article came from: its root's label, '/', and its path relative
// to the root ("XParchive/2021/01/01/une.txt"): the handle by which an
// incremental run finds the articles of a changed or removed file (never
// rebuild an id from a path: a moved file's article keeps its old id).
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
// The commit sequence number that made the article visible first
// (store/sequence.h: sortable_serialise of an integer); kept when the
// article is updated or moved, as its first-indexed time is. Empty: indexed
// before sequences existed, which counts as sequence 0 (seen by every
// alert). kiosque-query --after-sequence, kiosque-alerts.
inline constexpr Xapian::valueno kSlotSequence = 8;

// --- Document data -------------------------------------------------------------
// Each document's data is a JSON object with the keys id, title, date,
// date_source, date_precision, source, url, author, root (the root's label)
// and path (relative to the root); with the text in kSlotText, it is the
// article as written: kiosque-query never re-reads the source files.
// Not the line of a JSON Lines record: the stored data decides whether an
// article changed, and removing one record must not change those after it.

// --- Versions -------------------------------------------------------------------
// Bumped whenever ids, slots or stored data change meaning: a database of
// another schema must be rebuilt (kiosque-index refuses it, kiosque-query
// warns). 2: ids scoped by root labels, roots recorded.
inline constexpr char kSchemaVersion[] = "2";

// --- Metadata keys -------------------------------------------------------------
inline constexpr char kMetaAnalyzer[] = "kiosque.analyzer";  // kAnalyzerVersion
// kSchemaVersion when the database was stamped; absent (with articles):
// schema 1, before roots were recorded.
inline constexpr char kMetaSchema[] = "kiosque.schema";
inline constexpr char kMetaIcuVersion[] = "kiosque.icu";  // ICU at build
inline constexpr char kMetaXapianVersion[] = "kiosque.xapian";
// One key per indexed file, "kiosque.file:" + root label + "/" + path
// relative to the root; the value is "LABEL\tSIZE\tMTIME_NS\tARTICLES": what
// an incremental run compares to decide that a file is unchanged (two roots
// holding the same relative path never share a key).
inline constexpr char kMetaFilePrefix[] = "kiosque.file:";
// One key per archive root the database has seen, "kiosque.root:" + its
// label; the value is "KIND\tSOURCE\tPATH" (KIND "d" for a folder, "f" for a
// file given alone; PATH absolute), owned by index/roots.h. Article ids and
// file keys are scoped by the label, so that a root can move (a new mount
// point) without changing them.
inline constexpr char kMetaRootPrefix[] = "kiosque.root:";
// One key per compacted year shard of a database sharded by year,
// "kiosque.compacted:" + the shard ("y2017"), in the metadata shard; the
// value is "GENERATION REVISION" (the generation --compact-frozen wrote and
// its revision then): a shard whose live generation and revision still match
// was not written since and is not compacted again.
inline constexpr char kMetaCompactedPrefix[] = "kiosque.compacted:";
// The sequence number of the last commit that made new articles visible, in
// decimal (store/sequence.h), in the metadata shard: written in the same
// commit as those articles (unsharded), or committed after every article
// shard (sharded), so that a reader that sees it sees them all.
inline constexpr char kMetaSequence[] = "kiosque.sequence";
// One key per duplicate group whose head was marked in the commit that wrote
// a member of it to another shard, "kiosque.leader:" + the head's id, in
// the member's shard (value "1"): shards commit one by one, so a kill
// between two commits can leave the member without its head marked; the
// next run marks it (index/duplicate_finder.h, repair_group_heads).
inline constexpr char kMetaLeaderPrefix[] = "kiosque.leader:";

}  // namespace kiosque::schema

#endif  // KIOSQUE_STORE_SCHEMA_H_
