// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/text/analyzer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "kiosque/base/ascii.h"
#include "kiosque/base/utf8.h"
#include "kiosque/store/schema.h"
#include "kiosque/text/stopwords.h"

namespace kiosque {
namespace {

// Past this many cached words the cache starts again: French word
// frequencies are Zipfian, so the frequent words come back at once.
constexpr std::size_t kMaxCachedWords = 1 << 18;

constexpr std::array<std::string_view, 13> kElisions = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};

bool is_elision(std::string_view prefix) {
  for (std::string_view e : kElisions) {
    if (ascii_iequals(prefix, e)) return true;
  }
  return false;
}

bool is_ascii_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

// An ASCII byte folded as fold_word() folds it: lower-cased, and the grave
// accent used as an apostrophe made one.
char fold_ascii(char c) { return c == '`' ? '\'' : ascii_lower(c); }

// Zero-width and soft-hyphen characters: invisible, so they never split a
// word, and folding drops them.
bool is_invisible(char32_t cp) {
  return cp >= 0x80 && u_charType(static_cast<UChar32>(cp)) == U_FORMAT_CHAR;
}

bool is_word_char(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 'A' && cp <= 'Z');
  }
  if (cp == 0x2BC) return false;  // modifier apostrophe: an apostrophe here
  switch (u_charType(static_cast<UChar32>(cp))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_OTHER_NUMBER:
      return true;
    default:
      return false;
  }
}

// The spaces French writes inside numbers: a plain space, a no-break space
// and a narrow no-break space.
bool is_digit_group_space(char32_t cp) { return cp == ' ' || cp == 0xA0 || cp == 0x202F; }

struct Cursor {
  std::string_view text;
  std::size_t at(std::size_t i, char32_t* cp) const {
    std::size_t len;
    *cp = utf8::decode(text, i, &len);
    return len;
  }
  // The code point at byte i, or 0 past the end.
  char32_t peek(std::size_t i) const {
    if (i >= text.size()) return 0;
    char32_t cp;
    at(i, &cp);
    return cp;
  }
};

// The end of a 1–3 digit group followed by groups of exactly three digits
// ("1 800", "3 700 000"), and the digits joined, or 0 when `begin..end` does
// not start such a number.
std::size_t joined_number_end(const Cursor& c, std::size_t begin, std::size_t end,
                              std::string* digits) {
  const std::size_t first_len = end - begin;
  if (first_len < 1 || first_len > 3) return 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (!is_ascii_digit(c.text[i])) return 0;
  }
  digits->assign(c.text.substr(begin, first_len));
  std::size_t joined_end = 0;
  std::size_t i = end;
  while (i < c.text.size()) {
    char32_t space;
    const std::size_t space_len = c.at(i, &space);
    if (!is_digit_group_space(space)) break;
    std::size_t j = i + space_len;
    std::size_t k = j;
    while (k < c.text.size() && k - j < 4 && is_ascii_digit(c.text[k])) {
      ++k;
    }
    if (k - j != 3 || (k < c.text.size() && is_word_char(c.peek(k)))) break;
    digits->append(c.text.substr(j, 3));
    joined_end = k;
    i = k;
  }
  return joined_end;
}

// Folded words ending in -us or -os that are singular (or invariable) in
// French news: they keep their s. Snowball French keeps a final s after a
// vowel, so without the rule below perdus/perdu and numéros/numéro never
// meet; with it, these words would lose their s and meet another word
// (bus/bu, sous/sou, plus/plu) or become a different one.
const std::unordered_set<std::string>& singular_s_words() {
  static const std::unordered_set<std::string> words = {
      // -us
      "abus", "airbus", "autobus", "blocus", "bonus", "brutus", "bus", "cactus", "campus",
      "consensus", "corpus", "cursus", "cyrus", "darius", "dessous", "dessus", "hiatus",
      "humus", "jesus", "jus", "klaus", "lotus", "magnus", "marcus", "minibus", "negus",
      "nous", "obus", "omnibus", "opus", "papyrus", "plus", "processus", "prospectus",
      "pus", "rebus", "refus", "rictus", "sinus", "sous", "stimulus", "talus", "terminus",
      "tous", "typhus", "uranus", "uterus", "venus", "virus", "vous", "zeus",
      // -os
      "albatros", "athos", "calvados", "carlos", "chaos", "clos", "cosmos", "dos",
      "enclos", "eros", "gros", "heros", "kosovos", "lagos", "logos", "los", "marcos",
      "os", "pathos", "propos", "ramos", "repos", "rhinoceros", "santos", "tacos",
      "thermos"};
  return words;
}

