// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/text/analyzer.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace kiosque {
namespace {

std::vector<std::string> terms_of(std::string_view text) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  analyzer.tokenize(text, &tokens);
  std::vector<std::string> terms;
  for (const Token& t : tokens) terms.push_back(t.term);
  return terms;
}

// Pairs of spellings that must give the same term.
struct Meeting {
  const char* a;
  const char* b;
};

class SameTermTest : public ::testing::TestWithParam<Meeting> {};

TEST_P(SameTermTest, BothSpellingsGiveOneTerm) {
  Analyzer analyzer;
  const std::string a = analyzer.term(GetParam().a);
  EXPECT_EQ(a, analyzer.term(GetParam().b)) << GetParam().a << " / " << GetParam().b;
  EXPECT_FALSE(a.empty());
}

INSTANTIATE_TEST_SUITE_P(Apostrophes, SameTermTest,
                         ::testing::Values(Meeting{"l'entretien", "entretien"},
                                           Meeting{"l’entretien", "entretien"},
                                           Meeting{"l‘entretien", "entretien"},
                                           Meeting{"lʼentretien", "entretien"},
                                           Meeting{"l´entretien", "entretien"},
                                           Meeting{"l`entretien", "entretien"},
                                           Meeting{"aujourd’hui", "aujourd'hui"},
                                           Meeting{"aujourd‘hui", "aujourd'hui"},
                                           Meeting{"aujourdʼhui", "aujourd'hui"}));

INSTANTIATE_TEST_SUITE_P(
    Elisions, SameTermTest,
    ::testing::Values(Meeting{"L'entretien", "entretien"},
                      Meeting{"d’Emmanuel", "emmanuel"}, Meeting{"qu’Ankara", "ankara"},
                      Meeting{"jusqu'Idleb", "idleb"}, Meeting{"L'Élysée", "elysee"},
                      Meeting{"LORSQU'IL", "il"}, Meeting{"puisqu’elle", "elle"},
                      Meeting{"quoiqu'on", "on"}, Meeting{"s'est", "est"},
                      Meeting{"c'est", "est"}, Meeting{"j'ai", "ai"}, Meeting{"m'a", "a"},
                      Meeting{"n'a", "a"}, Meeting{"t'as", "as"}));

INSTANTIATE_TEST_SUITE_P(
    CaseAccentsLigatures, SameTermTest,
    ::testing::Values(Meeting{"désescalade", "desescalade"},
                      Meeting{"DÉSESCALADE", "desescalade"}, Meeting{"cœur", "coeur"},
                      Meeting{"Œuvre", "oeuvre"}, Meeting{"ex-æquo", "ex-aequo"},
                      Meeting{"école", "ecole"}, Meeting{"e\u0301cole", "école"},  // NFD
                      Meeting{"ﬁn", "fin"},  // compatibility ligature
                      Meeting{"Noël", "noel"}, Meeting{"maïs", "mais"},
                      Meeting{"straße", "strasse"}));

// Fold-then-stem: the accent-less spelling must meet the accented one even
// where Snowball treats the two differently.
INSTANTIATE_TEST_SUITE_P(
    FoldingAndStemmingAgree, SameTermTest,
    ::testing::Values(Meeting{"sécurité", "securite"}, Meeting{"première", "premiere"},
                      Meeting{"réfugiés", "refugies"}, Meeting{"élection", "election"},
                      Meeting{"préfecture", "prefecture"},
                      Meeting{"événements", "evenements"}, Meeting{"député", "depute"},
                      Meeting{"Mécanique", "mecanique"}));

INSTANTIATE_TEST_SUITE_P(Stemming, SameTermTest,
                         ::testing::Values(Meeting{"élection", "élections"},
                                           Meeting{"attaque", "attaques"},
                                           Meeting{"tués", "tuer"},
                                           Meeting{"réfugié", "réfugiés"},
                                           Meeting{"gouvernement", "gouvernements"},
                                           Meeting{"manifestant", "manifestants"},
                                           Meeting{"internationale", "internationales"}));

TEST(FoldSourceTest, KeepsTheElidedArticleAndUnifiesApostrophesAndSpaces) {
  std::vector<std::string> keys;
  for (const char* name : {"L'Écho des Causses", "L’Écho des Causses",
                           "l'echo des causses", " L`Écho\u00A0des  Causses ",
                           "Le Phare de l'Estuaire", "L'Équipe", "L'Œil du Marais"}) {
    keys.push_back(fold_source(name));
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"l'echo des causses", "l'echo des causses",
                                            "l'echo des causses", "l'echo des causses",
                                            "le phare de l'estuaire", "l'equipe",
                                            "l'oeil du marais"}));
}

