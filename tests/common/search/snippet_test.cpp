// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/snippet.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "kiosque/base/utf8.h"
#include "kiosque/search/query_parser.h"

namespace kiosque {
namespace {

// The highlighted pieces of a snippet, cut by code point as a JSON reader
// (Python's str slicing) would.
std::vector<std::string> highlighted(const Snippet& s) {
  std::vector<std::string> out;
  for (const auto& [begin, end] : s.highlights) {
    std::string piece;
    std::size_t cp = 0;
    for (std::size_t i = 0; i < s.text.size();) {
      std::size_t len;
      utf8::decode(s.text, i, &len);
      if (cp >= begin && cp < end) piece.append(s.text, i, len);
      i += len;
      ++cp;
    }
    out.push_back(piece);
  }
  return out;
}

Snippet snippet_for(const std::string& text, const std::vector<std::string>& query_words,
                    std::size_t length = 200,
                    const std::vector<std::vector<std::string>>& phrases = {}) {
  Analyzer analyzer;
  HighlightTerms terms;
  for (const std::string& w : query_words) terms.words.insert(analyzer.term(w));
  for (const auto& phrase : phrases) {
    std::vector<std::string> analysed;
    for (const std::string& w : phrase) analysed.push_back(analyzer.term(w));
    terms.phrases.push_back(analysed);
  }
  return make_snippet(text, terms, analyzer, length);
}

TEST(SnippetTest, HighlightsWordsAsTheArticleWroteThem) {
  const Snippet s = snippet_for(
      "L'entretien a eu lieu à l’Élysée avec d’Emmanuel Macron. La sécurité du cœur.",
      {"entretien", "elysee", "emmanuel", "securite", "coeur"});
  EXPECT_EQ(
      s.text,
      "L'entretien a eu lieu à l’Élysée avec d’Emmanuel Macron. La sécurité du cœur.");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"L'entretien", "l’Élysée",
                                                      "d’Emmanuel", "sécurité", "cœur"}));
}

TEST(SnippetTest, HighlightsPhrasesWholeAndOnlyWhereTheyOccur) {
  const Snippet s = snippet_for(
      "La trêve ? Le cessez-le-feu tient en Syrie, dit la Syrie. Le feu reprend.",
      {"trêve"}, 200, {{"cessez", "le", "feu"}, {"la", "Syrie"}});
  EXPECT_EQ(highlighted(s),
            (std::vector<std::string>{"trêve", "cessez-le-feu", "la Syrie"}));
}

TEST(SnippetTest, HighlightsAJoinedNumberWhole) {
  const Snippet s = snippet_for("Plus de 1\u00A0800 civils ont été tués.", {"1800"});
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"1\u00A0800"}));
}

TEST(SnippetTest, CutsAroundTheMatchesAtWordBoundaries) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Une phrase sans rapport avec le sujet. ";
  text += "Le funiculaire de la ville a rouvert ce matin. ";
  for (int i = 0; i < 40; ++i) text += "Une autre phrase encore. ";
  const Snippet s = snippet_for(text, {"funiculaire"}, 80);
  EXPECT_EQ(s.text,
            "…Le funiculaire de la ville a rouvert ce matin. Une autre phrase encore.…");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"funiculaire"}));
}

// Issue #16: an 8 MiB article took 6 s and 230 MB for each snippet.
TEST(SnippetTest, OnlyTheTextsFirst256KiBAreSearchedForThePassage) {
  std::string text = "Début du texte.";
  while (text.size() < kSnippetScanBytes - 40) text += " Une phrase sans rapport.";
  std::string near = text + " Le funiculaire roule.";
  std::string far = text;
  while (far.size() < kSnippetScanBytes + 100) far += " Une phrase sans rapport.";
  far += " Le funiculaire roule.";
  EXPECT_EQ(highlighted(snippet_for(near, {"funiculaire"}, 40)),
            (std::vector<std::string>{"funiculaire"}));
  const Snippet beyond = snippet_for(far, {"funiculaire"}, 40);
  EXPECT_TRUE(beyond.highlights.empty());
  EXPECT_EQ(beyond.text, "Début du texte. Une phrase sans rapport…");
}

TEST(SnippetTest, WithoutMatchesTheTextStartIsShown) {
  const Snippet s =
      snippet_for("Premier paragraphe court.\nSecond paragraphe.", {"absent"});
  EXPECT_EQ(s.text, "Premier paragraphe court. Second paragraphe.");
  EXPECT_TRUE(s.highlights.empty());
}

TEST(SnippetTest, ControlCharactersAndEscapesNeverReachTheSnippet) {
  const Snippet s = snippet_for(
      "Alerte au piratage \x1b[31mrouge\x1b[0m du\x07 terminal\r\n\x1b]0;pwned\x07 fin",
      {"piratage"});
  EXPECT_EQ(s.text.find('\x1b'), std::string::npos);
  EXPECT_EQ(s.text.find('\x07'), std::string::npos);
  EXPECT_EQ(s.text.find('\r'), std::string::npos);
  EXPECT_EQ(s.text, "Alerte au piratage [31mrouge [0m du terminal ]0;pwned fin");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"piratage"}));
}

TEST(SnippetTest, ThePassageIsTheWindowWithTheMostDistinctWords) {
  std::string text = "Le funiculaire est ancien. ";
  for (int i = 0; i < 20; ++i) text += "Une phrase sans rapport avec le sujet. ";
  text += "Le funiculaire rouvre au printemps. ";
  for (int i = 0; i < 20; ++i) text += "Une autre phrase encore. ";
  const Snippet s = snippet_for(text, {"funiculaire", "printemps"}, 60);
  EXPECT_EQ(s.text, "…Le funiculaire rouvre au printemps. Une autre phrase encore…");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"funiculaire", "printemps"}));
}

