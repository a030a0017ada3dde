// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: the nightly job and saved-search alerts as cron runs them, on a
// temporary archive that changes from one day to the next.
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kNightly = KIOSQUE_NIGHTLY_SCRIPT;
const std::string kAlerts = KIOSQUE_ALERTS_SCRIPT;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos;
       start = nl + 1) {
    lines.push_back(text.substr(start, nl - start));
  }
  return lines;
}

class OperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = std::filesystem::path(kIndex).parent_path().string() + ":" +
                             std::filesystem::path(kQuery).parent_path().string() + ":" +
                             std::getenv("PATH");
    env_ = {"PATH=" + path, "KIOSQUE_CONF=" + (dir_ / "kiosque.conf")};
    write_file(dir_.path() / "kiosque.conf",
               "# test configuration\n"
               "db = " +
                   (dir_ / "db") +
                   "\n"
                   "archive = " +
                   (dir_ / "archive") +
                   "\n"
                   "archive = " +
                   (dir_ / "agence") +
                   " | Agence Presse Sud\n"
                   "log = " +
                   (dir_ / "log/nightly.log") +
                   "\n"
                   "compact_every_days = 0\n"
                   "alerts = " +
                   (dir_ / "alerts.txt") + "\n");
    write_file(
        dir_.path() / "archive/2024/05/02/funiculaire.txt",
        "Le funiculaire rouvre\n\nLe funiculaire du Mont-Rouge rouvre ce matin.\n");
    write_file(dir_.path() / "archive/kermesse.txt",
               "La kermesse\n\nUne kermesse au village pour l'école.\n");
    write_file(dir_.path() / "agence/depeche.txt",
               "Grêle sur le vignoble\n\nLa grêle a frappé le vignoble du Beaujolais.\n");
  }
  RunResult nightly() { return run({kNightly}, "", env_); }
  RunResult alerts(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {kAlerts};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args, "", env_);
  }
  std::vector<std::string> ids(const std::string& q) {
    return hit_ids(run({kQuery, "--db", dir_ / "db", "--json", "--limit", "50", q}).out);
  }
  TempDir dir_;
  std::vector<std::string> env_;
};

TEST_F(OperationsTest, DayOneIndexesDayTwoAddsAndRemovesAndOnlyTheLogHearsOfIt) {
  RunResult r = nightly();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(ids("funiculaire"),
            (std::vector<std::string>{"archive/2024/05/02/funiculaire.txt"}));
  // The source given to the agency's folder in the configuration.
  const std::vector<nlohmann::json> lines =
      json_lines(run({kQuery, "--db", dir_ / "db", "--json", "vignoble"}).out);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("source"), "Agence Presse Sud");

  // Day 2: one article added, one removed.
  write_file(dir_.path() / "archive/2024/05/03/bibliobus.txt",
             "Le bibliobus\n\nLe bibliobus passe dans les villages.\n");
  std::filesystem::remove(dir_.path() / "archive/kermesse.txt");
  r = nightly();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(ids("bibliobus"),
            (std::vector<std::string>{"archive/2024/05/03/bibliobus.txt"}));
  EXPECT_EQ(ids("kermesse"), (std::vector<std::string>{}));

  const std::vector<std::string> log =
      lines_of(read_file(dir_.path() / "log/nightly.log"));
  ASSERT_EQ(log.size(), 2u);
  EXPECT_NE(
      log[0].find(" index exit 0: 3 added, 0 updated, 0 deleted, 0 unchanged, 0 failed"),
      std::string::npos)
      << log[0];
  EXPECT_NE(
      log[1].find(" index exit 0: 1 added, 0 updated, 1 deleted, 2 unchanged, 0 failed"),
      std::string::npos)
      << log[1];
}

TEST_F(OperationsTest, ProblemsArePrintedForCronToMailAndTheExitCodeIsPassedOn) {
  write_file(dir_.path() / "archive/bad.jsonl",
             "{\"id\": \"x\", \"text\": \"Bon.\"}\n{oops\n");
  const RunResult r = nightly();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind((dir_.path() / "archive/bad.jsonl").string() +
                            ":2: error: line is not valid JSON",
                        0),
            0u)
      << r.err;
  EXPECT_EQ(r.err.find("added"), std::string::npos)
      << r.err;  // the summary goes to the log
}

TEST_F(OperationsTest, ASecondNightlyDuringARunSaysAlreadyRunningAndExitsZero) {
  ASSERT_EQ(nightly().exit_code, 0);
  // Another run holds the nightly lock for a while.
  const int holder = start({"/usr/bin/flock", dir_ / "db.nightly.lock", "sleep", "3"},
                           dir_ / "holder.out", dir_ / "holder.err");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const RunResult second = nightly();
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_EQ(second.out, "");
  EXPECT_EQ(second.err, "");  // stderr is no terminal here: the log says it
  const std::vector<std::string> log =
      lines_of(read_file(dir_.path() / "log/nightly.log"));
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].substr(log[1].size() - 16), " already running");
  wait_exit(holder);
}

