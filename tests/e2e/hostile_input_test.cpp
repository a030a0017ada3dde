// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: inputs written to break the indexer (issue #16). Each bad
// article is that article's failure (`path[:line]: error: reason`, exit 1),
// never the run's, and what comes from input reaches the terminal sanitised.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;

bool ends_with(const std::string& s, const std::string& end) {
  return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

// The ids found for `word`, each checked to end with its wanted tail: ids
// are scoped by their root's label, whose form is not this test's concern.
void expect_ids_end_with(const std::string& db, const std::string& word,
                         const std::vector<std::string>& tails) {
  const RunResult q = run({kQuery, "--db", db, "--json", "--limit", "50", word});
  ASSERT_EQ(q.exit_code, 0) << q.err;
  const std::vector<std::string> ids = hit_ids(q.out);
  ASSERT_EQ(ids.size(), tails.size()) << q.out;
  for (const std::string& tail : tails) {
    bool found = false;
    for (const std::string& id : ids) found = found || ends_with(id, tail);
    EXPECT_TRUE(found) << "no id ends with a " << tail.size() << "-byte tail";
  }
}

TEST(HostileInputTest, IdsOf300And1000BytesAreIndexedAndFoundWithTheirFullId) {
  TempDir dir;
  const std::string id300(300, 'a');
  const std::string id1000 = std::string(999, 'b') + "c";
  write_file(dir.path() / "archive" / "long.jsonl",
             R"({"id":")" + id300 +
                 R"(","title":"t","text":"viaduc"})"
                 "\n"
                 R"({"id":")" +
                 id1000 +
                 R"(","title":"t","text":"viaduc"})"
                 "\n");
  const RunResult r = run({kIndex, "--db", dir / "db", dir / "archive"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_ids_end_with(dir / "db", "viaduc", {id300, id1000});

  // Read again unchanged, then changed: the same two articles, updated.
  write_file(dir.path() / "archive" / "long.jsonl",
             R"({"id":")" + id300 +
                 R"(","title":"t","text":"viaduc pont"})"
                 "\n"
                 R"({"id":")" +
                 id1000 +
                 R"(","title":"t","text":"viaduc pont"})"
                 "\n");
  const RunResult again = run({kIndex, "--db", dir / "db", "--summary", dir / "archive"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 added, 2 updated, 0 deleted, 0 unchanged, 0 failed"),
            std::string::npos)
      << again.err;
  expect_ids_end_with(dir / "db", "pont", {id300, id1000});
}

