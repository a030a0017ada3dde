// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/input/corpus_reader.h"

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include <unistd.h>
#include <exception>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "input/line_source.h"
#include "input/regular_file.h"
#include "kiosque/base/ascii.h"
#include "kiosque/base/hash.h"
#include "kiosque/base/message.h"
#include "kiosque/input/dates.h"
#include "kiosque/input/decode.h"
#include "kiosque/input/html_reader.h"
#include "kiosque/input/limits.h"

namespace kiosque {
namespace {

// A derived title (from the first paragraph) is at most this many code
// points, the ellipsis included: about a headline's length.
constexpr size_t kDerivedTitleMax = 90;
// A first line followed by a blank line is a title only if it is at most
// this long; longer, it is the lede of a bare text with blank lines.
constexpr size_t kTitleLineMax = 200;

// Blank code points trimmed from paragraph ends, besides ASCII blanks:
// U+00A0, U+202F, U+200B and U+FEFF.
size_t blank_prefix_length(std::string_view s) {
  static constexpr std::string_view kBlanks[] = {"\xC2\xA0", "\xE2\x80\xAF",
                                                 "\xE2\x80\x8B", "\xEF\xBB\xBF"};
  if (!s.empty() && is_ascii_space(s.front())) return 1;
  for (std::string_view b : kBlanks) {
    if (s.substr(0, b.size()) == b) return b.size();
  }
  return 0;
}

size_t blank_suffix_length(std::string_view s) {
  static constexpr std::string_view kBlanks[] = {"\xC2\xA0", "\xE2\x80\xAF",
                                                 "\xE2\x80\x8B", "\xEF\xBB\xBF"};
  if (!s.empty() && is_ascii_space(s.back())) return 1;
  for (std::string_view b : kBlanks) {
    if (s.size() >= b.size() && s.substr(s.size() - b.size()) == b) {
      return b.size();
    }
  }
  return 0;
}

std::string_view trim(std::string_view s) {
  while (size_t n = blank_prefix_length(s)) s.remove_prefix(n);
  while (size_t n = blank_suffix_length(s)) s.remove_suffix(n);
  return s;
}

// Splits text into lines on '\n', dropping a trailing '\r' from each.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  // "a\n" is one line, not two.
  if (!lines.empty() && lines.back().empty() && !text.empty() && text.back() == '\n') {
    lines.pop_back();
  }
  return lines;
}

// The body from paragraph lines: trimmed, blank ones dropped, a paragraph
// repeated verbatim kept at its first occurrence only (wire copy often
// repeats its lede at the end), joined by '\n'.
std::string join_paragraphs(const std::vector<std::string_view>& lines) {
  std::unordered_set<std::string_view> seen;
  std::string text;
  for (std::string_view line : lines) {
    const std::string_view paragraph = trim(line);
    if (paragraph.empty() || !seen.insert(paragraph).second) continue;
    if (!text.empty()) text += '\n';
    text += paragraph;
  }
  return text;
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// A title made from the first paragraph of `text`: the paragraph itself when
// short enough, else cut at the last space that fits, with "…" appended.
std::string derive_title(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  if (code_points(first) <= kDerivedTitleMax) return std::string(first);
  // Byte offset where code point kDerivedTitleMax - 1 (room for "…") starts.
  size_t limit = 0;
  for (size_t count = 0; limit < first.size(); ++limit) {
    if ((static_cast<unsigned char>(first[limit]) & 0xC0) != 0x80) {
      if (count == kDerivedTitleMax - 1) break;
      ++count;
    }
  }
  std::string_view cut = first.substr(0, limit);
  // A space right after the cut means the cut is at a word end already.
  if (limit < first.size() && first[limit] != ' ') {
    const size_t space = cut.rfind(' ');
    if (space != std::string_view::npos && space > 0) cut = cut.substr(0, space);
  }
  cut = trim(cut);
  while (!cut.empty() && (cut.back() == ',' || cut.back() == ';' || cut.back() == ':' ||
                          is_ascii_space(cut.back()))) {
    cut.remove_suffix(1);
  }
  return std::string(cut) + "\xE2\x80\xA6";
}

// The day of a file's modification time, in UTC so that the same archive
// gives the same dates on every machine. "" when unknown.
std::string mtime_date(const std::filesystem::path& file) {
  std::error_code ec;
  const auto mtime = std::filesystem::last_write_time(file, ec);
  if (ec) return "";
  const auto sys = std::chrono::file_clock::to_sys(mtime);
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(sys)};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

// The date evidence a file gives besides its content: its name and its
// whole path (absolute, so that the folders above the root given count).
DateEvidence file_date_evidence(const std::filesystem::path& file) {
  DateEvidence evidence;
  evidence.file_name = file.filename().string();
  std::error_code ec;
  const std::filesystem::path whole = std::filesystem::absolute(file, ec);
  evidence.path = (ec ? file : whole).lexically_normal().generic_string();
  return evidence;
}

// Dates a file article from `evidence` (its content date, if any, already
// in it), its dateline, and last its modification time.
void date_file_article(const std::filesystem::path& file, DateEvidence evidence,
                       Article* article) {
  if (evidence.text_date.empty()) evidence.text_date = date_from_dateline(article->text);
  evidence.mtime = mtime_date(file);
  assign_best_date(evidence, article);
}

void add_warnings(const std::vector<std::string>& reasons, ReadResult* result) {
  for (const std::string& reason : reasons) {
    result->warnings.push_back(Problem{0, reason});
  }
}

// Front matter values may be quoted; the quotes are not part of the value.
std::string_view unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

// One "key: value" line of front matter, into `article` (its date into
// `dates`); other keys are ignored.
void take_front_matter_field(const std::string& key, const std::string& value,
                             int line_number, Article* article, DateEvidence* dates,
                             ReadResult* result) {
  if (key == "title") {
    article->title = value;
  } else if (key == "date") {
    // An unreadable date is no evidence: the file's name, dateline or
    // folders may still date the article.
    dates->content = parse_date(value);
    if (dates->content.empty()) {
      result->warnings.push_back(
          Problem{line_number, message(messages::kUnrecognisedDate, {value})});
    }
  } else if (key == "source") {
    article->source = value;
  } else if (key == "url") {
    article->url = value;
  } else if (key == "author") {
    article->author = value;
  }
}

// The front matter opened by lines[0] ("---"), into `article` and `dates`;
// the first line of the body, or nullopt (a problem said) when it is never
// closed.
std::optional<size_t> read_front_matter(const std::vector<std::string_view>& lines,
                                        Article* article, DateEvidence* dates,
                                        ReadResult* result) {
  size_t close = 1;
  while (close < lines.size() && lines[close] != "---") ++close;
  if (close == lines.size()) {
    result->problems.push_back(
        Problem{1, N_("front matter opened here is never closed by a '---' line")});
    return std::nullopt;
  }
  for (size_t i = 1; i < close; ++i) {
    const int line_number = static_cast<int>(i + 1);
    const std::string_view line = trim(lines[i]);
    if (line.empty()) continue;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      result->warnings.push_back(
          Problem{line_number, N_("front matter line is not 'key: value'")});
      continue;
    }
    take_front_matter_field(ascii_lower(trim(line.substr(0, colon))),
                            std::string(unquote(trim(line.substr(colon + 1)))),
                            line_number, article, dates, result);
  }
  return close + 1;
}

// "Title\n\nBody...": a short first line, not ending a sentence, then a
// blank line, is the title. A long or full-stopped first line is a lede, as
// in a bare text whose paragraphs are separated by blank lines. Returns the
// first line of the body.
size_t take_title_line(const std::vector<std::string_view>& lines, Article* article) {
  size_t first = 0;
  while (first < lines.size() && trim(lines[first]).empty()) ++first;
  if (first + 2 < lines.size() && trim(lines[first + 1]).empty()) {
    const std::string_view candidate = trim(lines[first]);
    if (code_points(candidate) <= kTitleLineMax && candidate.back() != '.') {
      article->title = candidate;
      return first + 2;
    }
  }
  return 0;
}

void read_text(std::string_view text, const std::filesystem::path& file,
               const std::string& relpath, ReadResult* result) {
  const std::vector<std::string_view> lines = split_lines(text);
  Article article;
  article.id = relpath;
  article.path = relpath;
  DateEvidence dates = file_date_evidence(file);
  size_t body_start = 0;
  if (!lines.empty() && lines[0] == "---") {
    const std::optional<size_t> body = read_front_matter(lines, &article, &dates, result);
    if (!body) return;
    body_start = *body;
  } else {
    body_start = take_title_line(lines, &article);
  }
  article.text = join_paragraphs(std::vector<std::string_view>(
      lines.begin() + static_cast<std::ptrdiff_t>(body_start), lines.end()));
  if (article.text.empty()) {
    result->problems.push_back(Problem{0, N_("no text")});
    return;
  }
  if (article.title.empty()) article.title = derive_title(article.text);
  date_file_article(file, std::move(dates), &article);
  result->articles.push_back(std::move(article));
}

void read_html_file(std::string_view bytes, const std::filesystem::path& file,
                    const std::string& relpath, ReadResult* result) {
  HtmlPage page = read_html(bytes);
  add_warnings(page.warnings, result);
  for (const std::string& note : page.notes) result->notes.push_back(Problem{0, note});
  if (!page.ok()) {
    result->problems.push_back(Problem{0, page.error});
    return;
  }
  Article article;
  article.id = relpath;
  article.path = relpath;
  article.text = join_paragraphs(
      std::vector<std::string_view>(page.paragraphs.begin(), page.paragraphs.end()));
  if (article.text.empty()) {
    result->problems.push_back(Problem{0, N_("no text")});
    return;
  }
  article.title = page.title.empty() ? derive_title(article.text) : std::move(page.title);
  article.source = std::move(page.source);
  article.url = std::move(page.url);
  article.author = std::move(page.author);
  DateEvidence dates = file_date_evidence(file);
  dates.content = std::move(page.date);
  dates.content_source = DateSource::kHtml;
  dates.text_date = std::move(page.text_date);
  date_file_article(file, std::move(dates), &article);
  result->articles.push_back(std::move(article));
}

// A string field of a record: nullopt when absent or null; a warning and
// nullopt when it holds something else.
std::optional<std::string> string_field(const nlohmann::json& record, const char* key,
                                        int line, ReadResult* result) {
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    result->warnings.push_back(Problem{line, message(messages::kNotAString, {key})});
    return std::nullopt;
  }
  return it->get<std::string>();
}

