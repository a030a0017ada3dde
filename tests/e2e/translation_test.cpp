// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: one language for people (issue #18, point 7). Both programs
// speak French under LANG=fr_FR.UTF-8 and English under LANG=C, from the
// build tree's catalogue; what scripts read (the JSON, the indexer's
// summary line, the `error|warning|note:` words, exit codes) is the same
// bytes in both. Literal outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kSample = KIOSQUE_SAMPLE_CORPUS;
const std::vector<std::string> kFrench = {"LANG=fr_FR.UTF-8",
                                          "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="};
const std::vector<std::string> kEnglish = {"LANG=C",
                                           "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="};

class TranslationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    const RunResult indexed = run({kIndex, "--db", db_, kSample});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override {
    if (!has_locale("fr_FR.UTF-8")) {
      GTEST_SKIP() << "the fr_FR.UTF-8 locale is not installed (scripts/setup-deps "
                      "generates it): French messages cannot be tested";
    }
  }
  static RunResult query(std::vector<std::string> args,
                         const std::vector<std::string>& env) {
    args.insert(args.begin(), {kQuery, "--db", db_});
    return run(args, "", env);
  }
  // An archive with one good record and one that is not JSON, indexed
  // into a database of its own under `env`.
  static RunResult index_bad_record(const TempDir& dir,
                                    const std::vector<std::string>& env) {
    write_file(dir.path() / "archive/fil.jsonl",
               "{\"id\":\"1\",\"title\":\"Crue\",\"date\":\"2021-09-15\",\"text\":\"La "
               "Loire déborde.\"}\n"
               "pas du JSON\n");
    write_file(dir.path() / "archive/vide.txt", "");
    return run({kIndex, "--db", dir / "db", "--summary", dir / "archive"}, "", env);
  }

  static TempDir* dir_;
  static std::string db_;
};

TempDir* TranslationTest::dir_ = nullptr;
std::string TranslationTest::db_;

// The elapsed times, the only bytes that differ between two runs.
std::string without_times(const std::string& text) {
  static const std::regex elapsed_ms(R"("elapsed_ms":[0-9.e+-]+)");
  static const std::regex rate(R"([0-9]+\.[0-9]{2} s, [0-9]+ articles/s)");
  return std::regex_replace(std::regex_replace(text, elapsed_ms, "\"elapsed_ms\":T"),
                            rate, "T s, R articles/s");
}

TEST_F(TranslationTest, AQueryWithResultsCountsInTheUsersLanguage) {
  const std::vector<std::string> args = {
      "--color=never", "--facets", "--limit", "1", "--", "Gard"};
  const RunResult french = query(args, kFrench);
  EXPECT_EQ(french.exit_code, 0) << french.err;
  EXPECT_EQ(french.out.substr(0, french.out.find('\n') + 1),
            "4 articles (1 reprise regroupée)\n");
  EXPECT_NE(french.out.find("(+1 reprise)\n"), std::string::npos) << french.out;
  EXPECT_NE(french.out.find("Par année (y compris les reprises) :\n"), std::string::npos);
  EXPECT_NE(french.out.find("  sans date  1\n"), std::string::npos) << french.out;
  const RunResult english = query(args, kEnglish);
  EXPECT_EQ(english.exit_code, 0) << english.err;
  EXPECT_EQ(english.out.substr(0, english.out.find('\n') + 1),
            "4 articles (1 reprint grouped)\n");
  EXPECT_NE(english.out.find("(+1 reprint)\n"), std::string::npos) << english.out;
  EXPECT_NE(english.out.find("By year (reprints included):\n"), std::string::npos);
  EXPECT_NE(english.out.find("  no date  1\n"), std::string::npos) << english.out;
}

TEST_F(TranslationTest, NothingFoundAndTheSuggestionInTheUsersLanguage) {
  const RunResult french = query({"--color=never", "gardd"}, kFrench);
  EXPECT_EQ(french.exit_code, 1);
  EXPECT_EQ(french.out,
            "Aucun article ne correspond à « gardd »\n"
            "Essayez avec : Gard (4 articles)\n");
  const RunResult english = query({"--color=never", "gardd"}, kEnglish);
  EXPECT_EQ(english.exit_code, 1);
  EXPECT_EQ(english.out,
            "No article matches “gardd”\n"
            "Try: Gard (4 articles)\n");
}