// A plural after a vowel, made singular before stemming: "perdus" → "perdu",
// "numeros" → "numero". Only -us and -os: after a or i the names and
// singulars (Paris, Hamas, fois, avis, pris) outnumber the plurals.
std::string_view singular(std::string_view folded) {
  if (folded.size() < 4 || folded.back() != 's') return folded;
  const char vowel = folded[folded.size() - 2];
  if (vowel != 'u' && vowel != 'o') return folded;
  if (singular_s_words().count(std::string(folded)) != 0) return folded;
  return folded.substr(0, folded.size() - 1);
}

}  // namespace

bool is_apostrophe(char32_t cp) {
  switch (cp) {
    case 0x27:    // '
    case 0x60:    // `
    case 0xB4:    // ´
    case 0x2BC:   // ʼ
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x201B:  // ‛
    case 0xFF07:  // ＇
      return true;
    default:
      return false;
  }
}

std::string_view strip_elision(std::string_view word) {
  for (std::size_t i = 0; i < word.size() && i <= 6;) {
    std::size_t len;
    const char32_t cp = utf8::decode(word, i, &len);
    if (is_apostrophe(cp)) {
      // An elision needs a word after it; "l'" alone is all elision.
      if (is_elision(word.substr(0, i))) return word.substr(i + len);
      return word;
    }
    if (cp >= 0x80) return word;
    i += len;
  }
  return word;
}

std::string fold_word(std::string_view word) {
  bool ascii = true;
  for (char ch : word) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
  std::string out;
  if (ascii) {
    out.reserve(word.size());
    for (char ch : word) out.push_back(fold_ascii(ch));
    return out;
  }
  // Apostrophes first: NFKD would turn ´ into a space and a combining accent.
  std::string mapped;
  mapped.reserve(word.size());
  for (std::size_t i = 0; i < word.size();) {
    std::size_t len;
    const char32_t cp = utf8::decode(word, i, &len);
    if (is_apostrophe(cp)) {
      mapped.push_back('\'');
    } else {
      mapped.append(word.substr(i, len));
    }
    i += len;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU NFKD unavailable: ") + u_errorName(status));
  }
  const icu::UnicodeString decomposed =
      nfkd->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                          mapped.data(), static_cast<int32_t>(mapped.size()))),
                      status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU normalization failed: ") +
                             u_errorName(status));
  }
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 cp = decomposed.char32At(i);
    i += U16_LENGTH(cp);
    const int8_t type = u_charType(cp);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) {
      continue;
    }
    kept.append(cp);
  }
  kept.foldCase(U_FOLD_CASE_DEFAULT);
  // The two letters Unicode does not decompose.
  kept.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x153)),
                      icu::UnicodeString("oe", -1, icu::UnicodeString::kInvariant));
  kept.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0xE6)),
                      icu::UnicodeString("ae", -1, icu::UnicodeString::kInvariant));
  kept.toUTF8String(out);
  return out;
}

std::string fold_source(std::string_view name) {
  const std::string folded = fold_word(name);
  std::string out;
  bool pending_space = false;
  for (char ch : folded) {
    if (std::isspace(static_cast<unsigned char>(ch)) != 0) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(ch);
  }
  return out;
}

std::string exact_form_term(std::string_view folded) {
  std::string term(schema::kPrefixExact);
  term += folded;
  return term;
}

Analyzer::Analyzer() : stemmer_("french") {}
Analyzer::~Analyzer() = default;

bool Analyzer::is_stopword(std::string_view folded) {
  return internal::french_stopwords().count(std::string(folded)) != 0;
}

const std::string& Analyzer::fold(std::string_view word) {
  return analyze_word(word).folded;
}

const std::string& Analyzer::term(std::string_view word) {
  return analyze_word(word).term;
}

const Analyzer::Analysis& Analyzer::analyze_word(std::string_view word) {
  scratch_.assign(word);
  auto found = cache_.find(scratch_);
  if (found != cache_.end()) return found->second;
  if (cache_.size() >= kMaxCachedWords) cache_.clear();

  Analysis result;
  result.folded = fold_word(strip_elision(word));
  bool has_digit = false;
  for (char ch : result.folded) {
    has_digit = has_digit || is_ascii_digit(ch);
  }
  if (result.folded.empty() || result.folded.size() > kMaxWordBytes) {
    result.folded.clear();
  } else if (has_digit) {
    result.term = result.folded;
  } else {
    result.term = stemmer_(std::string(singular(result.folded)));
    result.exact = !is_stopword(result.folded);
  }
  return cache_.emplace(scratch_, std::move(result)).first->second;
}