TEST(HostileInputTest, AnArticleSixtyFoldersDeepWithALongNameIsIndexed) {
  TempDir dir;
  std::string relpath;
  for (int i = 0; i < 60; ++i) relpath += "niveau/";
  const std::string headline =
      "le-gouvernement-annonce-une-reforme-des-retraites-apres-des-mois-de-"
      "concertation-avec-les-syndicats-et-les-organisations-patronales-qui-"
      "ont-demande-des-garanties-sur-la-penibilite-et-les-carrieres-longues.txt";
  relpath += headline;
  write_file(dir.path() / "archive" / relpath, "Retraites\n\nUne réforme annoncée.\n");
  write_file(dir.path() / "archive" / "court.txt", "Court\n\nUne réforme courte.\n");
  const RunResult r = run({kIndex, "--db", dir / "db", dir / "archive"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_ids_end_with(dir / "db", "réforme", {relpath, "court.txt"});

  // Read again: both recorded as read (the deep one under a bounded key).
  const RunResult again = run({kIndex, "--db", dir / "db", "--summary", dir / "archive"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 added, 0 updated, 0 deleted, 2 unchanged, 0 failed"),
            std::string::npos)
      << again.err;
}

// Issue #16.10: a file name is input too.
TEST(HostileInputTest, FileNamesWithANewlineOrAnEscapeSequenceReachStderrSanitised) {
  TempDir dir;
  const std::string name = "bad\n\x1b[31mred.jsonl";
  write_file(dir.path() / "archive" / name,
             R"({"id":"d\u001b]0;title\u0007","text":"mots"})"
             "\n"
             R"({"id":"d\u001b]0;title\u0007","text":"mots"})"
             "\n");
  const RunResult r = run({kIndex, "--db", dir / "db", "--verbose", dir / "archive"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::string first_lines = r.err.substr(0, r.err.find("kiosque-index: "));
  EXPECT_EQ(first_lines,
            dir / "archive/bad  [31mred.jsonl" +
                ":2: error: duplicate id \"d ]0;title \" (first at line 1)\n" +
                dir / "archive/bad  [31mred.jsonl" + ": added archive:d ]0;title \n")
      << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
}

// Issue #16.8: a FIFO's open() waits for a writer, and SIGINT with it.
TEST(HostileInputTest, AFifoWhereAnArticleWasIsRefusedWithoutBlocking) {
  TempDir dir;
  write_file(dir.path() / "archive" / "bon.txt", "Bon\n\nUn texte.\n");
  ASSERT_EQ(::mkfifo((dir.path() / "archive" / "tube.txt").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((dir.path() / "archive" / "tube.jsonl").c_str(), 0600), 0);
  const RunResult r =
      run({"/usr/bin/timeout", "20", kIndex, "--db", dir / "db", dir / "archive"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err.substr(0, r.err.find("kiosque-index: ")),
            dir / "archive/tube.jsonl" + ": error: not a regular file\n" +
                dir / "archive/tube.txt" + ": error: not a regular file\n");
}

// Issue #16.6: one 12 MiB line used to take about 600 MB to index.
TEST(HostileInputTest, ALineLongerThanTheLimitIsRefusedAndTheNextLinesRead) {
  TempDir dir;
  write_file(dir.path() / "archive" / "a.jsonl", R"({"id":"avant","text":"viaduc"})"
                                                 "\n"
                                                 R"({"id":"long","text":")" +
                                                     std::string(12 << 20, 'm') +
                                                     R"("})"
                                                     "\n"
                                                     R"({"id":"après","text":"viaduc"})"
                                                     "\n");
  const RunResult r = run({kIndex, "--db", dir / "db", dir / "archive"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(
      r.err.substr(0, r.err.find("kiosque-index: ")),
      dir / "archive/a.jsonl" +
          ":2: error: line longer than the limit of 8 MiB for one record; skipped\n");
  expect_ids_end_with(dir / "db", "viaduc", {"avant", "après"});
}

// Issue #16: a word over 64 bytes was dropped without a word. Then it was
// a note, shown only with --verbose; RULINGS.md: a word dropped is a
// warning, printed without --verbose, the exit code unchanged (failed first
// as a note: nothing on stderr, "1 note" in the summary).
TEST(HostileInputTest, WordsLongerThan64BytesAreCountedInOneWarningPerFile) {
  TempDir dir;
  const std::string url = "https://exemple.fr/" + std::string(80, 'x');
  write_file(dir.path() / "archive" / "a.txt",
             "Titre\n\nUn viaduc " + url + " et " + url + "y puis " + url + "z.\n");
  write_file(dir.path() / "archive" / "b.txt",
             "Titre\n\nUn viaduc court, puis " + url + ".\n");
  write_file(dir.path() / "archive" / "c.txt", "Titre\n\nUn viaduc court.\n");
  const RunResult r = run({kIndex, "--db", dir / "db", dir / "archive"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, dir / "archive/a.txt" +
                       ": warning: 3 words longer than 64 bytes dropped\n" +
                       dir / "archive/b.txt" +
                       ": warning: 1 word longer than 64 bytes dropped\n");
  write_file(dir.path() / "archive" / "d.txt", "Titre\n\nUn " + url + ".\n");
  const RunResult again = run({kIndex, "--db", dir / "db", "--summary", dir / "archive"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  // Said once, on the run that indexed the file.
  EXPECT_EQ(again.err.substr(0, again.err.find("1 warning") + 9),
            dir / "archive/d.txt" +
                ": warning: 1 word longer than 64 bytes dropped\n"
                "kiosque-index: 1 added, 0 updated, 0 deleted, 3 unchanged, 0 failed, "
                "1 warning")
      << again.err;
}

// Issue #16.12: a file name that is not UTF-8 broke --like. Its id is
// shown with U+FFFD (in --json and on the terminal), and that id found
// nothing (failed first: "Aucun article"); an id not found came back to the
// terminal as typed, escapes and all (failed first).
TEST(HostileInputTest, LikeTakesAnIdThatIsNotUtf8AsWrittenOrAsShown) {
  TempDir dir;
  write_file(dir.path() / "archive" / "\xff\xfe-latin.txt",
             "Titre\n\nLe viaduc enjambe la rivière près du moulin.\n");
  write_file(dir.path() / "archive" / "b.txt",
             "Titre\n\nLe moulin, la rivière et le viaduc.\n");
  write_file(dir.path() / "archive" / "c.txt", "Titre\n\nUne kermesse à l'école.\n");
  write_file(dir.path() / "archive" / "d.txt", "Titre\n\nUn marché fermier.\n");
  write_file(dir.path() / "archive" / "e.txt", "Titre\n\nUne tempête au littoral.\n");
  ASSERT_EQ(run({kIndex, "--db", dir / "db", dir / "archive"}).exit_code, 0);
  const RunResult found = run({kQuery, "--db", dir / "db", "--json", "enjambe"});
  const std::vector<std::string> shown = hit_ids(found.out);
  ASSERT_EQ(shown.size(), 1u) << found.out;
  const std::string label = shown[0].substr(0, shown[0].find('/') + 1);
  EXPECT_EQ(shown[0], label + "\uFFFD\uFFFD-latin.txt");
  for (const std::string& id : {shown[0], label + "\xff\xfe-latin.txt"}) {
    const RunResult like = run({kQuery, "--db", dir / "db", "--json", "--like", id});
    EXPECT_EQ(like.exit_code, 0) << like.err;
    EXPECT_EQ(like.err, "");
    EXPECT_EQ(hit_ids(like.out), (std::vector<std::string>{label + "b.txt"}));
  }
  const RunResult missing =
      run({kQuery, "--db", dir / "db", "--like", label + "\xff\x1b[31mX.txt"}, "",
          {"LC_ALL=C"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out, "");
  EXPECT_EQ(missing.err,
            "kiosque-query: no article with id " + label + "\uFFFD [31mX.txt\n");
}

// Issue #16.12: a link leading out of the archive was followed without a
// word. Decided: not followed, with a warning (a link inside is followed).
TEST(HostileInputTest, ALinkToAFileOutsideTheTreeIsNotFollowedAndSaidSo) {
  TempDir dir;
  write_file(dir.path() / "archive" / "a.txt", "Titre\n\nUn viaduc.\n");
  write_file(dir.path() / "ailleurs" / "b.txt", "Titre\n\nUn aqueduc.\n");
  std::filesystem::create_symlink("a.txt", dir.path() / "archive" / "dedans.txt");
  std::filesystem::create_symlink("../ailleurs/b.txt",
                                  dir.path() / "archive" / "dehors.txt");
  const RunResult r = run({kIndex, "--db", dir / "db", dir / "archive"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, dir / "archive/dehors.txt" + ": warning: symbolic link to " +
                       dir / "ailleurs/b.txt" +
                       ", outside the indexed tree: not followed\n");
  EXPECT_EQ(run({kQuery, "--db", dir / "db", "--count", "aqueduc"}).out, "0\n");
}

// Issue #16.12: a stub's "remote" line runs a command, so whoever may write
// the stub runs commands as whoever searches.
TEST(HostileInputTest, AStubWritableByGroupOrOthersIsRefused) {
  TempDir dir;
  write_file(dir.path() / "archive" / "a.txt", "Titre\n\nUn viaduc.\n");
  ASSERT_EQ(run({kIndex, "--db", dir / "db", dir / "archive"}).exit_code, 0);
  const std::string stub = dir / "db/XAPIANDB";
  ASSERT_EQ(::chmod(stub.c_str(), 0664), 0);
  const RunResult refused =
      run({kQuery, "--db", dir / "db", "viaduc"}, "", {"LC_MESSAGES=C"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_EQ(refused.err, "kiosque-query: refusing database " + dir / "db" +
                             ": its stub " + stub +
                             " is writable by group or others, and a 'remote' line "
                             "in a stub runs a command (chmod go-w it)\n");
  ASSERT_EQ(::chmod(stub.c_str(), 0644), 0);
  EXPECT_EQ(run({kQuery, "--db", dir / "db", "viaduc"}).exit_code, 0);
}

}  // namespace
}  // namespace kiosque::testing