TEST(AnalyzerTest, WordsWhoseApostropheBelongsToThemStayWhole) {
  EXPECT_EQ(
      terms_of("aujourd'hui prud'homme presqu'île O'Neill"),
      (std::vector<std::string>{"aujourd'hui", "prud'homm", "presqu'il", "o'neil"}));
}

TEST(AnalyzerTest, ElisionWithASpaceAfterTheApostropheIsDropped) {
  EXPECT_EQ(terms_of("l' affaire d’ Emmanuel"),
            (std::vector<std::string>{"affair", "emmanuel"}));
  EXPECT_EQ(terms_of("l' affaire"), terms_of("l'affaire"));
}

TEST(AnalyzerTest, HyphensSplitAtConsecutivePositions) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  analyzer.tokenize("Le cessez-le-feu", &tokens);
  std::vector<std::pair<std::string, std::uint32_t>> got;
  for (const Token& t : tokens) got.emplace_back(t.term, t.position);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::uint32_t>>{
                     {"le", 0}, {"cess", 1}, {"le", 2}, {"feu", 3}}));
}

struct NumberCase {
  const char* text;
  std::vector<std::string> terms;
};

class NumberTest : public ::testing::TestWithParam<NumberCase> {};

TEST_P(NumberTest, ThousandsGroupsAlsoGiveAJoinedTerm) {
  EXPECT_EQ(terms_of(GetParam().text), GetParam().terms) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, NumberTest,
    ::testing::Values(NumberCase{"1 800 civils", {"1800", "1", "800", "civil"}},
                      NumberCase{"1\u00A0800 civils", {"1800", "1", "800", "civil"}},
                      NumberCase{"1\u202F800 civils", {"1800", "1", "800", "civil"}},
                      NumberCase{"3 700 000 euros",
                                 {"3700000", "3", "700", "000", "euro"}},
                      NumberCase{"en 2011 800 civils", {"en", "2011", "800", "civil"}},
                      NumberCase{"3,7 millions", {"3,7", "million"}},
                      NumberCase{"12 50 ans", {"12", "50", "an"}},
                      NumberCase{"1 8000", {"1", "8000"}}));

TEST(AnalyzerTest, JoinedNumberSharesThePositionOfItsFirstGroup) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  analyzer.tokenize("plus de 1 800 civils", &tokens);
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[2].term, "1800");
  EXPECT_TRUE(tokens[2].joined);
  EXPECT_EQ(tokens[2].position, 2u);
  EXPECT_EQ(tokens[3].position, 2u);
  EXPECT_EQ(tokens[4].position, 3u);
  EXPECT_EQ(tokens[5].position, 4u);
}

TEST(AnalyzerTest, OffsetsCoverTheWordAsWrittenWithItsElision) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  const std::string text = "Selon L'Élysée, d’Emmanuel";
  analyzer.tokenize(text, &tokens);
  std::vector<std::string> written;
  for (const Token& t : tokens) written.push_back(text.substr(t.begin, t.end - t.begin));
  EXPECT_EQ(written, (std::vector<std::string>{"Selon", "L'Élysée", "d’Emmanuel"}));
}

TEST(AnalyzerTest, PunctuationWithoutSpacesStillSplits) {
  EXPECT_EQ(
      terms_of("M.Sarkozy bagarre.Selon 2007-2008"),
      (std::vector<std::string>{"m", "sarkozy", "bagarr", "selon", "2007", "2008"}));
}

TEST(AnalyzerTest, InvisibleCharactersDoNotSplitWords) {
  EXPECT_EQ(terms_of("sécu\u00ADrité dé\u200Bsescalade"),
            terms_of("sécurité désescalade"));
}

