// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/snippet.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "kiosque/base/terminal.h"
#include "kiosque/base/utf8.h"

namespace kiosque {
namespace {

constexpr char kEllipsis[] = "…";

using Span = std::pair<std::size_t, std::size_t>;  // [begin, end) in bytes

bool is_sentence_end(std::string_view text, std::size_t i) {
  const char c = text[i];
  return c == '.' || c == '!' || c == '?' || c == '\n';
}

// Byte offset `chars` code points after `from` (or the text's end).
std::size_t advance_chars(std::string_view text, std::size_t from, std::size_t chars) {
  std::size_t i = from;
  while (i < text.size() && chars > 0) {
    std::size_t len;
    utf8::decode(text, i, &len);
    i += len;
    --chars;
  }
  return i;
}

// The tokens of `text`, with terms only for the words `terms` looks for
// (the others are not worth stemming).
std::vector<Token> tokenize_for(std::string_view text, const HighlightTerms& terms,
                                Analyzer& analyzer) {
  std::vector<std::string> wanted(terms.words.begin(), terms.words.end());
  for (const auto& phrase : terms.phrases)
    wanted.insert(wanted.end(), phrase.begin(), phrase.end());
  const TermPrefixFilter filter(wanted);
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 6);  // about a word every six bytes of French
  analyzer.tokenize(text, &tokens, 0, &filter);
  return tokens;
}

// The spans to highlight, in order and not overlapping, each tagged with the
// distinct thing (a word, or a phrase) it matched.
class Matches {
 public:
  // Adds [begin, end) matching `key`, unless it overlaps the last span.
  void add(std::size_t begin, std::size_t end, const std::string& key) {
    if (!spans_.empty() && begin < spans_.back().second) return;
    spans_.emplace_back(begin, end);
    auto found = std::find(distinct_.begin(), distinct_.end(), key);
    span_term_.push_back(static_cast<std::size_t>(found - distinct_.begin()));
    if (found == distinct_.end()) distinct_.push_back(key);
  }
  const std::vector<Span>& spans() const { return spans_; }
  // Index of the distinct thing span `i` matched, below distinct_count().
  std::size_t term_of(std::size_t i) const { return span_term_[i]; }
  std::size_t distinct_count() const { return distinct_.size(); }

 private:
  std::vector<Span> spans_;
  std::vector<std::size_t> span_term_;  // index into distinct_
  std::vector<std::string> distinct_;
};

// The longest of `phrases` whose words are `words[w…]` at consecutive
// positions from `first`'s (the first of equals), or none: "Organisation
// des Nations unies" is highlighted whole, not from "Nations".
std::optional<std::size_t> phrase_at(
    const std::vector<const Token*>& words, std::size_t w, const Token& first,
    const std::vector<std::vector<std::string>>& phrases) {
  std::optional<std::size_t> longest;
  for (std::size_t p = 0; p < phrases.size(); ++p) {
    const std::vector<std::string>& phrase = phrases[p];
    if (w + phrase.size() > words.size()) continue;
    if (longest && phrases[*longest].size() >= phrase.size()) continue;
    bool all = true;
    for (std::size_t k = 0; k < phrase.size() && all; ++k) {
      all =
          words[w + k]->term == phrase[k] && words[w + k]->position == first.position + k;
    }
    if (all) longest = p;
  }
  return longest;
}

// Whole phrases, matching words, a joined number over its digit groups.
Matches find_matches(const std::vector<Token>& tokens, const HighlightTerms& terms) {
  // Words in order, without the joined numbers, for phrase matching.
  std::vector<const Token*> words;
  for (const Token& t : tokens) {
    if (!t.joined) words.push_back(&t);
  }
  Matches matches;
  const std::vector<Span>& spans = matches.spans();
  std::size_t w = 0;  // next word not inside a span
  for (const Token& t : tokens) {
    if (!spans.empty() && t.begin < spans.back().second) continue;
    if (!t.joined) {
      while (w < words.size() && words[w] != &t) ++w;
      if (const std::optional<std::size_t> p = phrase_at(words, w, t, terms.phrases)) {
        std::string key(1, '\x1f');  // cannot collide with a term
        key += std::to_string(*p);
        matches.add(t.begin, words[w + terms.phrases[*p].size() - 1]->end, key);
        continue;
      }
    }
    if (!t.term.empty() && terms.words.count(t.term)) matches.add(t.begin, t.end, t.term);
  }
  return matches;
}

// The first span of the window (in bytes, about `budget`) holding the most
// distinct terms, then the most matches; 0 without any.
std::size_t best_window(const Matches& matches, std::size_t budget) {
  const std::vector<Span>& spans = matches.spans();
  std::size_t best = 0, best_distinct = 0, best_count = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    std::vector<bool> seen(matches.distinct_count());
    std::size_t n_distinct = 0, count = 0;
    for (std::size_t j = i;
         j < spans.size() && spans[j].second - spans[i].first <= budget * 3 / 4; ++j) {
      if (!seen[matches.term_of(j)]) {
        seen[matches.term_of(j)] = true;
        ++n_distinct;
      }
      ++count;
    }
    if (n_distinct > best_distinct ||
        (n_distinct == best_distinct && count > best_count)) {
      best = i, best_distinct = n_distinct, best_count = count;
    }
  }
  return best;
}