TEST_F(OperationsTest, CompactionDuringAStreamOfQueriesLosesNoneOfThem) {
  ASSERT_EQ(nightly().exit_code, 0);
  std::atomic<bool> done{false};
  std::atomic<int> queries{0}, failures{0};
  std::string failure;
  std::thread searcher([&] {
    while (!done || queries < 20) {
      const RunResult q = run({kQuery, "--db", dir_ / "db", "--count", "funiculaire"});
      ++queries;
      if (q.exit_code != 0 || q.out != "1\n") {
        if (failures++ == 0) failure = q.out + q.err;
      }
    }
  });
  for (int i = 0; i < 5; ++i) {
    const RunResult c = run({kIndex, "--db", dir_ / "db", "--compact"});
    EXPECT_EQ(c.exit_code, 0) << c.err;
  }
  done = true;
  searcher.join();
  EXPECT_GE(queries, 20);
  EXPECT_EQ(failures, 0) << failure;
}

TEST_F(OperationsTest, AlertsPrintOnlyWhatIsNewThenNothing) {
  write_file(dir_.path() / "alerts.txt",
             "# saved searches\n"
             "transports: funiculaire OU bibliobus\n"
             "vignes: titre:vignoble\n");
  ASSERT_EQ(nightly().exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  RunResult r = alerts();  // the first run only records the time
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));

  write_file(dir_.path() / "archive/2024/05/03/bibliobus.txt",
             "Le bibliobus\n\nLe bibliobus passe dans les villages.\n");
  write_file(dir_.path() / "agence/vignoble-gel.txt",
             "Gel sur le vignoble\n\nLe gel menace le vignoble.\n");
  ASSERT_EQ(nightly().exit_code, 0);
  r = alerts();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  char today[16];
  const std::time_t now = std::time(nullptr);
  std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&now));
  EXPECT_EQ(r.out, std::string("== transports : 1 nouvel(s) article(s)\n"
                               "  2024-05-03 · Le bibliobus\n"
                               "    Le *bibliobus* passe dans les villages.\n"
                               "    2024/05/03/bibliobus.txt\n"
                               "\n"
                               "== vignes : 1 nouvel(s) article(s)\n"
                               "  ") +
                       today +
                       " · Agence Presse Sud · Gel sur le vignoble\n"
                       "    Le gel menace le *vignoble*.\n"
                       "    vignoble-gel.txt\n"
                       "\n");
  EXPECT_EQ(r.out.find("funiculaire"), std::string::npos) << r.out;  // not new

  r = alerts();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(OperationsTest, AlertsInJsonTagEachHitWithItsSavedSearch) {
  write_file(dir_.path() / "alerts.txt", "transports: bibliobus\n");
  ASSERT_EQ(nightly().exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_EQ(alerts().exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  write_file(dir_.path() / "archive/bibliobus.txt",
             "Le bibliobus\n\nLe bibliobus passe.\n");
  ASSERT_EQ(nightly().exit_code, 0);
  const RunResult r = alerts({"--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<nlohmann::json> hits = json_lines(r.out);
  ASSERT_EQ(hits.size(), 1u) << r.out;
  EXPECT_EQ(hits[0].at("alert"), "transports");
  EXPECT_EQ(hits[0].at("id"), "archive/bibliobus.txt");
}

// Issue #17 done-when: the first night of a new database logs one line. It
// only starts the compaction clock; a database just built has nothing to
// compact (failed first: a second "compacted ..." line).
TEST_F(OperationsTest, TheFirstNightLogsOneLineAndStartsTheCompactionClock) {
  write_file(dir_.path() / "kiosque.conf",
             "db = " + (dir_ / "db") + "\narchive = " + (dir_ / "archive") +
                 "\nlog = " + (dir_ / "log/nightly.log") + "\ncompact_every_days = 1\n");
  const RunResult r = nightly();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::vector<std::string> log =
      lines_of(read_file(dir_.path() / "log/nightly.log"));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find(" index exit 0: 2 added, "), std::string::npos) << log[0];
  const std::string state = read_file(dir_.path() / "db.nightly.compacted");
  EXPECT_FALSE(state.empty());
  EXPECT_EQ(state.find_first_not_of("0123456789\n"), std::string::npos) << state;
}

// Issue #16.11: the state file is data. Bash arithmetic on "a[$(cmd)]"
// runs cmd (failed first: the file "pwned" was made).
TEST_F(OperationsTest, AHostileStateFileRunsNothing) {
  write_file(dir_.path() / "kiosque.conf", "db = " + (dir_ / "db") +
                                               "\narchive = " + (dir_ / "archive") +
                                               "\ncompact_every_days = 1\n");
  write_file(dir_.path() / "db.nightly.compacted",
             "PATH[$(touch " + (dir_ / "pwned") + ")]\n");
  const RunResult r = nightly();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "pwned"));
  EXPECT_EQ(r.err, "kiosque-nightly: warning: " + (dir_ / "db.nightly.compacted") +
                       " does not hold a time: compacting now\n");
  // The compaction ran and wrote a time the next run reads.
  const std::string state = read_file(dir_.path() / "db.nightly.compacted");
  EXPECT_EQ(state.find_first_not_of("0123456789\n"), std::string::npos) << state;
  EXPECT_EQ(nightly().err, "");
}

// '#' and '=' inside values are data (failed first: the path was cut at '#').
TEST_F(OperationsTest, HashAndEqualsInsideValuesAreData) {
  write_file(dir_.path() / "presse#2=b/tram.txt",
             "Le tramway\n\nLe tramway arrive en ville.\n");
  write_file(dir_.path() / "kiosque.conf",
             "db = " + (dir_ / "db") + "  # the database\narchive = " +
                 (dir_ / "presse#2=b") + " | Agence=Sud # its source\n");
  const RunResult r = nightly();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<nlohmann::json> lines =
      json_lines(run({kQuery, "--db", dir_ / "db", "--json", "tramway"}).out);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("id"), "presse-2-b/tram.txt");
  EXPECT_EQ(lines[0].at("source"), "Agence=Sud");
}

