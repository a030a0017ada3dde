// SPDX-License-Identifier: GPL-2.0-or-later
// Reading articles from the archive's files: plain text (bare, with a title
// line, or with front matter), JSON Lines, HTML, any of them gzip-compressed,
// in UTF-8, UTF-16 with BOM or a legacy 8-bit charset.
#ifndef KIOSQUE_INPUT_CORPUS_READER_H_
#define KIOSQUE_INPUT_CORPUS_READER_H_

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "kiosque/input/article.h"

namespace kiosque {

// One thing wrong with an input, reported as "path[:line]: reason".
struct Problem {
  int line = 0;  // 1-based, 0 when the problem is about the whole file
  std::string reason;
};

// What reading one file gave: the articles that could be read, and every
// problem met. A file can give articles and problems at once (a JSON Lines
// file with one bad line); a file that gives neither was empty of articles.
struct ReadResult {
  std::vector<Article> articles;
  std::vector<Problem> problems;  // failures: the file or a record is lost
  std::vector<Problem> warnings;  // read, but with a repair (e.g. bad UTF-8)
  std::vector<Problem> notes;     // read as guessed (e.g. the charset chosen)
};

// The kind of input a file name announces, from its extension (after an
// optional ".gz"), in any case: .txt, .jsonl/.ndjson, .html/.htm. kNotArticle
// for anything else (README.md, images...) and for hidden files (a name
// starting with '.', such as an editor's ".#article.txt" lock).
enum class InputKind { kNotArticle, kText, kJsonLines, kHtml };
InputKind input_kind(const std::filesystem::path& file);

// The formats, after gunzip (".gz", capped at 512 MiB) and decoding to UTF-8
// (see decode.h: BOM, valid UTF-8, else a guessed legacy charset, reported
// as a warning). In every format a paragraph is one line; lines are trimmed,
// blank ones ignored, a trailing '\r' dropped, and a paragraph repeated
// verbatim is kept at its first occurrence only. A title made "from the
// text" is the first paragraph, cut at a space to at most 90 characters with
// "…" appended when cut.
//
// Plain text (.txt), one article a file, id = path = relpath, line = 0:
//  - front matter: first line exactly "---", then "key: value" lines (keys
//    title, date, source, url, author, in any case; others ignored; values
//    trimmed, surrounding double quotes removed), then a "---" line, then the
//    paragraphs. No closing line: a problem at line 1. A line without ':' or
//    a date parse_date cannot read: a warning at its line (the date then
//    stays empty). No title: from the text.
//  - title line: a first line of at most 200 characters that does not end
//    with '.', then a blank line, then the paragraphs.
//  - bare: anything else; every line is a paragraph, the title comes from
//    the text. (A long or full-stopped first line followed by a blank line
//    is a lede, not a title.)
//  Date (assign_best_date, dates.h): front matter "date:" (DateSource::kRecord;
//  one that does not parse is a warning and no evidence), else the file
//  name (kFileName), else a dateline in the first lines of the text (kText),
//  else the folders of the file's absolute path (kPath), else the file's
//  modification day in UTC (kMtime).
//
// JSON Lines (.jsonl, .ndjson), one record a line, path = relpath, line =
// 1-based line number; blank lines skipped. Read a line at a time in bounded
// memory, gzip or not: the charset is decided by decode_to_utf8's rules on
// the first MiB (the whole file when smaller); a later line the charset does
// not fit is read by the same rules on its own, with a warning at its line
// (an appended Latin-1 record keeps its accents). A file of blank lines only
// is an "empty file"; a read failure is a problem at the line being read. Keys: "id"
// (string or number), "title", "date" (parse_date; kRecord), "source", "url", "author",
// and the text in "text", else "body", else "content" (paragraphs separated by
// "\n"). null means absent; unknown keys are ignored; a non-string value
// for a string key is a warning and ignored. No "id": relpath + "#" + 16 hex
// digits of the 64-bit FNV-1a hash of title + "\x1f" + date + "\x1f" + text,
// the raw record strings ("" when absent), so the id survives lines inserted
// above. Problems, each at its line, while the other lines still count: not
// valid JSON, not an object, no text, an id of another type, an id already
// seen in the file. No "date" (or one that does not parse): the file name,
// the record text's dateline, the file's folders, else none (kNone), never
// the file's time; no title: from the text.
//
// HTML (.html, .htm): see html_reader.h. id = path = relpath, line = 0.
// Date: the page's (kHtml), else the file name, else the page's visible
// dateline (HtmlPage::text_date, kText), else folders (kPath), else mtime.
//
// Whole-file problems (line 0): the system's reason when unreadable
// (strerror), a gzip failure, "empty file", "binary file" (NUL bytes outside
// UTF-16), "no text"; "not an article file" when input_kind says so.
// Thread-safe: files may be read in parallel.
//
// The ids made here are unscoped (the relpath, the record's "id", or the
// relpath-and-hash); Article::id_origin says which, and scope_ids (below)
// scopes them by the root's label before they are indexed.
//
// Reads every article of `file`. `relpath` is the file's path relative to the
// archive root it was found under (generic form, '/' separators); it becomes
// the id of a file article and the prefix of the fallback id of a JSON Lines
// record without "id". Never throws for bad content: I/O and decoding failures
// come back as problems.
ReadResult read_articles(const std::filesystem::path& file, const std::string& relpath);

// Reads `file` as read_articles() does, but hands its articles over in
// batches of at most `batch_size` (problems and warnings travel with the
// batch in which they were met). JSON Lines files are streamed a line at a
// time, so a file of any size is read in bounded memory; both functions read
// them with the same code. `on_batch` is called at least once per file; the
// last call is the last batch. A record nlohmann cannot hold (a number out
// of range, such as 1e400) is a problem at its line, like invalid JSON.
void read_articles_in_batches(const std::filesystem::path& file,
                              const std::string& relpath, std::size_t batch_size,
                              const std::function<void(ReadResult&)>& on_batch);

// The id of `article` (as read, unscoped) in the root labelled `root`
// (docs/architecture.md, "Roots and ids"): "ROOT/RELPATH" for a file article,
// "ROOT:ID" for a record's own id, "ROOT/RELPATH#HASH" for a record without
// one. A label holds neither '/' nor ':', so the forms never meet. The id
// itself when `root` is "".
std::string scope_id(const std::string& root, const Article& article);

// Scopes the ids of `read`'s articles by `root` (scope_id) and sets their
// Article::root. Call once per read.
void scope_ids(const std::string& root, ReadResult* read);

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_CORPUS_READER_H_