// nlohmann's messages start with "[json.exception.parse_error.101] ".
std::string json_message(const std::exception& e) {
  std::string_view what = e.what();
  const size_t end = what.find("] ");
  if (!what.empty() && what.front() == '[' && end != std::string_view::npos) {
    what.remove_prefix(end + 2);
  }
  return std::string(what);
}

// The JSON object on `line`, or nullopt with the problem said.
std::optional<nlohmann::json> parse_record(std::string_view line, int line_number,
                                           ReadResult* result) {
  nlohmann::json record;
  try {
    record = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    result->problems.push_back(
        Problem{line_number, message(messages::kNotValidJson, {json_message(e)})});
    return std::nullopt;
  } catch (const nlohmann::json::exception& e) {
    // A number out of double's range (1e400) is valid JSON nlohmann cannot
    // hold: this record's problem, not the file's.
    result->problems.push_back(
        Problem{line_number, message(messages::kRecordUnreadable, {json_message(e)})});
    return std::nullopt;
  }
  if (!record.is_object()) {
    result->problems.push_back(Problem{line_number, N_("record is not a JSON object")});
    return std::nullopt;
  }
  return record;
}

// A record's title, date and other fields into `article`, whose text is
// set; `file_dates` (the file's name and path) date a record without a date
// of its own.
void take_record_fields(const nlohmann::json& record, const std::string& raw_title,
                        const std::string& raw_date, const DateEvidence& file_dates,
                        Article* article, ReadResult* result) {
  const int line_number = article->line;
  article->title = std::string(trim(raw_title));
  if (article->title.empty()) article->title = derive_title(article->text);
  DateEvidence dates = file_dates;
  if (!raw_date.empty()) {
    dates.content = parse_date(raw_date);
    if (dates.content.empty()) {
      result->warnings.push_back(
          Problem{line_number, message(messages::kUnrecognisedDate, {raw_date})});
    }
  }
  // A record is never dated by its file's time: one export holds years.
  dates.text_date = date_from_dateline(article->text);
  assign_best_date(dates, article);
  article->source = string_field(record, "source", line_number, result).value_or("");
  article->url = string_field(record, "url", line_number, result).value_or("");
  article->author = string_field(record, "author", line_number, result).value_or("");
}

