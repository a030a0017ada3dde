// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: a sharded database built by kiosque-index, searched locally as
// one, through two xapian-tcpsrv servers on loopback, and kept up to date.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kSample = KIOSQUE_SAMPLE_CORPUS;

// A xapian-tcpsrv on loopback for the test's lifetime; stopped and reaped
// when it goes, so that no process is left behind.
class TcpServer {
 public:
  TcpServer(const std::string& database, const std::string& log_dir)
      : port_(free_port()) {
    pid_ = start({"/usr/bin/xapian-tcpsrv", "--interface", "127.0.0.1", "--port",
                  std::to_string(port_), "--quiet", database},
                 log_dir + "/tcpsrv-" + std::to_string(port_) + ".out",
                 log_dir + "/tcpsrv-" + std::to_string(port_) + ".err");
    for (int i = 0; i < 200 && !accepts(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  ~TcpServer() {
    ::kill(-pid_, SIGTERM);  // the server and the children serving connections
    wait_exit(pid_);
  }
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int port_;
  int pid_;
};

// Hits as (score, id), with ties put in id order: equal scores may come in
// either order from one database and from shards.
std::vector<std::pair<long long, std::string>> ranked(const std::string& json_out) {
  std::vector<std::pair<long long, std::string>> hits;
  for (const auto& o : json_lines(json_out)) {
    if (o.value("type", "") != "hit") continue;
    hits.emplace_back(std::llround(-o.at("score").get<double>() * 1e6),
                      o.at("id").get<std::string>());
  }
  std::stable_sort(hits.begin(), hits.end());
  return hits;
}

std::string read_stub(const std::filesystem::path& dir) {
  return read_file(dir / "XAPIANDB");
}

const std::vector<std::string> kQueries = {
    "Syrie", "cessez-le-feu", "desescalade Idleb", "\"la Syrie\"", "école OU collège",
    "élections municipales", "1800", "funiculaire", "coeur", "Turquie SAUF Russie",
    // Two words of one headline: the title-pair boost's posting source.
    "Moscou Ankara"};

class ShardsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    single_ = *dir_ / "single";
    sharded_ = *dir_ / "sharded";
    ASSERT_EQ(run({kIndex, "--db", single_, kSample}).exit_code, 0);
    const RunResult r = run({kIndex, "--db", sharded_, "--shards", "2", kSample});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string json(const std::vector<std::string>& db_args, const std::string& q) {
    std::vector<std::string> args = {kQuery, "--json", "--limit", "50", "--no-collapse"};
    args.insert(args.end(), db_args.begin(), db_args.end());
    args.push_back("--");
    args.push_back(q);
    const RunResult r = run(args);
    EXPECT_LE(r.exit_code, 1) << q << ": " << r.err;
    return r.out;
  }
  static TempDir* dir_;
  static std::string single_, sharded_;
};
TempDir* ShardsTest::dir_ = nullptr;
std::string ShardsTest::single_;
std::string ShardsTest::sharded_;

TEST_F(ShardsTest, TheStubListsAMetadataShardThenTheArticleShards) {
  EXPECT_EQ(read_stub(sharded_),
            "# kiosque database: the live generation(s), see docs/architecture.md\n"
            "auto meta-g000001\nauto s0-g000001\nauto s1-g000001\n");
  const Xapian::doccount s0 = Xapian::Database(sharded_ + "/s0-g000001").get_doccount();
  const Xapian::doccount s1 = Xapian::Database(sharded_ + "/s1-g000001").get_doccount();
  EXPECT_GT(s0, 0u);
  EXPECT_GT(s1, 0u);
  EXPECT_EQ(s0 + s1, Xapian::Database(single_).get_doccount());
}

TEST_F(ShardsTest, ShardsSearchedAsOneRankLikeOneDatabase) {
  for (const std::string& q : kQueries) {
    const auto one = ranked(json({"--db", single_}, q));
    EXPECT_FALSE(one.empty()) << q;
    EXPECT_EQ(ranked(json({"--db", sharded_}, q)), one) << q;
  }
}

TEST_F(ShardsTest, TwoTcpServersEachServingAShardAnswerLikeOneLocalDatabase) {
  TcpServer s0(sharded_ + "/s0-g000001", dir_->path().string());
  TcpServer s1(sharded_ + "/s1-g000001", dir_->path().string());
  ASSERT_TRUE(accepts(s0.port()) && accepts(s1.port()));
  // Through a stub naming the two servers...
  write_file(dir_->path() / "remote/XAPIANDB",
             "remote " + s0.address() + "\nremote " + s1.address() + "\n");
  // ...and through --db tcp:// given twice.
  const std::vector<std::string> tcp = {"--db", "tcp://" + s0.address(), "--db",
                                        "tcp://" + s1.address()};
  for (const std::string& q : kQueries) {
    const auto one = ranked(json({"--db", single_}, q));
    EXPECT_EQ(ranked(json({"--db", *dir_ / "remote"}, q)), one) << q;
    EXPECT_EQ(ranked(json(tcp, q)), one) << q;
  }
  // What the remote backend cannot do is said, never silently dropped.
  std::vector<std::string> args = {kQuery, "--json"};
  args.insert(args.end(), tcp.begin(), tcp.end());
  args.push_back("funiculère");
  const RunResult r = run(args, "", {"LC_ALL=C"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "kiosque-query: note: no did-you-mean: Xapian's remote backend has no "
            "spelling data\n");
  // ...and in the summary, for a program that reads only --json (issue #16;
  // failed first: the array was empty).
  const std::vector<nlohmann::json> objects = json_lines(r.out);
  ASSERT_FALSE(objects.empty());
  EXPECT_EQ(objects.back().at("warnings"),
            nlohmann::json({"no did-you-mean: Xapian's remote backend has no "
                            "spelling data"}));
  args.back() = "funicul*";
  const RunResult wild = run(args);
  EXPECT_EQ(json_lines(wild.out).back().at("warnings"),
            nlohmann::json({"wildcards match word stems here: Xapian's remote backend "
                            "has no word list"}))
      << wild.out;
}

TEST_F(ShardsTest, ProgsrvStubLinesServeShardsAsSshWould) {
  // "remote :PROGRAM ARGS" is how a stub reaches xapian-progsrv through ssh;
  // run here without ssh.
  write_file(dir_->path() / "progsrv/XAPIANDB", "remote :/usr/bin/xapian-progsrv " +
                                                    sharded_ +
                                                    "/s0-g000001\n"
                                                    "remote :/usr/bin/xapian-progsrv " +
                                                    sharded_ + "/s1-g000001\n");
  for (const std::string& q : {std::string("Syrie"), std::string("cessez-le-feu")}) {
    EXPECT_EQ(ranked(json({"--db", *dir_ / "progsrv"}, q)),
              ranked(json({"--db", single_}, q)))
        << q;
  }
}

TEST_F(ShardsTest, AnUnreachableServerIsAClearError) {
  const int port = free_port();
  const RunResult r =
      run({kQuery, "--db", "tcp://127.0.0.1:" + std::to_string(port), "Syrie"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(
      r.err.rfind("kiosque-query: impossible de joindre xapian-tcpsrv à 127.0.0.1:" +
                      std::to_string(port),
                  0),
      0u)
      << r.err;
}

// Every article id in exactly one shard.
void expect_each_article_once(const std::string& db, std::size_t expected) {
  std::multiset<std::string> ids;
  for (const char* shard : {"/s0-g000001", "/s1-g000001"}) {
    Xapian::Database part(db + shard);
    for (auto t = part.allterms_begin("Q"); t != part.allterms_end("Q"); ++t)
      ids.insert(*t);
  }
  EXPECT_EQ(ids.size(), expected);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST(ShardedIncrementalTest, AddChangeDeleteLeaveEveryArticleInExactlyOneShard) {
  TempDir dir;
  for (int i = 0; i < 20; ++i) {
    write_file(dir.path() / ("archive/a" + std::to_string(i) + ".txt"),
               "Titre " + std::to_string(i) + "\n\nLa kermesse numéro " +
                   std::to_string(i) + " du village.\n");
  }
  const auto index = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {kIndex, "--db", dir / "db", "--summary"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(dir / "archive");
    return run(args);
  };
  ASSERT_EQ(index({"--shards", "2"}).exit_code, 0);
  expect_each_article_once(dir / "db", 20);
  // Change five, delete five, add five: the shard count comes from the
  // database now.
  for (int i = 0; i < 5; ++i) {
    write_file(dir.path() / ("archive/a" + std::to_string(i) + ".txt"),
               "Titre " + std::to_string(i) + "\n\nLe bibliobus numéro " +
                   std::to_string(i) + ".\n");
    std::filesystem::remove(dir.path() / ("archive/a" + std::to_string(i + 5) + ".txt"));
    write_file(dir.path() / ("archive/b" + std::to_string(i) + ".txt"),
               "Titre b\n\nLe funiculaire numéro " + std::to_string(i) + ".\n");
  }
  const RunResult r = index({});
  EXPECT_NE(r.err.find("5 added, 5 updated, 5 deleted, 10 unchanged, 0 failed"),
            std::string::npos)
      << r.err;
  expect_each_article_once(dir / "db", 20);
  EXPECT_EQ(run({kQuery, "--db", dir / "db", "--count", "bibliobus"}).out, "5\n");
  EXPECT_EQ(run({kQuery, "--db", dir / "db", "--count", "kermesse"}).out, "10\n");
  // Another shard count needs a rebuild.
  const RunResult refused = index({"--shards", "3"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("has 2 shard(s); changing that needs --rebuild"),
            std::string::npos)
      << refused.err;
  ASSERT_EQ(index({"--shards", "3", "--rebuild"}).exit_code, 0);
  EXPECT_EQ(run({kQuery, "--db", dir / "db", "--count", "kermesse"}).out, "10\n");
  EXPECT_NE(read_stub(dir.path() / "db").find("auto s2-g000002\n"), std::string::npos);
}

// Shard names in a stub, in order ("meta", "y2019", "ynone"…).
std::vector<std::string> stub_shards(const std::filesystem::path& dir) {
  std::vector<std::string> shards;
  std::istringstream lines(read_stub(dir));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("auto ", 0) != 0) continue;
    shards.push_back(line.substr(5, line.find("-g") - 5));
  }
  return shards;
}

TEST(YearShardsTest, ShardsByYearRankLikeOneDatabaseAndFollowDateChanges) {
  TempDir dir;
  std::filesystem::copy(kSample, dir.path() / "archive",
                        std::filesystem::copy_options::recursive);
  ASSERT_EQ(run({kIndex, "--db", dir / "single", dir / "archive"}).exit_code, 0);
  const RunResult r =
      run({kIndex, "--db", dir / "years", "--shard-by", "year", dir / "archive"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> shards = stub_shards(dir.path() / "years");
  ASSERT_GE(shards.size(), 5u);
  EXPECT_EQ(shards[0], "meta");
  EXPECT_NE(std::find(shards.begin(), shards.end(), "y2020"), shards.end());
  EXPECT_NE(std::find(shards.begin(), shards.end(), "ynone"), shards.end());
  const auto ranked_in = [&](const std::string& db, const std::string& q) {
    return ranked(run({kQuery, "--db", dir / db, "--json", "--limit", "50",
                       "--no-collapse", "--", q})
                      .out);
  };
  for (const std::string& q : kQueries)
    EXPECT_EQ(ranked_in("years", q), ranked_in("single", q)) << q;

  // A corrected date moves the article to its year's shard: still once.
  const auto file = dir.path() / "archive/2020-03-06-moscou-ankara-accord-idleb.txt";
  std::string text = read_file(file);
  const std::size_t at = text.find("date: 2020-03-06");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 16, "date: 2016-03-06");
  write_file(file, text);
  const RunResult again =
      run({kIndex, "--db", dir / "years", "--summary", dir / "archive"});
  EXPECT_NE(again.err.find("0 added, 1 updated, 0 deleted"), std::string::npos)
      << again.err;
  const std::string id_term = "Qarchive/2020-03-06-moscou-ankara-accord-idleb.txt";
  int copies = 0;
  std::string where;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "years")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("y", 0) != 0 || !entry.is_directory()) continue;
    if (Xapian::Database(entry.path().string()).term_exists(id_term)) {
      ++copies;
      where = name.substr(0, name.find("-g"));
    }
  }
  EXPECT_EQ(copies, 1);
  EXPECT_EQ(where, "y2016");

  // Past years are compacted once; a second call finds nothing to do.
  const RunResult frozen =
      run({kIndex, "--db", dir / "years", "--compact-frozen", "--summary"});
  EXPECT_EQ(frozen.exit_code, 0) << frozen.err;
  const std::string stub_after = read_stub(dir.path() / "years");
  const RunResult twice =
      run({kIndex, "--db", dir / "years", "--compact-frozen", "--summary"});
  EXPECT_NE(twice.err.find(": 0.0 MB -> 0.0 MB"), std::string::npos) << twice.err;
  EXPECT_EQ(read_stub(dir.path() / "years"), stub_after);
  for (const std::string& q : kQueries) {
    EXPECT_EQ(run({kQuery, "--db", dir / "years", "--count", "--", q}).out,
              run({kQuery, "--db", dir / "single", "--count", "--", q}).out)
        << q;
  }
}

}  // namespace
}  // namespace kiosque::testing
