// SPDX-License-Identifier: GPL-2.0-or-later
#include "output.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>

#include "kiosque/base/terminal.h"
#include "kiosque/base/utf8.h"
#include "kiosque/base/wrap.h"
#include "kiosque/i18n.h"
#include "paths.h"

namespace kiosque {
namespace {

constexpr char kBold[] = "\x1b[1m";
constexpr char kHighlight[] = "\x1b[1;33m";
constexpr char kDim[] = "\x1b[2m";
constexpr char kReset[] = "\x1b[0m";
// Around a highlight without colour: *mot*.
constexpr char kMarker[] = "*";

// The byte offset of code point `index` in `text`.
std::size_t byte_offset(const std::string& text, std::size_t index) {
  std::size_t i = 0;
  for (; i < text.size() && index > 0; --index) {
    std::size_t len;
    utf8::decode(text, i, &len);
    i += len;
  }
  return i;
}

// What a person reads for a facet value; "" stands for articles without one.
std::string facet_label(const FacetCount& c, const char* unknown) {
  return c.value.empty() ? unknown : sanitize_for_terminal(c.value);
}

void print_facet_block(std::ostream& out, const char* heading,
                       const std::vector<FacetCount>& counts, const char* unknown) {
  out << heading << "\n";
  std::size_t width = 0;
  for (const FacetCount& c : counts) {
    width = std::max(width, utf8::count_code_points(facet_label(c, unknown)));
  }
  for (const FacetCount& c : counts) {
    const std::string label = facet_label(c, unknown);
    out << "  " << label << std::string(width - utf8::count_code_points(label) + 2, ' ')
        << c.count << "\n";
  }
}

nlohmann::ordered_json facet_object(const std::vector<FacetCount>& counts,
                                    const char* unknown) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const FacetCount& c : counts)
    object[c.value.empty() ? unknown : c.value] = c.count;
  return object;
}

// The JSON facets' keys for articles without a date or a source: machine
// output, never translated (docs/json-output.md).
constexpr char kNoDate[] = "sans date";
constexpr char kNoSource[] = "sans source";

// The date as a reader should take it: a month date as its month, a
// modification time as the file's date, not the article's.
std::string shown_date(const Article& a) {
  if (a.date.empty()) return _("no date");
  if (a.date_source == DateSource::kMtime) {
    return i18n::format(_("%s (file date)"), a.date.c_str());
  }
  if (a.date_precision == DatePrecision::kMonth) return a.date.substr(0, 7);
  return a.date;
}

using Spans = std::vector<std::pair<std::size_t, std::size_t>>;

}  // namespace