// The record's own id, if it has one; false (a problem said) for an id
// neither string nor number.
bool take_record_id(const nlohmann::json& record, Article* article, ReadResult* result) {
  const auto id = record.find("id");
  if (id == record.end() || id->is_null()) return true;
  article->id_origin = IdOrigin::kRecord;
  if (id->is_string()) {
    article->id = id->get<std::string>();
  } else if (id->is_number()) {
    article->id = id->dump();
  } else {
    result->problems.push_back(
        Problem{article->line, N_("\"id\" is neither a string nor a number")});
    return false;
  }
  return true;
}

// `file_dates`: the file's name and path, which date a record without a date
// of its own.
void read_record(std::string_view line, int line_number, const std::string& relpath,
                 const DateEvidence& file_dates, std::map<std::string, int>* ids_seen,
                 ReadResult* result) {
  const std::optional<nlohmann::json> record = parse_record(line, line_number, result);
  if (!record) return;
  std::optional<std::string> raw_text;
  for (const char* key : {"text", "body", "content"}) {
    raw_text = string_field(*record, key, line_number, result);
    if (raw_text) break;
  }
  Article article;
  article.path = relpath;
  article.line = line_number;
  if (raw_text) article.text = join_paragraphs(split_lines(*raw_text));
  if (article.text.empty()) {
    result->problems.push_back(Problem{line_number, N_("record has no text")});
    return;
  }
  const std::string raw_title =
      string_field(*record, "title", line_number, result).value_or("");
  const std::string raw_date =
      string_field(*record, "date", line_number, result).value_or("");
  take_record_fields(*record, raw_title, raw_date, file_dates, &article, result);
  if (!take_record_id(*record, &article, result)) return;
  if (article.id.empty()) {
    // Hashing what the record says, not its position, keeps the id when
    // lines are inserted above it.
    article.id_origin = IdOrigin::kHash;
    article.id = relpath + "#" +
                 hex16(fnv1a64(raw_title + "\x1f" + raw_date + "\x1f" + *raw_text));
  }
  const auto [seen, inserted] = ids_seen->emplace(article.id, line_number);
  if (!inserted) {
    result->problems.push_back(Problem{
        line_number,
        message(messages::kDuplicateId, {article.id, std::to_string(seen->second)})});
    return;
  }
  result->articles.push_back(std::move(article));
}

