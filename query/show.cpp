// SPDX-License-Identifier: GPL-2.0-or-later
#include "show.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string_view>

#include "kiosque/base/terminal.h"
#include "kiosque/base/wrap.h"
#include "kiosque/i18n.h"
#include "kiosque/search/show.h"
#include "output.h"

namespace kiosque {
namespace {

constexpr char kBold[] = "\x1b[1m";
constexpr char kReset[] = "\x1b[0m";

// How the date was found, in words, for a person.
const char* date_origin(DateSource source) {
  switch (source) {
    case DateSource::kRecord:
      return _("given by the article");
    case DateSource::kHtml:
      return _("given by the HTML page");
    case DateSource::kFileName:
      return _("taken from the file name");
    case DateSource::kText:
      return _("taken from the dateline in the text");
    case DateSource::kPath:
      return _("taken from the folders of the path");
    case DateSource::kMtime:
      return _("the file's modification date, not the article's");
    case DateSource::kNone:
      break;
  }
  return _("unknown");
}

std::string date_line(const Article& a) {
  if (a.date.empty()) return _("unknown");
  const std::string date =
      a.date_precision == DatePrecision::kMonth ? a.date.substr(0, 7) : a.date;
  return date + " (" + date_origin(a.date_source) + ")";
}

// `text` sanitised and wrapped to `columns`, each line ended by '\n'.
void print_wrapped(std::ostream& out, std::string_view text, std::size_t columns) {
  const std::string safe = sanitize_for_terminal(text);
  for (const LineSpan& line : wrap_lines(safe, columns)) {
    out << std::string_view(safe).substr(line.begin, line.end - line.begin) << '\n';
  }
}

void print_field(std::ostream& out, const char* label, const std::string& value) {
  // TRANSLATORS: a field of the article view: "Source: Le Monde".
  if (!value.empty())
    out << i18n::format(_("%s: %s"), label, sanitize_for_terminal(value).c_str()) << '\n';
}

}  // namespace

void print_article(std::ostream& out, const Article& article,
                   const ShowContext& context) {
  out << (context.color ? kBold : "");
  print_wrapped(out, article.title, context.columns);
  out << (context.color ? kReset : "");
  print_field(out, _("Date"), date_line(article));
  print_field(out, _("Source"), article.source);
  print_field(out, _("Author"), article.author);
  print_field(out, _("URL"), article.url);
  print_field(out, _("File"), context.file.empty() ? article.path : context.file);
  print_field(out, _("Id"), article.id);
  // Paragraphs are stored one a line; a blank line between them, as printed.
  std::string_view text = article.text;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    const std::string_view paragraph = text.substr(0, end);
    if (paragraph.find_first_not_of(" \t\r") != std::string_view::npos) {
      out << '\n';
      print_wrapped(out, paragraph, context.columns);
    }
    text.remove_prefix(std::min(end + 1, text.size()));
  }
}

void print_article_json(std::ostream& out, const Article& a, const std::string& file) {
  nlohmann::json object = article_json(a, file);
  object["type"] = "article";
  object["author"] =
      a.author.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.author);
  object["text"] = a.text;
  out << object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

int run_show(const Locations& locations, const std::string& id, bool json,
             const ShowContext& context, std::ostream& out, std::ostream& err) {
  for (const std::string& location : locations) {
    const Xapian::Database db = open_for_search(location);
    const std::optional<Article> article = find_article(db, id);
    if (!article) continue;
    ShowContext shown = context;
    shown.file = ArticleFiles(db).file_of(*article);
    if (json) {
      print_article_json(out, *article, shown.file);
    } else {
      print_article(out, *article, shown);
    }
    return 0;
  }
  err << "kiosque-query: "
      << i18n::format(_("no article with id %s"), sanitize_for_terminal(id).c_str())
      << "\n";
  return 1;
}

}  // namespace kiosque