TEST_F(TranslationTest, WarningsKeepTheirEnglishWordAndTranslateTheirReason) {
  const RunResult french = query({"--count", "date:2017-13", "Gard"}, kFrench);
  EXPECT_EQ(french.err,
            "kiosque-query: warning: date:2017-13 n'est pas une date (2017, 2017-03, "
            "2017-03-01, A..B) : recherche sans elle\n");
  const RunResult english = query({"--count", "date:2017-13", "Gard"}, kEnglish);
  EXPECT_EQ(english.err,
            "kiosque-query: warning: date:2017-13 is not a date (2017, 2017-03, "
            "2017-03-01, A..B): searching without it\n");
  EXPECT_EQ(french.out, english.out);
  EXPECT_EQ(french.exit_code, english.exit_code);
}

TEST_F(TranslationTest, QueryMistakesAreSaidInTheUsersLanguage) {
  const std::vector<std::string> args = {"--count", "--", "auteur:Gard", "*ardèche"};
  const RunResult french = query(args, kFrench);
  EXPECT_EQ(french.err,
            "kiosque-query: warning: champ 'auteur:' inconnu (les champs sont titre:, "
            "title:, source:, date:) : sa valeur est cherchée comme des mots\n"
            "kiosque-query: warning: un '*' en tête de mot n'est pas pris en charge (les "
            "mots sont cherchés par leur début) : recherche de ardèche à la place\n");
  const RunResult english = query(args, kEnglish);
  EXPECT_EQ(english.err,
            "kiosque-query: warning: unknown field 'auteur:' (the fields are titre:, "
            "title:, source:, date:): searching its value as words\n"
            "kiosque-query: warning: a leading '*' is not supported (words are looked up "
            "by how they begin): searching ardèche instead\n");
  EXPECT_EQ(french.out, english.out);
  // A query that cannot be read: the reason inside the warning is translated too.
  const RunResult unread = query({"--count", "--", "(Gard"}, kFrench);
  EXPECT_EQ(unread.err,
            "kiosque-query: warning: une '(' n'est pas fermée : recherche des mots de la "
            "requête à la place\n");
  const RunResult sort = query({"--sort=hasard", "Gard"}, kFrench);
  EXPECT_EQ(sort.exit_code, 2);
  EXPECT_EQ(sort.err,
            "kiosque-query: --sort vaut relevance, date ou -date, pas 'hasard' (voir "
            "kiosque-query --help)\n");
}

// --help, made for people: in their language, the options as typed.
TEST_F(TranslationTest, HelpIsInTheUsersLanguage) {
  const RunResult index_fr = run({kIndex, "--help"}, "", kFrench);
  EXPECT_EQ(index_fr.exit_code, 0);
  EXPECT_EQ(index_fr.out.substr(0, index_fr.out.find('\n') + 1),
            "Usage : kiosque-index [--db DIR] [options] CHEMIN...\n");
  EXPECT_NE(
      index_fr.out.find("  -q [ --quiet ]            n'affiche que les problèmes\n"),
      std::string::npos)
      << index_fr.out;
  const RunResult index_en = run({kIndex, "--help"}, "", kEnglish);
  EXPECT_EQ(index_en.out.substr(0, index_en.out.find('\n') + 1),
            "Usage: kiosque-index [--db DIR] [options] PATH...\n");
  EXPECT_NE(index_en.out.find("  -q [ --quiet ]            print nothing but problems\n"),
            std::string::npos)
      << index_en.out;
  const RunResult query_fr = run({kQuery, "--help"}, "", kFrench);
  EXPECT_NE(query_fr.out.find(
                "Résultats:\n  -n [ --limit ] N (=10)     affiche au plus N articles\n"),
            std::string::npos)
      << query_fr.out;
  EXPECT_NE(
      query_fr.out.find("  -h [ --help ]              affiche cette aide et quitte\n"),
      std::string::npos)
      << query_fr.out;
  const RunResult query_en = run({kQuery, "--help"}, "", kEnglish);
  EXPECT_NE(query_en.out.find(
                "Results:\n  -n [ --limit ] N (=10)     print at most N articles\n"),
            std::string::npos)
      << query_en.out;
  EXPECT_NE(query_en.out.find("  -h [ --help ]              print this help and exit\n"),
            std::string::npos)
      << query_en.out;
}