// Where the passage starts for a first match at byte `anchor`: back to the
// sentence start when it is near, else a few words back; then past spaces.
std::size_t passage_start(std::string_view text, const std::vector<Token>& tokens,
                          std::optional<std::size_t> anchor, std::size_t budget) {
  std::size_t start = 0;
  if (anchor) {
    std::size_t sentence = *anchor;
    while (sentence > 0 && !is_sentence_end(text, sentence - 1) &&
           *anchor - sentence < budget / 3) {
      --sentence;
    }
    if (sentence == 0 || is_sentence_end(text, sentence - 1)) {
      start = sentence;
    } else {
      // A few words of context before the first match.
      start = *anchor;
      for (std::size_t k = tokens.size(); k-- > 0;) {
        if (tokens[k].begin >= *anchor) continue;
        if (*anchor - tokens[k].begin > budget / 5) break;
        start = tokens[k].begin;
      }
    }
  }
  while (start < text.size() && (text[start] == ' ' || text[start] == '\n')) ++start;
  return start;
}

// Where the passage from `start` ends: at `max_chars` code points, back to a
// word boundary, and back to a sentence end in the last third if any.
std::size_t passage_end(std::string_view text, const std::vector<Token>& tokens,
                        std::size_t start, std::size_t max_chars) {
  const std::size_t end = advance_chars(text, start, max_chars);
  if (end >= text.size()) return end;
  std::size_t cut = end;
  for (std::size_t k = tokens.size(); k-- > 0;) {
    if (tokens[k].end <= end && tokens[k].begin >= start) {
      cut = tokens[k].end;
      break;
    }
  }
  for (std::size_t k = cut; k > start + (cut - start) * 2 / 3; --k) {
    if (is_sentence_end(text, k - 1) && text[k - 1] != '\n') return k;
  }
  return cut;
}

// The snippet text being built, counted in code points for the highlights.
class SnippetBuilder {
 public:
  void append(std::string_view piece) {
    snippet_.text.append(piece);
    chars_ += utf8::count_code_points(piece);
  }
  // Appends `piece` sanitised, as one highlight. A character blanked out at
  // the piece's end (a BiDi override inside a word) stays out of the
  // highlight: drop_trailing_spaces may remove it.
  void append_highlight(std::string_view piece) {
    const std::string safe = sanitize_for_terminal(piece);
    const std::string_view word(safe.data(), safe.find_last_not_of(' ') + 1);
    const std::size_t from = chars_;
    append(word);
    if (chars_ > from) snippet_.highlights.emplace_back(from, chars_);
    append(std::string_view(safe).substr(word.size()));
  }
  void drop_trailing_spaces() {
    while (!snippet_.text.empty() && snippet_.text.back() == ' ') {
      snippet_.text.pop_back();
      --chars_;
    }
  }
  Snippet take() { return std::move(snippet_); }

