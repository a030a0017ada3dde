// SPDX-License-Identifier: GPL-2.0-or-later
#include "query_lexer.h"

#include <algorithm>

#include "kiosque/base/ascii.h"
#include "kiosque/base/message.h"
#include "kiosque/base/utf8.h"

namespace kiosque::internal {
namespace {

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
         cp == 0x202F;
}

// The closing quote for an opening one, or 0.
char32_t closing_quote(char32_t cp) {
  switch (cp) {
    case '"':
      return '"';
    case 0xAB:  // «
      return 0xBB;
    case 0x201C:  // “
      return 0x201D;
    case 0x201E:  // „
      return 0x201C;
    default:
      return 0;
  }
}

// A closing mark that opens nothing: », ” (“ and „ open a phrase).
bool is_closing_only_quote(char32_t cp) { return cp == 0xBB || cp == 0x201D; }

bool is_chunk_end(char32_t cp) {
  return is_space(cp) || cp == '(' || cp == ')' || closing_quote(cp) != 0 ||
         is_closing_only_quote(cp);
}

std::string field_name(std::string_view name) {
  const std::string lower = ascii_lower(name);
  if (lower == "titre" || lower == "title") return "title";
  if (lower == "source") return "source";
  if (lower == "date") return "date";
  return "";
}

// What looks like a field a user meant ("auteur:", "url:"): ASCII letters
// only, so that "12:30" and "M6:" stay words.
bool looks_like_field(std::string_view name) {
  if (name.size() < 2) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

constexpr char kFieldList[] = "titre:, title:, source:, date:";

class Lexer {
 public:
  Lexer(std::string_view text, bool operators, std::vector<std::string>* warnings)
      : text_(text), operators_(operators), warnings_(warnings) {}

  std::vector<Lexeme> run() {
    std::vector<Lexeme> out;
    char modifier = 0;
    while (i_ < text_.size()) {
      const char32_t cp = peek();
      if (is_space(cp)) {
        advance();
        if (modifier) throw ParseError(N_("'+' or '-' before nothing"));
        continue;
      }
      if (cp == '(' || cp == ')') {
        advance();
        Lexeme l{cp == '(' ? Kind::kLParen : Kind::kRParen, "", "", modifier};
        modifier = 0;
        out.push_back(l);
        continue;
      }
      // "-73 kg" in a pasted headline is a number, not an exclusion.
      if ((cp == '+' || cp == '-') && modifier == 0 && !starts_number(i_ + 1)) {
        modifier = static_cast<char>(cp);
        advance();
        continue;
      }
      // Outside a phrase it closes nothing: the query is read as its words.
      if (is_closing_only_quote(cp))
        throw ParseError(N_("a closing quote has no opening one"));
      if (closing_quote(cp) != 0) {
        Lexeme l{Kind::kPhrase, read_quoted(), "", modifier};
        read_proximity(&l);
        modifier = 0;
        out.push_back(std::move(l));
        continue;
      }
      out.push_back(read_chunk(modifier));
      modifier = 0;
    }
    if (modifier) throw ParseError(N_("'+' or '-' at the end of the query"));
    return out;
  }

 private:
  bool starts_number(std::size_t at) const {
    return at < text_.size() && text_[at] >= '0' && text_[at] <= '9';
  }
  char32_t peek() const {
    std::size_t len;
    return utf8::decode(text_, i_, &len);
  }
  void advance() {
    std::size_t len;
    utf8::decode(text_, i_, &len);
    i_ += len;
  }

  std::string read_quoted() {
    const char32_t close = closing_quote(peek());
    advance();
    const std::size_t begin = i_;
    while (i_ < text_.size()) {
      const char32_t cp = peek();
      if (cp == close || (close == 0x201C && cp == 0x201D)) {
        std::string inside(text_.substr(begin, i_ - begin));
        advance();
        return inside;
      }
      advance();
    }
    throw ParseError(N_("a quote is not closed"));
  }

  // Lucene's and Elasticsearch's proximity, "Poutine Erdogan"~5, right
  // after a phrase: read as NEAR/5 ("~" alone: NEAR).
  void read_proximity(Lexeme* l) {
    if (i_ >= text_.size() || text_[i_] != '~') return;
    ++i_;
    const std::size_t begin = i_;
    while (i_ < text_.size() && text_[i_] >= '0' && text_[i_] <= '9') ++i_;
    const std::string_view digits = text_.substr(begin, i_ - begin);
    if (digits.size() > 3) throw ParseError(N_("~N takes a number of words up to 999"));
    l->proximity = true;
    if (!digits.empty()) {
      l->window = static_cast<Xapian::termcount>(std::stoi(std::string(digits)));
    }
  }

  void warn(std::string text) { warnings_->push_back(std::move(text)); }

  // "titre:Sarkoz*": the value's trailing '*' makes it a wildcard.
  Lexeme field_value(const std::string& field, char modifier) {
    Lexeme l{Kind::kField, "", field, modifier};
    if (i_ < text_.size() && closing_quote(peek()) != 0) {
      l.text = read_quoted();
      l.quoted = true;
      read_proximity(&l);
    } else {
      const std::size_t value_begin = i_;
      while (i_ < text_.size() && !is_chunk_end(peek())) advance();
      l.text = std::string(text_.substr(value_begin, i_ - value_begin));
      while (!l.text.empty() && l.text.back() == '*') {
        l.text.pop_back();
        l.wildcard = true;
      }
    }
    if (l.text.empty()) throw ParseError(message(messages::kFieldNeedsValue, {field}));
    if (l.wildcard && field != "title") {
      warn(message(messages::kFieldNoWildcard, {field, l.text, field, l.text}));
      l.wildcard = false;
    }
    return l;
  }

  Lexeme read_chunk(char modifier) {
    std::size_t begin = i_;
    bool first_colon = true;
    while (i_ < text_.size()) {
      const char32_t cp = peek();
      if (is_chunk_end(cp)) break;
      if (cp == ':' && first_colon) {
        first_colon = false;
        const std::string_view name = text_.substr(begin, i_ - begin);
        const std::string field = field_name(name);
        if (!field.empty()) {
          advance();
          return field_value(field, modifier);
        }
        std::size_t len;
        if (looks_like_field(name) && i_ + 1 < text_.size() &&
            !is_chunk_end(utf8::decode(text_, i_ + 1, &len))) {
          // "auteur:Dupont": the words are what the user can still find.
          warn(message(messages::kUnknownField, {name, kFieldList}));
          advance();
          begin = i_;
          continue;
        }
      }
      advance();
    }
    // Every character is consumed or rejected: an empty chunk here would be
    // pushed again and again.
    if (i_ == begin) throw ParseError(N_("unexpected character"));
    std::string chunk(text_.substr(begin, i_ - begin));
    if (operators_ && modifier == 0) {
      if (chunk == "AND" || chunk == "ET") return Lexeme{Kind::kAnd, chunk, ""};
      if (chunk == "OR" || chunk == "OU") return Lexeme{Kind::kOr, chunk, ""};
      if (chunk == "NOT" || chunk == "SAUF") return Lexeme{Kind::kNot, chunk, ""};
      if (chunk == "NEAR" || chunk.rfind("NEAR/", 0) == 0) {
        Lexeme l{Kind::kNear, chunk, ""};
        if (chunk.size() > 5) {
          const std::string n = chunk.substr(5);
          if (n.size() > 3 || !all_digits(n)) {
            throw ParseError(N_("NEAR/ needs a number of words"));
          }
          l.window = static_cast<Xapian::termcount>(std::stoi(n));
        }
        return l;
      }
    }
    Lexeme l{Kind::kWord, chunk, "", modifier};
    while (!l.text.empty() && l.text.back() == '*') {
      l.text.pop_back();
      l.wildcard = true;
    }
    const std::size_t stars = l.text.find_first_not_of('*');
    if (stars != 0 && stars != std::string::npos) {
      warn(message(messages::kLeadingStar, {chunk.substr(stars)}));
      l.text.erase(0, stars);
    }
    return l;
  }

  std::string_view text_;
  bool operators_;
  std::vector<std::string>* warnings_;
  std::size_t i_ = 0;
};

}  // namespace

bool has_lowercase_letter(std::string_view text) {
  // Enough to tell a query typed in capitals: any ASCII or Latin-1
  // lower-case letter.
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len;
    const char32_t cp = utf8::decode(text, i, &len);
    if ((cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) ||
        cp == 0x153) {
      return true;
    }
    i += len;
  }
  return false;
}

std::vector<Lexeme> lex_query(std::string_view text, bool operators,
                              std::vector<std::string>* warnings) {
  return Lexer(text, operators, warnings).run();
}

}  // namespace kiosque::internal