// A value beginning with '-' never becomes an option (failed first: "-h"
// made kiosque-index print its help, and the night "succeeded").
TEST_F(OperationsTest, AValueBeginningWithADashIsAnErrorNamingTheLine) {
  write_file(dir_.path() / "kiosque.conf", "db = " + (dir_ / "db") + "\narchive = -h\n");
  const RunResult r = nightly();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "kiosque-nightly: " + (dir_ / "kiosque.conf") +
                       ":2: error: archive must be an absolute path, not '-h'\n");
}

// Issue #17.1 and #17.2: a missing configuration is named as missing.
TEST_F(OperationsTest, AMissingConfigurationIsNamedAsMissing) {
  env_[1] = "KIOSQUE_CONF=" + (dir_ / "none.conf");
  RunResult r = nightly();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "kiosque-nightly: " + (dir_ / "none.conf") +
                       ": error: no such configuration file\n");
  r = alerts();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "kiosque-alerts: " + (dir_ / "none.conf") +
                       ": error: no such configuration file\n");
}

// Issue #17.3: a log that cannot be written is said once, and the night goes
// on (failed first: mkdir's message twice and exit 1).
TEST_F(OperationsTest, ALogThatCannotBeWrittenIsSaidOnceAndTheRunGoesOn) {
  write_file(dir_.path() / "not-a-folder", "");
  write_file(dir_.path() / "kiosque.conf",
             "db = " + (dir_ / "db") + "\narchive = " + (dir_ / "archive") + "\nlog = " +
                 (dir_ / "not-a-folder/nightly.log") + "\ncompact_every_days = 1\n");
  const RunResult r = nightly();
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "kiosque-nightly: warning: cannot write the log " +
                       (dir_ / "not-a-folder/nightly.log") + ": going on without it\n");
  EXPECT_EQ(ids("funiculaire"),
            (std::vector<std::string>{"archive/2024/05/02/funiculaire.txt"}));
}

// Issue #17.3 and #17.6: after an analyzer change the log says why the
// night failed (failed first: "index exit 2:  (run 0 s)"), and
// kiosque-nightly --rebuild rebuilds from the configured archives while a
// search holds the old database open.
TEST_F(OperationsTest, AFailureIsLoggedWithItsReasonAndRebuildMendsIt) {
  ASSERT_EQ(nightly().exit_code, 0);
  {
    Xapian::WritableDatabase db(dir_ / "db", Xapian::DB_OPEN);
    db.set_metadata("kiosque.analyzer", "kiosque-fr-0");
    db.commit();
  }
  const RunResult failed = nightly();
  EXPECT_EQ(failed.exit_code, 2);
  std::vector<std::string> log = lines_of(read_file(dir_.path() / "log/nightly.log"));
  ASSERT_EQ(log.size(), 2u);
  const std::string reason = " index exit 2: database " + (dir_ / "db") +
                             " was built by analyzer kiosque-fr-0, this is ";
  EXPECT_NE(log[1].find(reason), std::string::npos) << log[1];
  EXPECT_NE(log[1].find("kiosque-nightly --rebuild"), std::string::npos) << log[1];

  Xapian::Database reader(dir_ / "db");
  const RunResult rebuilt = run({kNightly, "--rebuild"}, "", env_);
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(rebuilt.err, "");
  EXPECT_EQ(reader.get_doccount(), 3u);  // the old view, still readable
  log = lines_of(read_file(dir_.path() / "log/nightly.log"));
  ASSERT_EQ(log.size(), 3u);
  EXPECT_NE(log[2].find(
                " rebuild exit 0: 3 added, 0 updated, 0 deleted, 0 unchanged, 0 failed"),
            std::string::npos)
      << log[2];
  EXPECT_EQ(ids("vignoble"), (std::vector<std::string>{"agence/depeche.txt"}));
  EXPECT_EQ(nightly().exit_code, 0);
}

