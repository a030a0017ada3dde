// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: a replica kept current by ops/kiosque-replicate (Xapian's
// xapian-replicate-server and xapian-replicate) on loopback, searched by
// kiosque-query through ordinary runs, a compaction and a long-lived reader.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "e2e_helpers.h"

extern char** environ;

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kReplicate = KIOSQUE_REPLICATE_SCRIPT;

// `kiosque-replicate serve` on loopback for the test's lifetime, in a process
// group of its own; the group (the server and the children serving
// connections) is stopped and reaped when it goes, so no process is left.
class ReplicationServer {
 public:
  ReplicationServer(const std::string& db, const std::string& log_dir)
      : port_(free_port()) {
    pid_ = start({kReplicate, "serve", "--db", db, "--port", std::to_string(port_)},
                 log_dir + "/serve-" + std::to_string(port_) + ".out",
                 log_dir + "/serve-" + std::to_string(port_) + ".err");
    for (int i = 0; i < 200 && !accepts(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  ~ReplicationServer() {
    ::kill(-pid_, SIGTERM);
    wait_exit(pid_);
    // Connection children die with the group; give them a moment to go.
    for (int i = 0; i < 200 && ::kill(-pid_, 0) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(::kill(-pid_, 0), -1) << "a replication server process survived";
  }
  ReplicationServer(const ReplicationServer&) = delete;
  ReplicationServer& operator=(const ReplicationServer&) = delete;
  int port() const { return port_; }

 private:
  int port_;
  int pid_;
};

// A kiosque-query --batch kept running: queries are written to its stdin one
// at a time and each answer is read up to its summary object.
class BatchReader {
 public:
  explicit BatchReader(const std::string& db) {
    int in_pipe[2], out_pipe[2];
    if (::pipe(in_pipe) || ::pipe(out_pipe)) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) {
      posix_spawn_file_actions_addclose(&actions, fd);
    }
    std::vector<std::string> argv = {kQuery,          "--db",    db,  "--batch",
                                     "--no-collapse", "--limit", "50"};
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    if (rc != 0) throw std::runtime_error("cannot run " + kQuery);
    to_ = in_pipe[1];
    from_ = out_pipe[0];
  }
  ~BatchReader() { finish(); }
  BatchReader(const BatchReader&) = delete;
  BatchReader& operator=(const BatchReader&) = delete;

  // The JSON Lines answering `query`, up to and with its summary ("" if the
  // reader ended first).
  std::string ask(const std::string& query) {
    const std::string line = query + "\n";
    if (::write(to_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
      return "";
    std::string answer;
    while (answer.find("\"type\":\"summary\"") == std::string::npos ||
           answer.back() != '\n') {
      pollfd ready = {from_, POLLIN, 0};
      if (::poll(&ready, 1, 30000) <= 0)
        break;  // a hung reader fails, not hangs, the test
      char buf[4096];
      const ssize_t got = ::read(from_, buf, sizeof buf);
      if (got <= 0) break;
      answer.append(buf, static_cast<std::size_t>(got));
    }
    return answer;
  }

  // Closes its stdin and returns its exit status.
  int finish() {
    if (pid_ < 0) return status_;
    ::close(to_);
    ::close(from_);
    status_ = wait_exit(pid_);
    pid_ = -1;
    return status_;
  }

 private:
  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
  int status_ = -1;
};

// An article file of the archive, in the title-line shape.
void write_article(const std::filesystem::path& archive, const std::string& name,
                   const std::string& title, const std::string& text) {
  write_file(archive / name, title + "\n\n" + text + "\n");
}

// The "Update complete" counts kiosque-replicate --verbose reported for
// database `name` ("0 copies, 1 changesets"), or "" when it reported none.
std::string shipped(const std::string& err, const std::string& name) {
  const std::regex line("kiosque-replicate: " + name +
                        ": ([0-9]+ copies, [0-9]+ changesets)");
  std::smatch m;
  return std::regex_search(err, m, line) ? m[1].str() : "";
}

class ReplicationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 12; ++i) {
      write_article(
          archive(), "a" + std::to_string(i) + ".txt", "Kermesse " + std::to_string(i),
          "La kermesse numéro " + std::to_string(i) + " du village d'Aurillac.");
    }
  }
  std::filesystem::path archive() const { return dir_.path() / "archive"; }
  std::string master() const { return dir_ / "master"; }
  std::string replica() const { return dir_ / "replica"; }

  RunResult index(const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args = {kIndex, "--db", master(), "--changesets", "10"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(archive().string());
    return run(args);
  }
  RunResult compact() const { return run({kIndex, "--db", master(), "--compact"}); }
  RunResult pull(int port) const {
    // --reader-time 0: nobody needs time to close readers between two
    // changesets here, and the test should not sleep.
    return run({kReplicate, "pull", "--host", "127.0.0.1", "--port", std::to_string(port),
                "--replica", replica(), "--once", "--verbose", "--reader-time", "0"});
  }
  static std::string count(const std::string& db, const std::string& query) {
    return run({kQuery, "--db", db, "--count", query}).out;
  }
  static std::vector<std::string> ids(const std::string& db, const std::string& query) {
    const RunResult r =
        run({kQuery, "--db", db, "--json", "--no-collapse", "--limit", "50", query});
    EXPECT_LE(r.exit_code, 1) << r.err;
    return hit_ids(r.out);
  }

  TempDir dir_;
};

TEST_F(ReplicationTest, AReplicaFollowsRunsAndACompaction) {
  ASSERT_EQ(index().exit_code, 0);
  ReplicationServer server(master(), dir_.path().string());
  ASSERT_TRUE(accepts(server.port()));

  RunResult first = pull(server.port());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(shipped(first.err, "live"), "1 copies, 0 changesets");
  EXPECT_EQ(read_file(replica() + "/XAPIANDB"),
            "# kiosque replica of 127.0.0.1:" + std::to_string(server.port()) +
                ", written by kiosque-replicate\nauto live\n");
  EXPECT_EQ(count(replica(), "kermesse"), "12\n");
  EXPECT_EQ(ids(replica(), "kermesse"), ids(master(), "kermesse"));

  // A nightly run adds an article: the replica gets it as a changeset.
  write_article(archive(), "b.txt", "Le funiculaire",
                "Le funiculaire d'Aurillac rouvre.");
  ASSERT_EQ(index().exit_code, 0);
  EXPECT_EQ(count(replica(), "funiculaire"), "0\n");
  const RunResult second = pull(server.port());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(std::regex_match(shipped(second.err, "live"),
                               std::regex("0 copies, [1-9][0-9]* changesets")))
      << second.err;
  EXPECT_EQ(ids(replica(), "funiculaire"), (std::vector<std::string>{"archive/b.txt"}));
  EXPECT_EQ(count(replica(), "Aurillac"), "13\n");

  // A compaction is a new database: copied whole, and the replica answers
  // as before.
  ASSERT_EQ(compact().exit_code, 0);
  const RunResult third = pull(server.port());
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(shipped(third.err, "live"), "1 copies, 0 changesets");
  EXPECT_EQ(count(replica(), "Aurillac"), "13\n");
  EXPECT_EQ(ids(replica(), "kermesse"), ids(master(), "kermesse"));
}

TEST_F(ReplicationTest, ALongLivedReaderAnswersAcrossAReplicaSwitch) {
  ASSERT_EQ(index().exit_code, 0);
  ReplicationServer server(master(), dir_.path().string());
  ASSERT_EQ(pull(server.port()).exit_code, 0);

  BatchReader reader(replica());
  EXPECT_EQ(hit_ids(reader.ask("kermesse")).size(), 12u);
  const std::string before = read_file(replica() + "/live/XAPIANDB");
  // A new article, then a compaction: the next pull replaces the replica's
  // database folder under the open reader.
  write_article(archive(), "b.txt", "Le téléphérique",
                "Le téléphérique d'Aurillac rouvre.");
  ASSERT_EQ(index().exit_code, 0);
  ASSERT_EQ(compact().exit_code, 0);
  const RunResult r = pull(server.port());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(shipped(r.err, "live"), "1 copies, 0 changesets");
  // xapian-replicate switched its stub to a new folder and removed the one
  // the reader has open.
  const std::string after = read_file(replica() + "/live/XAPIANDB");
  ASSERT_NE(after, before);
  const std::string old_folder = before.substr(before.rfind("auto ") + 5);
  EXPECT_FALSE(std::filesystem::exists(replica() + "/live/" +
                                       old_folder.substr(0, old_folder.find('\n'))));
  EXPECT_EQ(hit_ids(reader.ask("téléphérique")),
            (std::vector<std::string>{"archive/b.txt"}));
  EXPECT_EQ(hit_ids(reader.ask("kermesse")).size(), 12u);
  EXPECT_EQ(reader.finish(), 0);
}

TEST_F(ReplicationTest, AShardedMasterIsReplicatedShardByShard) {
  ASSERT_EQ(index({"--shards", "2"}).exit_code, 0);
  ReplicationServer server(master(), dir_.path().string());
  const RunResult first = pull(server.port());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  for (const char* name : {"live-meta", "live-s0", "live-s1"}) {
    EXPECT_EQ(shipped(first.err, name), "1 copies, 0 changesets") << name;
  }
  EXPECT_EQ(
      read_file(replica() + "/XAPIANDB"),
      "# kiosque replica of 127.0.0.1:" + std::to_string(server.port()) +
          ", written by kiosque-replicate\nauto live-meta\nauto live-s0\nauto live-s1\n");
  EXPECT_FALSE(std::filesystem::exists(replica() + "/live"));  // probed, not kept
  EXPECT_EQ(count(replica(), "kermesse"), "12\n");
  EXPECT_EQ(ids(replica(), "kermesse"), ids(master(), "kermesse"));

  write_article(archive(), "b.txt", "Le funiculaire",
                "Le funiculaire d'Aurillac rouvre.");
  ASSERT_EQ(index().exit_code, 0);
  const RunResult second = pull(server.port());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(shipped(second.err, "live-meta").rfind("0 copies", 0), 0u) << second.err;
  EXPECT_EQ(ids(replica(), "funiculaire"), (std::vector<std::string>{"archive/b.txt"}));
  EXPECT_EQ(count(replica(), "Aurillac"), "13\n");
}

TEST(ReplicationErrorsTest, AnUnreachableMasterIsAClearError) {
  TempDir dir;
  const int port = free_port();
  const RunResult r = run({kReplicate, "pull", "--host", "127.0.0.1", "--port",
                           std::to_string(port), "--replica", dir / "replica", "--once"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "kiosque-replicate: live from 127.0.0.1:" + std::to_string(port) +
                       ": NetworkError: Couldn't connect (Connection refused)\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "replica/XAPIANDB"));
}

TEST(ReplicationErrorsTest, BadOptionsExitTwo) {
  TempDir dir;
  EXPECT_EQ(run({kReplicate, "serve", "--port", "7010"}).err,
            "kiosque-replicate: serve: --db is required\n");
  const RunResult no_db =
      run({kReplicate, "serve", "--db", dir / "none", "--port", "7010"});
  EXPECT_EQ(no_db.exit_code, 2);
  EXPECT_EQ(no_db.err, "kiosque-replicate: no kiosque database at " + (dir / "none") +
                           " (no XAPIANDB)\n");
  const RunResult port =
      run({kReplicate, "pull", "--host", "h", "--port", "99999", "--replica", dir / "r"});
  EXPECT_EQ(port.exit_code, 2);
  EXPECT_EQ(port.err, "kiosque-replicate: --port: '99999' is not a port number\n");
  EXPECT_EQ(run({kReplicate, "push"}).exit_code, 2);
  const RunResult help = run({kReplicate, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("no authentication and no\n  encryption"), std::string::npos)
      << help.out;
}

// Issue #16.11: ports are decimal numbers in range. Bash arithmetic read
// "070000" as octal 28672 and let it through (failed first), and choked on
// "08080".
TEST(ReplicateOptionsTest, APortIsADecimalNumberInRange) {
  TempDir dir;
  const std::vector<std::string> bad_ports = {
      "070000", "99999", "0",   "65536",
      "8x",     "-1",    "1e3", "a[$(touch " + (dir / "pwned") + ")]"};
  for (const std::string& port : bad_ports) {
    const RunResult r = run({kReplicate, "serve", "--db", dir / "db", "--port", port});
    EXPECT_EQ(r.exit_code, 2) << port;
    EXPECT_EQ(r.err, "kiosque-replicate: --port: '" + port + "' is not a port number\n");
  }
  // A leading zero is decimal: the port is accepted, the missing database
  // is the next problem.
  const RunResult r = run({kReplicate, "serve", "--db", dir / "db", "--port", "08080"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "kiosque-replicate: no kiosque database at " + (dir / "db") +
                       " (no XAPIANDB)\n");
  // The same for the other numbers: "09" seconds is nine.
  const RunResult interval = run({kReplicate, "pull", "--host", "127.0.0.1", "--port",
                                  std::to_string(free_port()), "--replica", dir / "r",
                                  "--interval", "09", "--reader-time", "010"});
  EXPECT_EQ(interval.exit_code, 2);
  EXPECT_EQ(interval.err.find("value too great"), std::string::npos) << interval.err;
  EXPECT_EQ(interval.err.find("is not a number"), std::string::npos) << interval.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "pwned"));
}

}  // namespace
}  // namespace kiosque::testing