TEST(SnippetTest, AFarSentenceStartGivesAFewWordsOfContextInstead) {
  std::string text = "Dans";
  for (int i = 0; i < 30; ++i) text += " une longue phrase";
  text += " le funiculaire rouvre enfin ses portes aux visiteurs du dimanche";
  const Snippet s = snippet_for(text, {"funiculaire"}, 60);
  EXPECT_EQ(s.text, "…phrase le funiculaire rouvre enfin ses portes aux visiteurs…");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"funiculaire"}));
}

TEST(SnippetTest, WithoutASentenceEndTheCutIsAtAWordEnd) {
  const Snippet s = snippet_for(
      "Le funiculaire rouvre ses portes aux visiteurs du dimanche et des jours fériés",
      {"funiculaire"}, 40);
  EXPECT_EQ(s.text, "Le funiculaire rouvre ses portes aux…");
}

TEST(SnippetTest, APhraseCutByTheEndIsNotHighlighted) {
  const Snippet s =
      snippet_for("Le cessez-le-feu tient bon", {}, 12, {{"cessez", "le", "feu"}});
  EXPECT_EQ(s.text, "Le cessez-le…");
  EXPECT_TRUE(s.highlights.empty());
}

TEST(SnippetTest, InvalidBytesBecomeReplacementCharacters) {
  const Snippet s = snippet_for("Le caf\xE9 du funiculaire.", {"funiculaire"});
  EXPECT_EQ(s.text, "Le caf\uFFFD du funiculaire.");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"funiculaire"}));
}

// Found by fuzz/snippet_fuzz.cpp: a BiDi override inside a word is blanked
// out as a space, and that space, dropped at the end of the passage, left
// the highlight ending past the text.
TEST(SnippetTest, AHighlightEndingInABlankedOutCharacterStaysInsideTheText) {
  const Snippet s = snippet_for("Le mot\u202e\n", {"mot"});
  EXPECT_EQ(s.text, "Le mot");
  EXPECT_EQ(s.highlights, (std::vector<std::pair<std::size_t, std::size_t>>{{3, 6}}));
}

// What the search highlights for `query`, as kiosque-query builds it.
HighlightTerms terms_of(const std::string& query, Analyzer& analyzer) {
  const ParsedQuery parsed = parse_query(query, analyzer, nullptr);
  return {{parsed.highlight_terms.begin(), parsed.highlight_terms.end()},
          parsed.highlight_phrases};
}

Snippet snippet_for_query(const std::string& text, const std::string& query) {
  Analyzer analyzer;
  return make_snippet(text, terms_of(query, analyzer), analyzer, 200);
}

constexpr char kPresident[] =
    "Le président de la République a reçu le maire de la ville. "
    "La visite du président de la République est prévue.";

// Issue #18: "le président de la République" lit de, la and le nine times.
TEST(SnippetTest, StopWordsAreNotHighlightedOnTheirOwn) {
  const Snippet s = snippet_for_query(kPresident, "le président de la République");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"président", "République",
                                                      "président", "République"}));
}

TEST(SnippetTest, StopWordsAreHighlightedInsideAPhrase) {
  const Snippet s = snippet_for_query(kPresident, "\"président de la République\"");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"président de la République",
                                                      "président de la République"}));
}

TEST(SnippetTest, AQueryOfStopWordsAloneHighlightsThem) {
  const Snippet s = snippet_for_query("Le maire de la ville.", "de la");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"de", "la"}));
}

TEST(SnippetTest, AStopWordTheQueryRequiresIsHighlighted) {
  const Snippet s = snippet_for_query("Le maire de la ville.", "maire +la");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"maire", "la"}));
}

TEST(SnippetTest, StopWordsOfAQueryReadAsPlainWordsAreNotHighlighted) {
  // An unclosed quote: the query is read as its plain words.
  const Snippet s = snippet_for_query(kPresident, "\"le président de la");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"président", "président"}));
}

TEST(SnippetTest, AnAcronymHighlightsItsExpansions) {
  const Snippet s = snippet_for_query(
      "Les Nations unies, ou Organisation des Nations unies, répondent à l'ONU.", "ONU");
  EXPECT_EQ(highlighted(s),
            (std::vector<std::string>{"Nations unies", "Organisation des Nations unies",
                                      "l'ONU"}));
}

TEST(SnippetTest, WordsSpellingAnAcronymsExpansionHighlightTheAcronym) {
  const Snippet s = snippet_for_query("Les Nations unies, c'est l'ONU.", "Nations unies");
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"Nations", "unies", "l'ONU"}));
}

TEST(SnippetTest, TheLongestPhraseStartingAtAWordIsHighlighted) {
  const Snippet s = snippet_for("Le président de la République parle.", {}, 200,
                                {{"président", "de"},
                                 {"président", "de", "la", "République"},
                                 {"président", "de", "la"}});
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"président de la République"}));
}

TEST(SnippetTest, TitleHighlightsAreCodePointsIntoTheWholeTitle) {
  Analyzer analyzer;
  const std::string title = "Élysée : le président de la République reçoit l’ONU";
  EXPECT_EQ(
      find_highlights(title, terms_of("le président ONU elysee", analyzer), analyzer),
      (std::vector<std::pair<std::size_t, std::size_t>>{{0, 6}, {12, 21}, {46, 51}}));
  EXPECT_EQ(find_highlights(title, terms_of("absent", analyzer), analyzer),
            (std::vector<std::pair<std::size_t, std::size_t>>{}));
}

}  // namespace
}  // namespace kiosque