TEST_F(TranslationTest, JsonIsTheSameBytesInEveryLanguageWarningsIncluded) {
  const std::vector<std::string> args = {"--json", "--facets", "date:2017-13", "Gard"};
  const RunResult french = query(args, kFrench);
  const RunResult english = query(args, kEnglish);
  EXPECT_EQ(french.exit_code, 0) << french.err;
  EXPECT_EQ(french.exit_code, english.exit_code);
  EXPECT_EQ(without_times(french.out), without_times(english.out));
  const nlohmann::json summary = json_lines(english.out).back();
  EXPECT_EQ(summary.at("warnings"),
            (nlohmann::json{"date:2017-13 is not a date (2017, 2017-03, 2017-03-01, "
                            "A..B): searching without it"}));
  const RunResult none_french = query({"--json", "gardd"}, kFrench);
  const RunResult none_english = query({"--json", "gardd"}, kEnglish);
  EXPECT_EQ(without_times(none_french.out), without_times(none_english.out));
}

TEST_F(TranslationTest, ErrorsOfTheLibraryAreTranslatedWhereShown) {
  const TempDir dir;
  const RunResult french = query({"--db", dir / "nowhere", "Gard"}, kFrench);
  EXPECT_EQ(french.exit_code, 2);
  EXPECT_EQ(french.err, "kiosque-query: pas de base à " + (dir / "nowhere") +
                            " (créez-en une avec kiosque-index, ou donnez --db)\n");
  const RunResult english = query({"--db", dir / "nowhere", "Gard"}, kEnglish);
  EXPECT_EQ(english.exit_code, 2);
  EXPECT_EQ(english.err, "kiosque-query: no database at " + (dir / "nowhere") +
                             " (build one with kiosque-index, or give --db)\n");
}

TEST_F(TranslationTest, IndexerDiagnosticsAreTranslatedAndTheSummaryLineIsNot) {
  const TempDir in_french, in_english;
  const RunResult french = index_bad_record(in_french, kFrench);
  const RunResult english = index_bad_record(in_english, kEnglish);
  EXPECT_EQ(french.exit_code, 1);
  EXPECT_EQ(english.exit_code, 1);
  const std::string fil = "/archive/fil.jsonl:2: error: ";
  const std::string json_error =
      "parse error at line 1, column 1: syntax error while parsing value - invalid "
      "literal; last read: 'p'\n";
  EXPECT_EQ(without_times(french.err),
            in_french.path().string() + fil + "la ligne n'est pas du JSON valide : " +
                json_error + in_french / "archive/vide.txt" + ": error: fichier vide\n" +
                "kiosque-index: 1 added, 0 updated, 0 deleted, 0 unchanged, 2 failed, "
                "T s, R articles/s\n");
  EXPECT_EQ(without_times(english.err),
            in_english.path().string() + fil + "line is not valid JSON: " + json_error +
                in_english / "archive/vide.txt" + ": error: empty file\n" +
                "kiosque-index: 1 added, 0 updated, 0 deleted, 0 unchanged, 2 failed, "
                "T s, R articles/s\n");
}