TEST_F(OperationsTest, AlertsFollowTheSearchesOrderWithSnippetsACapAndLineNumbers) {
  write_file(dir_.path() / "alerts.txt",
             "# saved searches\n"
             "zeta: vignoble\n"
             "\n"
             "alpha: village OU matin\n"
             "casse: (grêle OU\n");
  ASSERT_EQ(nightly().exit_code, 0);
  ASSERT_EQ(alerts().exit_code, 0);  // the first run records the sequence
  write_file(dir_.path() / "archive/2024/05/03/bibliobus.txt",
             "Le bibliobus\n\nLe bibliobus passe au village.\n");
  write_file(dir_.path() / "archive/2024/05/04/foire.txt",
             "La foire\n\nLa foire du village ouvre ce matin.\n");
  write_file(dir_.path() / "agence/2024/05/04/gel.txt",
             "Gel sur le vignoble\n\nLe gel menace le vignoble.\n");
  ASSERT_EQ(nightly().exit_code, 0);
  const std::string state = read_file(dir_.path() / "alerts.txt.last-run");
  std::vector<std::string> env = env_;
  env.push_back("LANG=fr_FR.UTF-8");
  const RunResult r = run({kAlerts, "--limit", "1"}, "", env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The broken search by its file and line (the fifth), not stdin's.
  EXPECT_EQ(r.err, "kiosque-alerts: " + (dir_ / "alerts.txt") +
                       ":5: warning: une '(' n'est pas fermée : recherche des mots de la "
                       "requête à la place\n");
  EXPECT_EQ(r.out,
            "== zeta : 1 nouvel(s) article(s)\n"
            "  2024-05-04 · Agence Presse Sud · Gel sur le vignoble\n"
            "    Le gel menace le *vignoble*.\n"
            "    2024/05/04/gel.txt\n"
            "\n"
            "== alpha : 2 nouvel(s) article(s)\n"
            "  2024-05-04 · La foire\n"
            "    La foire du *village* ouvre ce *matin*.\n"
            "    2024/05/04/foire.txt\n"
            "  … et 1 autre\n"
            "\n");

  // The same in JSON, from the same state.
  write_file(dir_.path() / "alerts.txt.last-run", state);
  const RunResult json = run({kAlerts, "--limit", "1", "--json"}, "", env);
  EXPECT_EQ(json.exit_code, 0) << json.err;
  std::vector<std::string> seen;
  for (const nlohmann::json& hit : json_lines(json.out)) {
    seen.push_back(hit.at("alert").get<std::string>() + " " +
                   std::to_string(hit.at("alert_line").get<int>()) + " " +
                   std::to_string(hit.at("alert_matches").get<int>()) + " " +
                   hit.at("marked_snippet").get<std::string>());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "zeta 2 1 Le gel menace le *vignoble*.",
                      "alpha 4 2 La foire du *village* ouvre ce *matin*."}));
  // In English, "and N more".
  write_file(dir_.path() / "alerts.txt.last-run", state);
  env.back() = "LANG=C.UTF-8";
  const RunResult english = run({kAlerts, "--limit", "1"}, "", env);
  EXPECT_NE(english.out.find("\n  … and 1 more\n"), std::string::npos) << english.out;
}

TEST_F(OperationsTest, AlertsFromATimeStateGoOnWithTheSequence) {
  write_file(dir_.path() / "alerts.txt", "transports: bibliobus\n");
  ASSERT_EQ(nightly().exit_code, 0);
  // A state written by kiosque-alerts before sequences: a time.
  write_file(dir_.path() / "alerts.txt.last-run", "1764100800.5\n");
  write_file(dir_.path() / "archive/bibliobus.txt",
             "Le bibliobus\n\nLe bibliobus passe.\n");
  ASSERT_EQ(nightly().exit_code, 0);
  RunResult r = alerts({"--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(hit_ids(r.out), (std::vector<std::string>{"archive/bibliobus.txt"}));
  EXPECT_EQ(read_file(dir_.path() / "alerts.txt.last-run"), "sequence=2\n");
  r = alerts({"--json"});
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace kiosque::testing
