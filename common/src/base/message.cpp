// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/message.h"

#include <array>

namespace kiosque::messages {

const char kNoDatabaseAt[] =
    N_("no database at %s (build one with kiosque-index, or give --db)");
const char kDatabaseLocked[] =
    N_("database %s is being updated by another kiosque-index");
const char kCannotOpenDatabase[] = N_("cannot open database %s: %s");
const char kAnalyzerMismatch[] =
    N_("database %s was built by analyzer %s, this is %s: rebuild it with kiosque-index "
       "--rebuild");
const char kNoArticleWithId[] = N_("no article with id %s");
const char kCannotRead[] = N_("cannot read: %s");
const char kNotValidJson[] = N_("line is not valid JSON: %s");
const char kRecordUnreadable[] = N_("record cannot be read: %s");
const char kUnrecognisedDate[] = N_("unrecognised date \"%s\"");
const char kDuplicateId[] = N_("duplicate id \"%s\" (first at line %s)");
const char kNotADate[] =
    N_("date:%s is not a date (2017, 2017-03, 2017-03-01, A..B): searching without it");

const char kCannotReadFolder[] = N_("cannot read folder: %s");
const char kLinkOutside[] =
    N_("symbolic link to %s, outside the indexed tree: not followed");

namespace {
constexpr std::array<const char*, 13> kAll = {
    kNoDatabaseAt,     kDatabaseLocked, kCannotOpenDatabase, kAnalyzerMismatch,
    kNoArticleWithId,  kCannotRead,     kNotValidJson,       kRecordUnreadable,
    kUnrecognisedDate, kDuplicateId,    kNotADate,           kCannotReadFolder,
    kLinkOutside};
}  // namespace

std::span<const char* const> all_formats() { return kAll; }

}  // namespace kiosque::messages

namespace kiosque {

std::string message(const char* format, std::initializer_list<std::string_view> parts) {
  std::string text;
  const std::string_view* part = parts.begin();
  for (const char* c = format; *c; ++c) {
    if (c[0] == '%' && c[1] == 's') {
      if (part != parts.end()) text += *part++;
      ++c;
    } else {
      text += *c;
    }
  }
  return text;
}

bool parse_message(std::string_view format, std::string_view text,
                   std::vector<std::string>* parts) {
  parts->clear();
  std::size_t hole = format.find("%s");
  // The literal before the first part must open the text.
  const std::string_view head = format.substr(0, hole);
  if (text.substr(0, head.size()) != head) return false;
  std::size_t at = head.size();
  while (hole != std::string_view::npos) {
    format.remove_prefix(hole + 2);
    hole = format.find("%s");
    const std::string_view literal = format.substr(0, hole);
    // The last literal closes the text; the others follow the part.
    const std::size_t end =
        hole == std::string_view::npos
            ? (text.size() >= literal.size() + at &&
                       text.substr(text.size() - literal.size()) == literal
                   ? text.size() - literal.size()
                   : std::string_view::npos)
            : text.find(literal, at);
    if (end == std::string_view::npos) return false;
    parts->emplace_back(text.substr(at, end - at));
    at = end + literal.size();
  }
  return at == text.size();
}

}  // namespace kiosque