namespace {

// "1 article", "83 articles".
std::string articles(Xapian::doccount n) {
  return i18n::format(ngettext("%u article", "%u articles", n), n);
}

// The query as the first line quotes it: a long one is cut after
// kQuotedQueryLength characters.
constexpr std::size_t kQuotedQueryLength = 60;
std::string quoted_query(std::string_view query) {
  if (utf8::count_code_points(query) <= kQuotedQueryLength) {
    return sanitize_for_terminal(query);
  }
  const std::string text(query);
  return sanitize_for_terminal(text.substr(0, byte_offset(text, kQuotedQueryLength))) +
         "…";
}

// The first line: how many articles, or that none matched.
void print_count_line(std::ostream& out, const SearchResults& results,
                      std::string_view query) {
  if (results.matches == 0 && results.hits.empty()) {
    out << (query.empty()
                ? std::string(_("No article matches"))
                : i18n::format(_("No article matches “%s”"), quoted_query(query).c_str()))
        << "\n";
    return;
  }
  out << (results.matches_exact
              ? articles(results.matches)
              : i18n::format(_("about %s"), articles(results.matches).c_str()));
  const Xapian::doccount reprints = results.matches_with_reprints > results.matches
                                        ? results.matches_with_reprints - results.matches
                                        : 0;
  if (reprints > 0) {
    out << i18n::format(
        ngettext(" (%u reprint grouped)", " (%u reprints grouped)", reprints), reprints);
  }
  out << "\n\n";
}

// Byte spans of code point `highlights` into `text`.
Spans byte_spans(std::string_view text, const Spans& highlights) {
  Spans spans;
  std::size_t i = 0, cp = 0;
  const auto seek = [&](std::size_t index) {
    for (; i < text.size() && cp < index; ++cp) {
      std::size_t len;
      utf8::decode(text, i, &len);
      i += len;
    }
    return i;
  };
  for (const auto& [begin, end] : highlights) {
    const std::size_t b = seek(begin);
    spans.emplace_back(b, seek(end));
  }
  return spans;
}

// Text to wrap, with the byte spans to show in a colour.
struct Styled {
  struct Run {
    std::size_t begin, end;
    const char* code;
  };
  std::string text;
  std::vector<Run> runs;  // in order, not overlapping
};

// `text` (safe to print) with its highlights (byte spans) shown as `style`
// says: in colour, the rest in `base` (none when null); without colour,
// between markers, which are then part of the text that is wrapped.
Styled styled(std::string_view text, const Spans& highlights, const HumanStyle& style,
              const char* base) {
  Styled out;
  std::size_t at = 0;
  const auto add = [&](std::size_t end, const char* code) {
    if (end > at && code)
      out.runs.push_back({out.text.size(), out.text.size() + end - at, code});
    out.text.append(text.substr(at, end - at));
    at = end;
  };
  for (const auto& [begin, end] : highlights) {
    add(begin, style.color ? base : nullptr);
    if (!style.color) out.text += kMarker;
    add(end, style.color ? kHighlight : nullptr);
    if (!style.color) out.text += kMarker;
  }
  add(text.size(), style.color ? base : nullptr);
  return out;
}

// Prints line `line` of `s`, its colour runs from `*run` on closed at its
// end, so that no indent is coloured.
void print_line(std::ostream& out, const Styled& s, const LineSpan& line,
                std::size_t* run) {
  while (*run < s.runs.size() && s.runs[*run].end <= line.begin) ++*run;
  std::size_t at = line.begin;
  for (std::size_t r = *run; r < s.runs.size() && s.runs[r].begin < line.end; ++r) {
    const std::size_t b = std::max(s.runs[r].begin, line.begin);
    const std::size_t e = std::min(s.runs[r].end, line.end);
    out << s.text.substr(at, b - at) << s.runs[r].code << s.text.substr(b, e - b)
        << kReset;
    at = e;
  }
  out << s.text.substr(at, line.end - at);
}

// Prints `s` wrapped to `columns` at word boundaries: the first line after
// `first`, the others after as many spaces (a hanging indent). `tail` is
// kept whole: after the last line when it fits, else on a line of its own.
void print_wrapped(std::ostream& out, const Styled& s, std::size_t columns,
                   std::string_view first, std::string_view tail = "") {
  const std::size_t indent = display_width(first);
  const std::size_t width = columns > indent ? columns - indent : 1;
  const std::vector<LineSpan> lines = wrap_lines(s.text, width);
  const std::string margin(indent, ' ');
  out << first;
  std::size_t run = 0;
  for (const LineSpan& line : lines) {
    if (&line != &lines.front()) out << "\n" << margin;
    print_line(out, s, line, &run);
  }
  if (!tail.empty()) {
    const std::size_t used =
        lines.empty() ? 0
                      : display_width(std::string_view(s.text).substr(
                            lines.back().begin, lines.back().end - lines.back().begin));
    if (used > 0 && used + 1 + display_width(tail) > width) {
      out << "\n" << margin;
    } else if (used > 0) {
      out << " ";
    }
    out << tail;
  }
  out << "\n";
}

// "RANK. Title (+N reprints)", the title in bold with its highlights.
void print_title(std::ostream& out, const Hit& hit, const HumanStyle& style) {
  const std::string title = sanitize_for_terminal(hit.article.title);
  const Styled s = styled(title, byte_spans(title, hit.title_highlights), style, kBold);
  std::string reprints;
  if (hit.duplicates > 0) {
    reprints = i18n::format(ngettext("(+%u reprint)", "(+%u reprints)", hit.duplicates),
                            static_cast<unsigned>(hit.duplicates));
  }
  print_wrapped(out, s, style.columns, std::to_string(hit.rank) + ". ", reprints);
}

}  // namespace

std::string marked_text(
    std::string_view text,
    const std::vector<std::pair<std::size_t, std::size_t>>& highlights) {
  return styled(text, byte_spans(text, highlights),
                HumanStyle{.color = false, .columns = 0}, nullptr)
      .text;
}

void print_human(std::ostream& out, const SearchResults& results, std::string_view query,
                 const HumanStyle& style) {
  print_count_line(out, results, query);
  for (const Hit& hit : results.hits) {
    const Article& a = hit.article;
    print_title(out, hit, style);
    out << "   " << (style.color ? kDim : "");
    out << shown_date(a);
    if (!a.source.empty()) out << " · " << sanitize_for_terminal(a.source);
    out << " · " << hit_location(hit) << (style.color ? kReset : "") << "\n";
    // The snippet is already safe to print.
    const std::string& text = hit.snippet.text;
    print_wrapped(out,
                  styled(text, byte_spans(text, hit.snippet.highlights), style, nullptr),
                  style.columns, "   ");
    out << "\n";
  }
  if (!results.suggestion.empty()) {
    out << i18n::format(_("Try: %s"), sanitize_for_terminal(results.suggestion).c_str());
    if (results.suggestion_matches > 0) {
      out << " (" << articles(results.suggestion_matches) << ")";
    }
    out << "\n";
  }
}

