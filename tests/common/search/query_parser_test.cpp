// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/query_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kiosque {
namespace {

struct QueryCase {
  const char* query;
  const char* description;  // Xapian::Query::get_description()
};

class QueryParserTest : public ::testing::TestWithParam<QueryCase> {};

TEST_P(QueryParserTest, ParsesToTheExpectedXapianQuery) {
  Analyzer analyzer;
  const ParsedQuery parsed = parse_query(GetParam().query, analyzer, nullptr);
  EXPECT_EQ(parsed.fallback_reason, "") << GetParam().query;
  EXPECT_EQ(parsed.query.get_description(), GetParam().description) << GetParam().query;
}

INSTANTIATE_TEST_SUITE_P(
    Language, QueryParserTest,
    ::testing::Values(
        QueryCase{"entretien", "Query((Zentretien AND_MAYBE 0.25 * Eentretien))"},
        QueryCase{"l'entretien", "Query((Zentretien AND_MAYBE 0.25 * Eentretien))"},
        QueryCase{"L’Élysée", "Query((Zelyse AND_MAYBE 0.25 * Eelysee))"},
        QueryCase{"la Syrie", "Query((Zsyr AND_MAYBE 0.25 * Esyrie))"},
        QueryCase{"\"la Syrie\"", "Query((Zla PHRASE 2 Zsyr))"},
        QueryCase{"«la Syrie»", "Query((Zla PHRASE 2 Zsyr))"},
        QueryCase{"cessez-le-feu", "Query((Zcess PHRASE 3 Zle PHRASE 3 Zfeu))"},
        QueryCase{"1800", "Query(Z1800)"}, QueryCase{"1 800", "Query(Z1800)"},
        QueryCase{"\"1 800\"", "Query((Z1 PHRASE 2 Z800))"},
        QueryCase{"3,7", "Query(Z3,7)"},
        QueryCase{"Macron Poutine",
                  "Query((((((Zmacron AND_MAYBE 0.25 * Emacron) OR (Zpoutin AND_MAYBE "
                  "0.25 * Epoutine)) OR 1 * (Zmacron AND Zpoutin)) OR "
                  "(PostingSource(Xapian::FixedWeightPostingSource(wt=4)) FILTER "
                  "(Smacron AND Spoutin))) AND_MAYBE 0.5 * (Zmacron PHRASE 3 Zpoutin)))"},
        QueryCase{"Macron ET Poutine",
                  "Query(((Zmacron AND_MAYBE 0.25 * Emacron) AND (Zpoutin AND_MAYBE 0.25 "
                  "* Epoutine)))"},
        QueryCase{"Macron AND Poutine",
                  "Query(((Zmacron AND_MAYBE 0.25 * Emacron) AND (Zpoutin AND_MAYBE 0.25 "
                  "* Epoutine)))"},
        QueryCase{"Alep OU Idleb",
                  "Query(((Zalep AND_MAYBE 0.25 * Ealep) OR (Zidleb AND_MAYBE 0.25 * "
                  "Eidleb)))"},
        QueryCase{"Syrie SAUF Turquie",
                  "Query(((Zsyr AND_MAYBE 0.25 * Esyrie) AND_NOT (Zturqu AND_MAYBE 0.25 "
                  "* Eturquie)))"},
        QueryCase{"Syrie NOT Turquie",
                  "Query(((Zsyr AND_MAYBE 0.25 * Esyrie) AND_NOT (Zturqu AND_MAYBE 0.25 "
                  "* Eturquie)))"},
        QueryCase{"+Syrie -Turquie",
                  "Query(((Zsyr AND_MAYBE 0.25 * Esyrie) AND_NOT (Zturqu AND_MAYBE 0.25 "
                  "* Eturquie)))"},
        QueryCase{"Poutine NEAR Erdogan", "Query((Zpoutin NEAR 10 Zerdogan))"},
        QueryCase{"Poutine NEAR/5 Erdogan", "Query((Zpoutin NEAR 5 Zerdogan))"},
        QueryCase{"(Alep OU Idleb) ET trêve",
                  "Query((((Zalep AND_MAYBE 0.25 * Ealep) OR (Zidleb AND_MAYBE 0.25 * "
                  "Eidleb)) AND (Ztrev AND_MAYBE 0.25 * Etreve)))"},
        QueryCase{"titre:Fillon", "Query((Sfillon AND_MAYBE 0.25 * Efillon))"},
        QueryCase{"title:\"mise en examen\"",
                  "Query((Smis PHRASE 3 Sen PHRASE 3 Sexamen))"},
        QueryCase{"Fillon source:\"Le Monde\"",
                  "Query(((Zfillon AND_MAYBE 0.25 * Efillon) FILTER XSle monde))"},
        // A source keeps its elided article, whatever the apostrophe: the
        // same key the indexer files it under (fold_source).
        QueryCase{"source:\"L'Écho des Causses\"", "Query(0 * XSl'echo des causses)"},
        QueryCase{"source:\"L’Écho des Causses\"", "Query(0 * XSl'echo des causses)"},
        QueryCase{"source:\"l'echo  des causses\"", "Query(0 * XSl'echo des causses)"},
        QueryCase{"source:L'Équipe", "Query(0 * XSl'equipe)"},
        QueryCase{"source:\"Le Phare de l'Estuaire\"",
                  "Query(0 * XSle phare de l'estuaire)"},
        QueryCase{"Fillon date:2017",
                  "Query(((Zfillon AND_MAYBE 0.25 * Efillon) FILTER VALUE_RANGE 0 "
                  "20170000 20171231))"},
        QueryCase{"date:2017-03", "Query(VALUE_RANGE 0 20170300 20170331)"},
        QueryCase{"date:2016..2018", "Query(VALUE_RANGE 0 20160000 20181231)"},
        QueryCase{"date:2017-03-01..2017-03-15",
                  "Query(VALUE_RANGE 0 20170301 20170315)"},
        // Operators only in capitals, only between terms.
        QueryCase{"Macron et Poutine",
                  "Query(((((Zmacron AND_MAYBE 0.25 * Emacron) OR (Zpoutin AND_MAYBE "
                  "0.25 * Epoutine)) OR 1 * (Zmacron AND Zpoutin)) OR "
                  "(PostingSource(Xapian::FixedWeightPostingSource(wt=4)) FILTER "
                  "(Smacron AND Spoutin))))"},
        QueryCase{"OU Macron", "Query((Zmacron AND_MAYBE 0.25 * Emacron))"},
        // A headline in capitals has no operators: OU is a (stop) word.
        QueryCase{"ALEP OU IDLEB",
                  "Query(((((Zalep AND_MAYBE 0.25 * Ealep) OR (Zidleb AND_MAYBE 0.25 * "
                  "Eidleb)) OR 1 * (Zalep AND Zidleb)) OR "
                  "(PostingSource(Xapian::FixedWeightPostingSource(wt=4)) FILTER "
                  "(Salep AND Sidleb))))"},
        // A minus before a digit is a number, not an exclusion.
        QueryCase{"judo -73 kg",
                  "Query((((((Zjudo AND_MAYBE 0.25 * Ejudo) OR Z73 OR (Zkg AND_MAYBE "
                  "0.25 * Ekg)) OR 1 * (Zjudo AND Z73 AND Zkg)) OR "
                  "((PostingSource(Xapian::FixedWeightPostingSource(wt=4)) FILTER "
                  "(Sjudo AND S73)) OR "
                  "(PostingSource(Xapian::FixedWeightPostingSource(wt=4)) FILTER "
                  "(Sjudo AND Skg)) OR "
                  "(PostingSource(Xapian::FixedWeightPostingSource(wt=4)) FILTER (S73 "
                  "AND Skg)))) AND_MAYBE 0.5 * ((Zjudo PHRASE 3 Z73) OR (Z73 PHRASE 3 "
                  "Zkg))))"}));

TEST(QueryParserFallbackTest, UnclosedQuoteFallsBackToTheWords) {
  Analyzer analyzer;
  const ParsedQuery parsed = parse_query("\"la Syrie", analyzer, nullptr);
  EXPECT_EQ(parsed.fallback_reason, "a quote is not closed");
  EXPECT_EQ(parsed.query.get_description(), "Query((Zsyr AND_MAYBE 0.25 * Esyrie))");
}

TEST(QueryParserFallbackTest, UnbalancedParenthesesFallBackToTheWords) {
  Analyzer analyzer;
  EXPECT_EQ(parse_query("(Alep OU Idleb", analyzer, nullptr).fallback_reason,
            "a '(' is not closed");
  EXPECT_EQ(parse_query("Alep) Idleb", analyzer, nullptr).fallback_reason,
            "a ')' has no '('");
}

// A closing guillemet or quotation mark with no opening one is common in
// text pasted from a newspaper. It once looped in the lexer, pushing empty
// lexemes until memory ran out (issue #16).
struct StrayQuoteCase {
  const char* query;
  const char* description;
};

class QueryParserStrayQuoteTest : public ::testing::TestWithParam<StrayQuoteCase> {};

TEST_P(QueryParserStrayQuoteTest, SearchesTheWordsAndSaysWhy) {
  Analyzer analyzer;
  const ParsedQuery parsed = parse_query(GetParam().query, analyzer, nullptr);
  EXPECT_EQ(parsed.fallback_reason, "a closing quote has no opening one")
      << GetParam().query;
  EXPECT_EQ(parsed.query.get_description(), GetParam().description) << GetParam().query;
}

INSTANTIATE_TEST_SUITE_P(
    Pasted, QueryParserStrayQuoteTest,
    ::testing::Values(
        StrayQuoteCase{"Macron\u00bb", "Query((Zmacron AND_MAYBE 0.25 * Emacron))"},
        StrayQuoteCase{"\u00bb Macron", "Query((Zmacron AND_MAYBE 0.25 * Emacron))"},
        StrayQuoteCase{"unmatched\u201d",
                       "Query((Zunmatched AND_MAYBE 0.25 * Eunmatched))"},
        StrayQuoteCase{"\u201dcurly quotes\u201d",
                       "Query(((Zcurly AND_MAYBE 0.25 * Ecurly) OR (Zquot AND_MAYBE 0.25 "
                       "* Equotes)))"},
        StrayQuoteCase{"titre:Macron\u00bb",
                       "Query(((Ztitr AND_MAYBE 0.25 * Etitre) OR (Zmacron AND_MAYBE "
                       "0.25 * Emacron)))"}));

// The parser is recursive: nesting is bounded so that no query can
// exhaust the stack (6,000 parentheses crashed kiosque-query, issue #16).
TEST(QueryParserFallbackTest, DeepParenthesesFallBackToTheWords) {
  Analyzer analyzer;
  const std::string deep = std::string(2000, '(') + "Alep" + std::string(2000, ')');
  const ParsedQuery parsed = parse_query(deep, analyzer, nullptr);
  EXPECT_EQ(parsed.fallback_reason, "parentheses nested deeper than 32");
  EXPECT_EQ(parsed.query.get_description(), "Query((Zalep AND_MAYBE 0.25 * Ealep))");
  const std::string ok = std::string(32, '(') + "Alep" + std::string(32, ')');
  EXPECT_EQ(parse_query(ok, analyzer, nullptr).fallback_reason, "");
}

// A bad date is said, and the rest of the query is the best guess: the
// filter is left out rather than its digits searched as words.
TEST(QueryParserFallbackTest, BadDateIsLeftOutAndSaysWhy) {
  Analyzer analyzer;
  const ParsedQuery parsed = parse_query("Fillon date:mars", analyzer, nullptr);
  EXPECT_EQ(parsed.fallback_reason, "");
  EXPECT_EQ(parsed.warnings, (std::vector<std::string>{
                                 "date:mars is not a date (2017, 2017-03, 2017-03-01, "
                                 "A..B): searching without it"}));
  EXPECT_EQ(parsed.query.get_description(), "Query((Zfillon AND_MAYBE 0.25 * Efillon))");
}

// One rule for every form: a day the calendar does not have is not a date,
// as a month 13 is not, alone, in a range or after an operator.
TEST(QueryParserFallbackTest, ImpossibleDatesWarnInEveryForm) {
  Analyzer analyzer;
  const auto warnings = [&](const char* query) {
    return parse_query(query, analyzer, nullptr).warnings;
  };
  const auto said = [](const char* value) {
    return std::vector<std::string>{std::string(value) +
                                    " is not a date (2017, 2017-03, 2017-03-01, A..B): "
                                    "searching without it"};
  };
  EXPECT_EQ(warnings("Fillon date:2017-02-31"), said("date:2017-02-31"));
  EXPECT_EQ(warnings("Fillon date:2017-13"), said("date:2017-13"));
  EXPECT_EQ(warnings("Fillon date:2017-02-30..2017-03-05"),
            said("date:2017-02-30..2017-03-05"));
  EXPECT_EQ(warnings("Fillon ET date:2016-02-30"), said("date:2016-02-30"));
  EXPECT_EQ(
      parse_query("Fillon ET date:2017-02-30", analyzer, nullptr).query.get_description(),
      "Query((Zfillon AND_MAYBE 0.25 * Efillon))");
  EXPECT_EQ(warnings("Fillon date:2016-02-29"), std::vector<std::string>{});
}

struct MistakeCase {
  const char* query;
  const char* description;
  std::vector<std::string> warnings;
};

class QueryParserMistakeTest : public ::testing::TestWithParam<MistakeCase> {};

// Query mistakes are said, then the best guess is searched (issue #18).
TEST_P(QueryParserMistakeTest, SaysTheMistakeAndSearchesTheBestGuess) {
  Analyzer analyzer;
  const ParsedQuery parsed = parse_query(GetParam().query, analyzer, nullptr);
  EXPECT_EQ(parsed.query.get_description(), GetParam().description) << GetParam().query;
  EXPECT_EQ(parsed.warnings, GetParam().warnings) << GetParam().query;
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, QueryParserMistakeTest,
    ::testing::Values(
        MistakeCase{"\"Poutine Erdogan\"~5", "Query((Zpoutin NEAR 5 Zerdogan))", {}},
        MistakeCase{"\"Poutine Erdogan\"~1", "Query((Zpoutin NEAR 2 Zerdogan))", {}},
        MistakeCase{"\"Poutine Erdogan\"~", "Query((Zpoutin NEAR 10 Zerdogan))", {}},
        MistakeCase{
            "titre:\"Poutine Erdogan\"~3", "Query((Spoutin NEAR 3 Serdogan))", {}},
        MistakeCase{"titre:Sarkoz*", "Query(WILDCARD SYNONYM Ssarkoz)", {}},
        MistakeCase{"auteur:Dupont",
                    "Query((Zdupont AND_MAYBE 0.25 * Edupont))",
                    {"unknown field 'auteur:' (the fields are titre:, title:, source:, "
                     "date:): searching its value as words"}},
        MistakeCase{"12:30", "Query((Z12 PHRASE 2 Z30))", {}},
        MistakeCase{"*isme",
                    "Query((Zisme AND_MAYBE 0.25 * Eisme))",
                    {"a leading '*' is not supported (words are looked up by how they "
                     "begin): searching isme instead"}},
        MistakeCase{"source:Le*",
                    "Query(0 * XSle)",
                    {"source:Le* takes no wildcard: searching source:Le"}}));

TEST(QueryParserBoundsTest, ALongQueryIsCutAtItsBoundsWithAWarning) {
  Analyzer analyzer;
  std::string words;
  for (int i = 0; i < 300; ++i) words += "mot ";
  EXPECT_EQ(parse_query(words, analyzer, nullptr).warnings,
            (std::vector<std::string>{"the query has more than 200 words: searching its "
                                      "first 200"}));
  // Cut before a character, never inside one.
  std::string accents;
  for (int i = 0; i < 3000; ++i) accents += "é";
  EXPECT_EQ(parse_query(accents, analyzer, nullptr).warnings,
            (std::vector<std::string>{"the query is longer than 4096 bytes: searching "
                                      "its first 4096"}));
  EXPECT_EQ(parse_query("a" + accents, analyzer, nullptr).warnings,
            (std::vector<std::string>{"the query is longer than 4096 bytes: searching "
                                      "its first 4095"}));
  std::string hyphens = "a";
  for (int i = 0; i < 1000; ++i) hyphens += "-a";
  EXPECT_EQ(parse_query(hyphens, analyzer, nullptr).warnings,
            (std::vector<std::string>{"the query has more than 200 words: searching its "
                                      "first 200"}));
}

TEST(QueryParserTest, HighlightTermsCoverWordsAndPhrasesButNotExclusions) {
  Analyzer analyzer;
  const ParsedQuery parsed =
      parse_query("securite \"la Syrie\" -Turquie (Alep SAUF Idleb)", analyzer, nullptr);
  EXPECT_EQ(parsed.highlight_terms, (std::vector<std::string>{"alep", "securit"}));
  EXPECT_EQ(parsed.highlight_phrases,
            (std::vector<std::vector<std::string>>{{"la", "syr"}}));
}

// The words that alone make an article match: a search knows from their
// frequencies alone when its count cannot be exact (search.cpp).
TEST(QueryParserTest, SufficientTermsAreTheWordsOfAQueryOfWordsOnly) {
  Analyzer analyzer;
  const auto sufficient = [&](const char* query) {
    return parse_query(query, analyzer, nullptr).sufficient_terms;
  };
  EXPECT_EQ(sufficient("la Syrie Turquie"), (std::vector<std::string>{"Zsyr", "Zturqu"}));
  EXPECT_EQ(sufficient("titre:Syrie OTAN"), (std::vector<std::string>{"Ssyr", "Zotan"}));
  EXPECT_EQ(sufficient("\"la Syrie\" Turquie"), (std::vector<std::string>{"Zturqu"}));
  EXPECT_EQ(sufficient("(Syrie OU Liban) Turquie"), (std::vector<std::string>{"Zturqu"}));
  EXPECT_EQ(sufficient("la"), (std::vector<std::string>{"Zla"}));
  EXPECT_EQ(sufficient("Syrie +Turquie"), std::vector<std::string>{});
  EXPECT_EQ(sufficient("Syrie -Turquie"), std::vector<std::string>{});
  EXPECT_EQ(sufficient("Syrie date:2017"), std::vector<std::string>{});
  EXPECT_EQ(sufficient("Syr* Turquie"), (std::vector<std::string>{"Zturqu"}));
}

// Counting reads only what decides a match (search.cpp): no all-words or
// headline boost, no proximity; acronyms spelt out still find the acronym.
TEST(QueryParserTest, MatchingDropsWhatOnlyRanks) {
  Analyzer analyzer;
  const auto matching = [&](const char* query) {
    return parse_query(query, analyzer, nullptr).matching.get_description();
  };
  EXPECT_EQ(matching("Macron Poutine"),
            "Query(((Zmacron AND_MAYBE 0.25 * Emacron) OR (Zpoutin AND_MAYBE 0.25 * "
            "Epoutine)))");
  EXPECT_EQ(matching("Union européenne -Brexit"),
            "Query(((((Zunion AND_MAYBE 0.25 * Eunion) OR (Zeuropeen AND_MAYBE 0.25 * "
            "Eeuropeenne)) OR Zue) AND_NOT (Zbrex AND_MAYBE 0.25 * Ebrexit)))");
}

// A query of words alone ranks apart from its count (search.cpp).
TEST(QueryParserTest, WordsOnlyIsAQueryOfPlainWordsAndNothingElse) {
  Analyzer analyzer;
  const auto words_only = [&](const char* query) {
    return parse_query(query, analyzer, nullptr).words_only;
  };
  EXPECT_TRUE(words_only("la Syrie Turquie"));
  EXPECT_TRUE(words_only("titre:Syrie OTAN"));
  EXPECT_FALSE(words_only("\"la Syrie\" Turquie"));
  EXPECT_FALSE(words_only("(Syrie OU Liban) Turquie"));
  EXPECT_FALSE(words_only("Syrie +Turquie"));
  EXPECT_FALSE(words_only("Syrie date:2017"));
  EXPECT_FALSE(words_only("Syr* Turquie"));
}

}  // namespace
}  // namespace kiosque