// JSON Lines: a record a line from the file's one LineSource (decoded as
// its charset says, gzip or not, in bounded memory), handed over in batches.
void read_json_lines(const std::filesystem::path& file, const std::string& relpath,
                     std::size_t batch_size,
                     const std::function<void(ReadResult&)>& on_batch) {
  LineSource source(file);
  const DateEvidence file_dates = file_date_evidence(file);
  ReadResult batch;
  std::map<std::string, int> ids_seen;
  bool any_record = false;
  std::string_view line;
  int line_number = 0;
  while (source.next(&line, &line_number, &batch)) {
    if (trim(line).empty()) continue;
    any_record = true;
    try {
      read_record(line, line_number, relpath, file_dates, &ids_seen, &batch);
    } catch (const std::exception& e) {
      // Out of memory for one huge record, or a library surprise: this
      // record is lost, not the file.
      batch.problems.push_back(
          Problem{line_number, message(messages::kRecordUnreadable, {e.what()})});
    }
    // Problems travel in batches too: a file of millions of bad lines is
    // not held in memory whole.
    if (batch.articles.size() >= batch_size ||
        batch.problems.size() + batch.warnings.size() >= batch_size) {
      on_batch(batch);
      batch = ReadResult();
    }
  }
  if (!any_record && batch.problems.empty())
    batch.problems.push_back(Problem{0, N_("empty file")});
  on_batch(batch);
}