// The library's own messages (base/message.h): built in English, translated
// by the reporter; the words error/warning and the summary line stay.
TEST_F(TranslationTest, ReadingProblemsOfTheLibraryAreTranslated) {
  const auto index = [](const TempDir& dir, const std::vector<std::string>& env) {
    write_file(dir.path() / "archive/binaire.txt", std::string("\x01\x02\0\0\0\x03", 6));
    // One byte that is not UTF-8 among accented letters that are.
    write_file(dir.path() / "archive/cafe.txt",
               "Le café\n\nLe café coûte \xff cher à Nîmes.\n");
    return run({kIndex, "--db", dir / "db", "--summary", dir / "archive"}, "", env);
  };
  const TempDir in_french, in_english;
  const RunResult french = index(in_french, kFrench);
  const RunResult english = index(in_english, kEnglish);
  EXPECT_EQ(french.exit_code, 1);
  EXPECT_EQ(english.exit_code, 1);
  const std::string summary =
      "kiosque-index: 1 added, 0 updated, 0 deleted, 0 unchanged, 1 failed, 1 warning, "
      "T s, R articles/s\n";
  EXPECT_EQ(
      without_times(french.err),
      in_french / "archive/binaire.txt" + ": error: fichier binaire\n" +
          in_french / "archive/cafe.txt" +
          ": warning: 1 séquence d'octets invalide en UTF-8 remplacée par U+FFFD\n" +
          summary);
  EXPECT_EQ(without_times(english.err),
            in_english / "archive/binaire.txt" + ": error: binary file\n" +
                in_english / "archive/cafe.txt" +
                ": warning: 1 byte sequence invalid in UTF-8 replaced with U+FFFD\n" +
                summary);
}

TEST_F(TranslationTest, AnEmptiedRootIsRefusedInTheUsersLanguage) {
  const auto index_then_empty = [](const TempDir& dir,
                                   const std::vector<std::string>& env) {
    write_file(dir.path() / "archive/crue.txt", "Crue\n\nLa Loire déborde.\n");
    const RunResult first = run({kIndex, "--db", dir / "db", dir / "archive"}, "", env);
    EXPECT_EQ(first.exit_code, 0) << first.err;
    std::filesystem::remove(dir.path() / "archive/crue.txt");
    return run({kIndex, "--db", dir / "db", dir / "archive"}, "", env);
  };
  const TempDir in_french, in_english;
  const RunResult french = index_then_empty(in_french, kFrench);
  const RunResult english = index_then_empty(in_english, kEnglish);
  EXPECT_EQ(french.exit_code, 1);
  EXPECT_EQ(english.exit_code, 1);
  const std::string summary =
      "kiosque-index: 0 added, 0 updated, 0 deleted, 0 unchanged, 1 failed, "
      "T s, R articles/s\n";
  EXPECT_EQ(
      without_times(french.err),
      in_french / "archive" +
          ": error: ne contient aucun fichier d'article, alors que la base a 1 "
          "article venant de là : dossier tenu pour absent (un disque non monté ?), "
          "rien n'est supprimé (--allow-mass-delete le permet)\n" +
          summary);
  EXPECT_EQ(without_times(english.err),
            in_english / "archive" +
                ": error: holds no article file, but the database holds 1 article from "
                "it: treated as missing (an unmounted disk?), nothing deleted "
                "(--allow-mass-delete allows it)\n" +
                summary);
}

// A link to a folder is said in a note (--verbose), counted in the summary
// line, and leaves the exit code alone: cron is not mailed every night.
TEST_F(TranslationTest, ALinkToAFolderIsANoteInTheUsersLanguage) {
  const auto index = [](const TempDir& dir, const std::vector<std::string>& env,
                        const std::string& option) {
    write_file(dir.path() / "archive/une.txt", "Crue\n\nLa Loire déborde.\n");
    write_file(dir.path() / "disque2/2019/vieux.txt", "Crue\n\nLe Rhône monte.\n");
    std::filesystem::create_directory_symlink(dir.path() / "disque2/2019",
                                              dir.path() / "archive/2019");
    return run({kIndex, "--db", dir / "db", "--summary", option, dir / "archive"}, "",
               env);
  };
  const TempDir in_french, in_english, quiet;
  const RunResult french = index(in_french, kFrench, "--verbose");
  const RunResult english = index(in_english, kEnglish, "--verbose");
  EXPECT_EQ(french.exit_code, 0);
  EXPECT_EQ(english.exit_code, 0);
  const std::string summary =
      "kiosque-index: 1 added, 0 updated, 0 deleted, 0 unchanged, 0 failed, 1 note, "
      "T s, R articles/s\n";
  const std::string disk = "/disque2/2019";
  EXPECT_EQ(without_times(french.err),
            in_french / "archive/2019" + ": note: lien symbolique vers le dossier " +
                in_french.path().string() + disk +
                " : non suivi (donnez ce dossier comme CHEMIN à part pour l'indexer)\n" +
                in_french / "archive/une.txt" + ": ajouté archive/une.txt\n" + summary);
  EXPECT_EQ(without_times(english.err),
            in_english / "archive/2019" + ": note: symbolic link to the folder " +
                in_english.path().string() + disk +
                ": not followed (give the folder as a PATH of its own to index it)\n" +
                in_english / "archive/une.txt" + ": added archive/une.txt\n" + summary);
  // Without --verbose, only the summary counts it.
  const RunResult counted = index(quiet, kEnglish, "--jobs=1");
  EXPECT_EQ(counted.exit_code, 0);
  EXPECT_EQ(without_times(counted.err), summary);
}

