// SPDX-License-Identifier: GPL-2.0-or-later
// The query language's lexer (query_parser.cpp's first step): the query's
// text cut into words, phrases, fields, parentheses and operators. Internal
// to the search code; the language itself is described in
// kiosque/search/query_parser.h.
#ifndef KIOSQUE_SEARCH_QUERY_LEXER_H_
#define KIOSQUE_SEARCH_QUERY_LEXER_H_

#include <xapian.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kiosque::internal {

// The window of NEAR and "..."~ without a number.
inline constexpr Xapian::termcount kDefaultNearWindow = 10;

// A query that cannot be read as written; parse_query falls back to the
// query's plain words, saying why (what()).
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Kind { kWord, kPhrase, kField, kLParen, kRParen, kAnd, kOr, kNot, kNear };

struct Lexeme {
  Kind kind;
  std::string text;   // the word, phrase or field value
  std::string field;  // kField: "title", "source" or "date"
  char modifier = 0;  // '+', '-' or 0
  bool wildcard = false;
  bool quoted = false;                            // kField: the value was a quoted phrase
  bool proximity = false;                         // "a b"~N: NEAR/N, not a phrase
  Xapian::termcount window = kDefaultNearWindow;  // kNear, and proximity
};

// Whether `text` has a lower-case letter (ASCII or Latin-1): a query
// without one was typed in capitals, and has no operators.
bool has_lowercase_letter(std::string_view text);

// Cuts `text` into lexemes; `operators` says whether AND, OR, NOT, NEAR and
// their French forms are operators. Consumes or rejects every character, so
// it ends in time linear in the text. Appends what the user should know to
// `warnings` (an unknown field, a leading '*'); throws ParseError for what
// cannot be read as written.
std::vector<Lexeme> lex_query(std::string_view text, bool operators,
                              std::vector<std::string>* warnings);

}  // namespace kiosque::internal

#endif  // KIOSQUE_SEARCH_QUERY_LEXER_H_