// The whole file, or an error from the system.
bool read_file(const std::filesystem::path& file, std::string* out, std::string* error) {
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  const int fd = open_regular_file(file, error);
  if (fd < 0) return false;
  errno = 0;
  std::unique_ptr<std::FILE, Closer> f(::fdopen(fd, "rb"));
  if (!f) {
    *error = std::strerror(errno);
    ::close(fd);
    return false;
  }
  char buffer[1 << 16];
  while (true) {
    const size_t n = std::fread(buffer, 1, sizeof buffer, f.get());
    out->append(buffer, n);
    if (out->size() > kMaxArticleFileBytes) {
      *error = "file larger than the limit of " +
               std::to_string(kMaxArticleFileBytes >> 20) + " MiB for one article file";
      return false;
    }
    if (n < sizeof buffer) break;
  }
  if (std::ferror(f.get())) {
    *error = std::strerror(errno);
    return false;
  }
  return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

ReadResult read_checked(const std::filesystem::path& file, const std::string& relpath) {
  ReadResult result;
  const InputKind kind = input_kind(file);
  if (kind == InputKind::kNotArticle) {
    result.problems.push_back(Problem{0, N_("not an article file")});
    return result;
  }
  if (kind == InputKind::kJsonLines) {
    read_json_lines(file, relpath, SIZE_MAX,
                    [&](ReadResult& all) { result = std::move(all); });
    return result;
  }
  std::string bytes;
  std::string error;
  if (!read_file(file, &bytes, &error)) {
    result.problems.push_back(Problem{0, error});
    return result;
  }
  if (ends_with(ascii_lower(file.filename().string()), ".gz") && !bytes.empty()) {
    std::string inflated;
    // Inflated whole, so bounded as the file it holds (a .jsonl.gz is
    // streamed, under gunzip's own bound).
    if (!gunzip(bytes, &inflated, &error, kMaxArticleFileBytes)) {
      result.problems.push_back(Problem{0, error});
      return result;
    }
    bytes = std::move(inflated);
  }
  if (bytes.empty()) {
    result.problems.push_back(Problem{0, N_("empty file")});
    return result;
  }
  if (kind == InputKind::kHtml) {
    read_html_file(bytes, file, relpath, &result);
    return result;
  }
  DecodedText decoded = decode_to_utf8(bytes);
  add_warnings(decoded.warnings, &result);
  for (const std::string& note : decoded.notes) result.notes.push_back(Problem{0, note});
  if (!decoded.ok()) {
    result.problems.push_back(Problem{0, decoded.error});
    return result;
  }
  read_text(decoded.text, file, relpath, &result);
  return result;
}

}  // namespace

void read_articles_in_batches(const std::filesystem::path& file,
                              const std::string& relpath, std::size_t batch_size,
                              const std::function<void(ReadResult&)>& on_batch) {
  if (input_kind(file) != InputKind::kJsonLines) {
    ReadResult whole = read_articles(file, relpath);
    on_batch(whole);
    return;
  }
  try {
    read_json_lines(file, relpath, batch_size, on_batch);
  } catch (const std::bad_alloc&) {
    ReadResult failed;
    failed.problems.push_back(Problem{0, N_("cannot read: out of memory")});
    on_batch(failed);
  }
}

std::string scope_id(const std::string& root, const Article& article) {
  if (root.empty()) return article.id;
  return root + (article.id_origin == IdOrigin::kRecord ? ":" : "/") + article.id;
}

void scope_ids(const std::string& root, ReadResult* read) {
  for (Article& article : read->articles) {
    article.id = scope_id(root, article);
    article.root = root;
  }
}

InputKind input_kind(const std::filesystem::path& file) {
  std::string name = ascii_lower(file.filename().string());
  // Hidden files (editor locks such as ".#article.txt") are never articles.
  if (name.empty() || name.front() == '.') return InputKind::kNotArticle;
  if (ends_with(name, ".gz")) name.resize(name.size() - 3);
  if (ends_with(name, ".txt")) return InputKind::kText;
  if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson")) {
    return InputKind::kJsonLines;
  }
  if (ends_with(name, ".html") || ends_with(name, ".htm")) {
    return InputKind::kHtml;
  }
  return InputKind::kNotArticle;
}

ReadResult read_articles(const std::filesystem::path& file, const std::string& relpath) {
  try {
    return read_checked(file, relpath);
  } catch (const std::exception& e) {
    // Out of memory or a library surprise: this file is lost, not the run.
    ReadResult result;
    result.problems.push_back(Problem{0, message(messages::kCannotRead, {e.what()})});
    return result;
  }
}

}  // namespace kiosque