namespace {

// The first two bytes of a term, or of a lower-cased word, as one key.
std::uint16_t two_letter_key(unsigned char first, unsigned char second) {
  return static_cast<std::uint16_t>(first << 8 | second);
}

}  // namespace

TermPrefixFilter::TermPrefixFilter(const std::vector<std::string>& terms) {
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    if (term.size() == 1) {
      one_letter_.push_back(term[0]);
    } else {
      two_letters_.push_back(two_letter_key(static_cast<unsigned char>(term[0]),
                                            static_cast<unsigned char>(term[1])));
    }
  }
  std::sort(two_letters_.begin(), two_letters_.end());
  two_letters_.erase(std::unique(two_letters_.begin(), two_letters_.end()),
                     two_letters_.end());
}

bool TermPrefixFilter::may_match(std::string_view word) const {
  word = strip_elision(word);
  // The word's first two bytes folded, as fold_word() folds them: ASCII
  // by fold_ascii() here, other characters (é, À, œ, a combining accent)
  // folded one at a time by fold_word(), and remembered. A French text's
  // words often start with one (à, été, État), and analysing each to be
  // sure was two thirds of a snippet's cost.
  char folded[2];
  std::size_t count = 0;
  for (std::size_t i = 0; i < word.size() && count < 2;) {
    if (static_cast<unsigned char>(word[i]) < 0x80) {
      folded[count++] = fold_ascii(word[i]);
      ++i;
      continue;
    }
    std::size_t len;
    const char32_t cp = utf8::decode(word, i, &len);
    auto known = folded_characters_.find(cp);
    if (known == folded_characters_.end())
      known = folded_characters_.emplace(cp, fold_word(word.substr(i, len))).first;
    for (const char c : known->second) {
      if (count < 2) folded[count++] = c;
    }
    i += len;
  }
  if (count == 0) return true;
  if (std::find(one_letter_.begin(), one_letter_.end(), folded[0]) != one_letter_.end())
    return true;
  if (count < 2) return false;
  return std::binary_search(two_letters_.begin(), two_letters_.end(),
                            two_letter_key(static_cast<unsigned char>(folded[0]),
                                           static_cast<unsigned char>(folded[1])));
}

std::uint32_t Analyzer::tokenize(std::string_view text, std::vector<Token>* tokens,
                                 std::uint32_t first_position,
                                 const TermPrefixFilter* filter) {
  const Cursor c{text};
  std::uint32_t position = first_position;
  std::size_t joined_until = 0;  // no new joined number inside the last one
  std::string digits;
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    std::size_t len = c.at(i, &cp);
    if (!is_word_char(cp)) {
      i += len;
      continue;
    }
    const std::size_t begin = i;
    bool last_is_digit = is_ascii_digit(cp);
    i += len;
    while (i < text.size()) {
      len = c.at(i, &cp);
      if (is_word_char(cp) || is_invisible(cp)) {
        last_is_digit = is_ascii_digit(cp);
        i += len;
        continue;
      }
      const char32_t next = c.peek(i + len);
      if (is_apostrophe(cp) && is_word_char(next)) {
        i += len;  // an elision or an apostrophe inside the word
        continue;
      }
      if (last_is_digit && (cp == ',' || cp == '.') && is_ascii_digit(next)) {
        i += len;  // 3,7 or 1.5 stays one number
        continue;
      }
      break;
    }
    const std::size_t end = i;
    const std::string_view word = text.substr(begin, end - begin);
    // "l' affaire": the article stands alone before its noun; it is dropped
    // like any elided article, and takes no position.
    if (i < text.size()) {
      c.at(i, &cp);
      if (is_apostrophe(cp) && is_elision(word)) continue;
    }
    if (begin >= joined_until) {
      const std::size_t joined_end = joined_number_end(c, begin, end, &digits);
      if (joined_end != 0) {
        tokens->push_back(Token{digits, position, begin, joined_end, true, {}, false});
        joined_until = joined_end;
      }
    }
    if (filter != nullptr && !filter->may_match(word)) {
      // Built in place: most of a snippet's words, and moving two empty
      // strings in and out of a temporary cost more than the filter.
      Token& token = tokens->emplace_back();
      token.position = position;
      token.begin = begin;
      token.end = end;
    } else {
      const Analysis& analysis = analyze_word(word);
      tokens->push_back(Token{analysis.term, position, begin, end, false, analysis.folded,
                              analysis.exact});
    }
    ++position;
  }
  return position;
}

}  // namespace kiosque
