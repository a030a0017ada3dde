#include "output.h"

#include <nlohmann/json.hpp>

#include <ostream>

#include "kiosque/terminal.h"
#include "kiosque/utf8.h"

namespace kiosque {
namespace {

constexpr char kBold[] = "\x1b[1m";
constexpr char kHighlight[] = "\x1b[1;33m";
constexpr char kDim[] = "\x1b[2m";
constexpr char kReset[] = "\x1b[0m";

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

}  // namespace

void print_human(std::ostream& out, const SearchResults& results, bool color) {
  for (const Hit& hit : results.hits) {
    const Article& a = hit.article;
    out << hit.rank << ". " << (color ? kBold : "") << sanitize_for_terminal(a.title)
        << (color ? kReset : "") << "\n   " << (color ? kDim : "");
    out << (a.date.empty() ? "sans date" : a.date);
    if (a.date_source == DateSource::kMtime) out << " (date du fichier)";
    if (!a.source.empty()) out << " · " << sanitize_for_terminal(a.source);
    out << " · " << sanitize_for_terminal(a.url.empty() ? a.path : a.url)
        << (color ? kReset : "") << "\n   ";
    // The snippet is already safe; colour goes around its highlights.
    const std::string& text = hit.snippet.text;
    std::size_t at = 0;
    for (const auto& [begin, end] : hit.snippet.highlights) {
      const std::size_t b = byte_offset(text, begin);
      const std::size_t e = byte_offset(text, end);
      out << text.substr(at, b - at) << (color ? kHighlight : "")
          << text.substr(b, e - b) << (color ? kReset : "");
      at = e;
    }
    out << text.substr(at) << "\n\n";
  }
  if (!results.suggestion.empty()) {
    out << "Essayez avec : " << sanitize_for_terminal(results.suggestion) << "\n";
  }
}

void print_json(std::ostream& out, const SearchResults& results,
                const std::string& query, double elapsed_ms) {
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
    const nlohmann::json line = {
        {"type", "hit"},
        {"rank", hit.rank},
        {"id", a.id},
        {"title", a.title},
        {"date", null_if_empty(a.date)},
        {"date_source", date_source_name(a.date_source)},
        {"source", null_if_empty(a.source)},
        {"url", null_if_empty(a.url)},
        {"path", a.path},
        {"score", hit.score},
        {"snippet", hit.snippet.text},
        {"highlights", highlights},
    };
    out << line.dump(-1, ' ', false, kReplace) << '\n';
  }
  const nlohmann::json summary = {
      {"type", "summary"},
      {"matches_estimated", results.matches_estimated},
      {"elapsed_ms", elapsed_ms},
      {"query", query},
      {"suggestion", null_if_empty(results.suggestion)},
  };
  out << summary.dump(-1, ' ', false, kReplace) << '\n';
}

}  // namespace kiosque