// A configuration's problem: "FILE:LINE: error: " stays, the reason is
// translated.
TEST_F(TranslationTest, ConfigurationErrorsAreTranslated) {
  const TempDir dir;
  write_file(dir.path() / "kiosque.conf",
             "db = /srv/kiosque/db\narchive /srv/archives\n");
  const std::vector<std::string> args = {kIndex, "--config", dir / "kiosque.conf"};
  const RunResult french = run(args, "", kFrench);
  EXPECT_EQ(french.exit_code, 2);
  EXPECT_EQ(french.err, "kiosque-index: " + (dir / "kiosque.conf") +
                            ":2: error: pas une ligne « CLÉ = VALEUR »\n");
  const RunResult english = run(args, "", kEnglish);
  EXPECT_EQ(english.exit_code, 2);
  EXPECT_EQ(english.err, "kiosque-index: " + (dir / "kiosque.conf") +
                             ":2: error: not a 'KEY = VALUE' line\n");
}

TEST_F(TranslationTest, UsageErrorsAreTranslated) {
  const RunResult french =
      run({kIndex, "--db", *dir_ / "x", "--jobs", "0", kSample}, "", kFrench);
  EXPECT_EQ(french.exit_code, 2);
  EXPECT_EQ(french.err,
            "kiosque-index: --jobs doit valoir au moins 1 (voir kiosque-index --help)\n");
  const RunResult english =
      run({kIndex, "--db", *dir_ / "x", "--jobs", "0", kSample}, "", kEnglish);
  EXPECT_EQ(english.err,
            "kiosque-index: --jobs must be at least 1 (see kiosque-index --help)\n");
}

// As Debian tools: LANGUAGE chooses among translations only when the
// locale is not C, so cron's LANG=C gets English whatever LANGUAGE says.
TEST_F(TranslationTest, LanguageIsIgnoredUnderTheCLocaleAndHonouredOtherwise) {
  const RunResult c = query({"--color=never", "gardd"},
                            {"LANG=C", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=fr"});
  EXPECT_EQ(c.out, "No article matches “gardd”\nTry: Gard (4 articles)\n");
  const RunResult messages =
      query({"--color=never", "gardd"},
            {"LANG=C", "LC_ALL=", "LC_MESSAGES=fr_FR.UTF-8", "LANGUAGE="});
  EXPECT_EQ(
      messages.out,
      "Aucun article ne correspond à « gardd »\nEssayez avec : Gard (4 articles)\n");
  // C.UTF-8 is not C: gettext honours LANGUAGE under it.
  const RunResult c_utf8 =
      query({"--color=never", "gardd"},
            {"LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=fr"});
  EXPECT_EQ(
      c_utf8.out,
      "Aucun article ne correspond à « gardd »\nEssayez avec : Gard (4 articles)\n");
  const RunResult posix = query({"--color=never", "gardd"},
                                {"LANG=", "LC_ALL=POSIX", "LC_MESSAGES=", "LANGUAGE=fr"});
  EXPECT_EQ(posix.out, "No article matches “gardd”\nTry: Gard (4 articles)\n");
}

}  // namespace
}  // namespace kiosque::testing