TEST(AnalyzerTest, OverlongWordsTakeAPositionButNoTerm) {
  const std::string garbage(80, 'x');
  EXPECT_EQ(terms_of("a " + garbage + " b"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(AnalyzerTest, FoldKeepsWordsUnstemmedForSpelling) {
  Analyzer analyzer;
  EXPECT_EQ(analyzer.fold("L'Élysée"), "elysee");
  EXPECT_EQ(analyzer.fold("Sécurités"), "securites");
  EXPECT_EQ(analyzer.fold("cœurs"), "coeurs");
}

TEST(AnalyzerTest, StopWordsAreFoldedFrenchFunctionWords) {
  for (const char* word : {"le", "la", "de", "des", "et", "qu", "a", "ete", "etre"}) {
    EXPECT_TRUE(Analyzer::is_stopword(word)) << word;
  }
  for (const char* word : {"syrie", "feu", "cessez", "election"}) {
    EXPECT_FALSE(Analyzer::is_stopword(word)) << word;
  }
}

TEST(AnalyzerTest, InvalidUtf8IsASeparatorNotACrash) {
  EXPECT_EQ(terms_of("abc\xff\xfe"
                     "def \xc3"),
            (std::vector<std::string>{"abc", "def"}));
}

}  // namespace
}  // namespace kiosque

namespace kiosque {
namespace {

// The filter may only rule out words that cannot give one of its terms:
// over varied words, every word whose term is wanted passes it.
TEST(TermPrefixFilterTest, NeverRulesOutAWordThatGivesAWantedTerm) {
  const std::vector<std::string> words = {
      "L'Élysée", "élysée", "Elysée",      "ELYSEE",      "sécurité",    "Securite",
      "cœur",     "OEuvre", "aujourd'hui", "Aujourd’hui", "d’Emmanuel",  "qu'Ankara",
      "yeux",     "Yeux",   "ayant",       "cessez",      "feu",         "y",
      "a",        "1800",   "3,7",         "Noël",        "straße",      "ﬁn",
      "été",      "ETE",    "jusqu'Idleb", "désescalade", "Desescalade", "x"};
  Analyzer analyzer;
  std::vector<std::string> terms;
  for (const std::string& w : words) terms.push_back(analyzer.term(w));
  for (std::size_t i = 0; i < words.size(); ++i) {
    const TermPrefixFilter filter({terms[i]});
    EXPECT_TRUE(filter.may_match(words[i])) << words[i] << " -> " << terms[i];
  }
}

TEST(TermPrefixFilterTest, RulesOutWordsOfOtherFirstLetters) {
  Analyzer analyzer;
  const TermPrefixFilter filter({analyzer.term("funiculaire"), analyzer.term("a")});
  EXPECT_TRUE(filter.may_match("Funiculaires"));
  EXPECT_TRUE(filter.may_match("a"));
  EXPECT_FALSE(filter.may_match("tramway"));
  EXPECT_FALSE(filter.may_match("l'usine"));
  EXPECT_FALSE(filter.may_match("l'école"));
}

TEST(TermPrefixFilterTest, FoldsFirstLettersThatAreNotAscii) {
  Analyzer analyzer;
  const TermPrefixFilter filter(
      {analyzer.term("économie"), analyzer.term("oeuvre"), analyzer.term("Ørsted")});
  EXPECT_TRUE(filter.may_match("Économies"));
  EXPECT_TRUE(filter.may_match("e\u0301conomie"));  // e + combining acute
  EXPECT_TRUE(filter.may_match("l’économie"));
  EXPECT_TRUE(filter.may_match("Œuvres"));   // Œ folds to two letters
  EXPECT_TRUE(filter.may_match("ørsted"));   // ø has no decomposition
  EXPECT_FALSE(filter.may_match("église"));  // é folds to e, then g
  EXPECT_FALSE(filter.may_match("à"));
  EXPECT_FALSE(filter.may_match("Ça"));
}

}  // namespace
}  // namespace kiosque

namespace kiosque {
namespace {

TEST(PluralAfterAVowelTest, MeetsItsSingular) {
  Analyzer analyzer;
  for (const auto& [plural, singular] :
       std::vector<std::pair<std::string, std::string>>{{"perdus", "perdu"},
                                                        {"numéros", "numéro"},
                                                        {"élus", "élu"},
                                                        {"tombés", "tombé"},
                                                        {"vidéos", "vidéo"},
                                                        {"Numéros", "numéro"}}) {
    const std::string term = analyzer.term(plural);
    EXPECT_EQ(term, analyzer.term(singular)) << plural;
  }
}

TEST(PluralAfterAVowelTest, WordsWhoseSingularEndsInSKeepIt) {
  // They keep Snowball's own stem of the folded word.
  Analyzer analyzer;
  Xapian::Stem snowball("french");
  for (const char* word :
       {"bus",  "virus",  "os",     "corps", "temps",   "pays",  "fois",
        "jus",  "procès", "succès", "Paris", "Athènes", "dos",   "propos",
        "plus", "sous",   "tous",   "héros", "Carlos",  "campus"}) {
    EXPECT_EQ(analyzer.term(word), snowball(analyzer.fold(word))) << word;
  }
  EXPECT_NE(analyzer.term("bus"), analyzer.term("bu"));
  EXPECT_NE(analyzer.term("sous"), analyzer.term("sou"));
}

}  // namespace
}  // namespace kiosque
