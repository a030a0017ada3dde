#include "kiosque/search/snippet.h"

#include <algorithm>

#include "kiosque/base/terminal.h"
#include "kiosque/base/utf8.h"

namespace kiosque {
namespace {

constexpr char kEllipsis[] = "…";

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

}  // namespace

Snippet make_snippet(std::string_view text, const HighlightTerms& terms,
                     Analyzer& analyzer, std::size_t max_chars) {
  std::vector<std::string> wanted(terms.words.begin(), terms.words.end());
  for (const auto& phrase : terms.phrases) wanted.insert(wanted.end(), phrase.begin(), phrase.end());
  const TermPrefixFilter filter(wanted);
  std::vector<Token> tokens;
  analyzer.tokenize(text, &tokens, 0, &filter);
  // Words in order, without the joined numbers, for phrase matching.
  std::vector<const Token*> words;
  for (const Token& t : tokens) {
    if (!t.joined) words.push_back(&t);
  }
  // Spans to highlight: whole phrases, matching words, a joined number over
  // its digit groups. Each span counts for the distinct thing it matched.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::vector<std::size_t> span_term;  // index into `distinct`
  std::vector<std::string> distinct;
  const auto add_span = [&](std::size_t begin, std::size_t end, const std::string& key) {
    if (!spans.empty() && begin < spans.back().second) return;  // overlaps
    spans.emplace_back(begin, end);
    auto found = std::find(distinct.begin(), distinct.end(), key);
    span_term.push_back(static_cast<std::size_t>(found - distinct.begin()));
    if (found == distinct.end()) distinct.push_back(key);
  };
  std::size_t w = 0;  // next word not inside a span
  for (const Token& t : tokens) {
    if (!spans.empty() && t.begin < spans.back().second) continue;
    if (!t.joined) {
      while (w < words.size() && words[w] != &t) ++w;
      bool matched = false;
      for (std::size_t p = 0; p < terms.phrases.size() && !matched; ++p) {
        const std::vector<std::string>& phrase = terms.phrases[p];
        if (w + phrase.size() > words.size()) continue;
        bool all = true;
        for (std::size_t k = 0; k < phrase.size() && all; ++k) {
          all = words[w + k]->term == phrase[k] &&
                words[w + k]->position == t.position + k;
        }
        if (all) {
          std::string key(1, '\x1f');  // cannot collide with a term
          key += std::to_string(p);
          add_span(t.begin, words[w + phrase.size() - 1]->end, key);
          matched = true;
        }
      }
      if (matched) continue;
    }
    if (!t.term.empty() && terms.words.count(t.term)) add_span(t.begin, t.end, t.term);
  }

  // The window (in bytes, roughly max_chars) holding the most distinct
  // terms, then the most matches.
  const std::size_t budget = max_chars;  // bytes ≥ chars: a safe estimate
  std::size_t best = 0, best_distinct = 0, best_count = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    std::vector<bool> seen(distinct.size());
    std::size_t n_distinct = 0, count = 0;
    for (std::size_t j = i; j < spans.size() && spans[j].second - spans[i].first <= budget * 3 / 4; ++j) {
      if (!seen[span_term[j]]) {
        seen[span_term[j]] = true;
        ++n_distinct;
      }
      ++count;
    }
    if (n_distinct > best_distinct || (n_distinct == best_distinct && count > best_count)) {
      best = i, best_distinct = n_distinct, best_count = count;
    }
  }

  std::size_t start = 0;
  if (!spans.empty()) {
    const std::size_t anchor = spans[best].first;
    // Back to the sentence start when it is near, else a few words back.
    std::size_t sentence = anchor;
    while (sentence > 0 && !is_sentence_end(text, sentence - 1) && anchor - sentence < budget / 3) {
      --sentence;
    }
    if (sentence == 0 || is_sentence_end(text, sentence - 1)) {
      start = sentence;
    } else {
      // A few words of context before the first match.
      start = anchor;
      for (std::size_t k = tokens.size(); k-- > 0;) {
        if (tokens[k].begin >= anchor) continue;
        if (anchor - tokens[k].begin > budget / 5) break;
        start = tokens[k].begin;
      }
    }
  }
  while (start < text.size() && (text[start] == ' ' || text[start] == '\n')) ++start;

  // Cut at max_chars code points, back to a word boundary.
  std::size_t end = advance_chars(text, start, max_chars);
  if (end < text.size()) {
    std::size_t cut = end;
    for (std::size_t k = tokens.size(); k-- > 0;) {
      if (tokens[k].end <= end && tokens[k].begin >= start) {
        cut = tokens[k].end;
        break;
      }
    }
    // Prefer a sentence end in the last third.
    for (std::size_t k = cut; k > start + (cut - start) * 2 / 3; --k) {
      if (is_sentence_end(text, k - 1) && text[k - 1] != '\n') {
        cut = k;
        break;
      }
    }
    end = cut;
  }

  Snippet snippet;
  std::size_t chars = 0;
  const auto append = [&](std::string_view piece) {
    snippet.text.append(piece);
    chars += utf8::count_code_points(piece);
  };
  if (start > 0) append(kEllipsis);
  std::size_t next_span = 0;
  while (next_span < spans.size() && spans[next_span].first < start) ++next_span;
  bool last_space = true;
  for (std::size_t i = start; i < end;) {
    if (next_span < spans.size() && i == spans[next_span].first &&
        spans[next_span].second <= end) {
      const std::string safe = sanitize_for_terminal(
          text.substr(i, spans[next_span].second - i));
      const std::size_t from = chars;
      append(safe);
      snippet.highlights.emplace_back(from, chars);
      i = spans[next_span].second;
      ++next_span;
      last_space = false;
      continue;
    }
    std::size_t len;
    const char32_t cp = utf8::decode(text, i, &len);
    const bool space = cp == ' ' || is_unsafe_code_point(cp);
    if (space) {
      if (!last_space) append(" ");
    } else if (cp == utf8::kReplacement) {
      append("\xEF\xBF\xBD");  // U+FFFD, for invalid bytes
    } else {
      append(text.substr(i, len));
    }
    last_space = space;
    i += len;
  }
  while (!snippet.text.empty() && snippet.text.back() == ' ') {
    snippet.text.pop_back();
    --chars;
  }
  if (end < text.size()) append(kEllipsis);
  return snippet;
}

}  // namespace kiosque