 private:
  Snippet snippet_;
  std::size_t chars_ = 0;
};

// text[start, end) on one line, safe to print, with the spans inside it
// highlighted and "…" where it was cut.
Snippet render(std::string_view text, const std::vector<Span>& spans, std::size_t start,
               std::size_t end) {
  SnippetBuilder out;
  if (start > 0) out.append(kEllipsis);
  std::size_t next_span = 0;
  while (next_span < spans.size() && spans[next_span].first < start) ++next_span;
  bool last_space = true;
  for (std::size_t i = start; i < end;) {
    if (next_span < spans.size() && i == spans[next_span].first &&
        spans[next_span].second <= end) {
      out.append_highlight(text.substr(i, spans[next_span].second - i));
      i = spans[next_span].second;
      ++next_span;
      last_space = false;
      continue;
    }
    std::size_t len;
    const char32_t cp = utf8::decode(text, i, &len);
    const bool space = cp == ' ' || is_unsafe_code_point(cp);
    if (space) {
      if (!last_space) out.append(" ");
    } else if (cp == utf8::kReplacement) {
      out.append("\xEF\xBF\xBD");  // U+FFFD, for invalid bytes
    } else {
      out.append(text.substr(i, len));
    }
    last_space = space;
    i += len;
  }
  out.drop_trailing_spaces();
  if (end < text.size()) out.append(kEllipsis);
  return out.take();
}

// The code point index of each byte offset in `offsets` (ascending).
std::vector<std::size_t> code_point_indices(std::string_view text,
                                            const std::vector<std::size_t>& offsets) {
  std::vector<std::size_t> indices;
  std::size_t i = 0, cp = 0;
  for (const std::size_t offset : offsets) {
    while (i < offset && i < text.size()) {
      std::size_t len;
      utf8::decode(text, i, &len);
      i += len;
      ++cp;
    }
    indices.push_back(cp);
  }
  return indices;
}

}  // namespace

// The part of `text` a snippet is looked for in: its first kSnippetScanBytes,
// cut before a partial word. A news article is far shorter; an 8 MiB text
// took 6 s and 230 MB to scan whole for each hit (issue #16).
std::string_view scanned_part(std::string_view text) {
  if (text.size() <= kSnippetScanBytes) return text;
  std::size_t end = kSnippetScanBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  const std::size_t space = text.find_last_of(" \n\t", end);
  if (space != std::string_view::npos && end - space < 256) end = space;
  return text.substr(0, end);
}

Snippet make_snippet(std::string_view whole_text, const HighlightTerms& terms,
                     Analyzer& analyzer, std::size_t max_chars) {
  const std::string_view text = scanned_part(whole_text);
  const std::vector<Token> tokens = tokenize_for(text, terms, analyzer);
  const Matches matches = find_matches(tokens, terms);
  const std::size_t budget = max_chars;  // bytes ≥ chars: a safe estimate
  std::optional<std::size_t> anchor;
  if (!matches.spans().empty())
    anchor = matches.spans()[best_window(matches, budget)].first;
  const std::size_t start = passage_start(text, tokens, anchor, budget);
  const std::size_t end = passage_end(text, tokens, start, max_chars);
  return render(text, matches.spans(), start, end);
}

std::vector<std::pair<std::size_t, std::size_t>> find_highlights(
    std::string_view text, const HighlightTerms& terms, Analyzer& analyzer) {
  const Matches matches = find_matches(tokenize_for(text, terms, analyzer), terms);
  std::vector<std::size_t> offsets;
  for (const auto& [begin, end] : matches.spans()) {
    offsets.push_back(begin);
    offsets.push_back(end);
  }
  const std::vector<std::size_t> indices = code_point_indices(text, offsets);
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (std::size_t k = 0; k + 1 < indices.size(); k += 2) {
    spans.emplace_back(indices[k], indices[k + 1]);
  }
  return spans;
}

}  // namespace kiosque