void print_diagnostics(std::ostream& err, const SearchResults& results,
                       std::string_view where) {
  for (const std::string& warning : results.parsed.warnings) {
    err << "kiosque-query: " << where
        << "warning: " << sanitize_for_terminal(i18n::translate(warning)) << "\n";
  }
  for (const std::string& note : results.notes) {
    err << "kiosque-query: " << where << "note: " << i18n::translate(note) << "\n";
  }
}

void print_human_facets(std::ostream& out, const SearchResults& results) {
  if (!results.facets ||
      (results.facets->years.empty() && results.facets->sources.empty())) {
    return;  // nothing matched: nothing to print, as without --facets
  }
  // Every matching article counts, though a story's reprints are one hit.
  print_facet_block(out, _("By year (reprints included):"), results.facets->years,
                    _("no date"));
  print_facet_block(out, _("By source (reprints included):"), results.facets->sources,
                    _("no source"));
}

namespace {

// The database's warnings, the query's, then the search's notes (a remote
// backend's limits): a program reading --json must not need stderr.
std::vector<std::string> summary_warnings(const SearchResults& results,
                                          const JsonContext& context) {
  std::vector<std::string> all = context.warnings;
  all.insert(all.end(), results.parsed.warnings.begin(), results.parsed.warnings.end());
  all.insert(all.end(), results.notes.begin(), results.notes.end());
  return all;
}

}  // namespace

nlohmann::json article_json(const Article& a, const std::string& file) {
  const auto null_if_empty = [](const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  return {
      {"id", a.id},
      {"title", a.title},
      {"date", null_if_empty(a.date)},
      {"date_source", date_source_name(a.date_source)},
      {"date_precision", a.date.empty()
                             ? nlohmann::json(nullptr)
                             : nlohmann::json(date_precision_name(a.date_precision))},
      {"source", null_if_empty(a.source)},
      {"url", null_if_empty(a.url)},
      {"path", a.path},
      {"file", null_if_empty(file)},
  };
}

void print_json(std::ostream& out, const SearchResults& results,
                const JsonContext& context) {
  const auto null_if_empty = [](const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
  for (const Hit& hit : results.hits) {
    const Article& a = hit.article;
    nlohmann::json highlights = nlohmann::json::array();
    for (const auto& [begin, end] : hit.snippet.highlights) {
      highlights.push_back({begin, end});
    }
    nlohmann::json title_highlights = nlohmann::json::array();
    for (const auto& [begin, end] : hit.title_highlights) {
      title_highlights.push_back({begin, end});
    }
    nlohmann::json line = article_json(a, hit.file);
    line["type"] = "hit";
    line["rank"] = hit.rank;
    line["score"] = hit.score;
    line["snippet"] = hit.snippet.text;
    line["highlights"] = highlights;
    line["marked_snippet"] = marked_text(hit.snippet.text, hit.snippet.highlights);
    line["title_highlights"] = title_highlights;
    line["duplicates"] = hit.duplicates;
    if (context.tag_every_object) line["query"] = context.query;
    out << line.dump(-1, ' ', false, kReplace) << '\n';
  }
  if (results.facets) {
    nlohmann::ordered_json facets = {
        {"type", "facets"},
        {"year", facet_object(results.facets->years, kNoDate)},
        {"source", facet_object(results.facets->sources, kNoSource)},
    };
    if (context.tag_every_object) facets["query"] = context.query;
    out << facets.dump(-1, ' ', false, kReplace) << '\n';
  }
  nlohmann::json summary = {
      {"type", "summary"},
      {"matches", results.matches},
      {"matches_exact", results.matches_exact},
      {"matches_with_reprints", results.matches_with_reprints},
      {"matches_estimated", results.matches_estimated},
      {"elapsed_ms", context.elapsed_ms},
      {"query", context.query},
      {"suggestion", null_if_empty(results.suggestion)},
      {"suggestion_matches", results.suggestion.empty() || results.hits.size() > 0
                                 ? nlohmann::json(nullptr)
                                 : nlohmann::json(results.suggestion_matches)},
      {"warnings", summary_warnings(results, context)},
      {"sequence", context.sequence},
  };
  if (!context.like_id.empty()) summary["like"] = context.like_id;
  out << summary.dump(-1, ' ', false, kReplace) << '\n';
}

}  // namespace kiosque
