// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: the "hostile archive" of issue #16's done-when. Good articles
// beside every kind of bad file: kiosque-index indexes every good article,
// names every bad file, exits 1, leaves a database xapian-check finds clean,
// and stays under the indexer's memory budget for each bad file alone.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

namespace fs = std::filesystem;

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
// The indexer's memory budget (README, "Bounds").
constexpr long kBudgetKiB = 400 * 1024;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class HostileArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write("bons/crue.txt", "La crue\n\nLa crue du viaduc inquiète.\n");
    write("bons/page.html",
          "<html><head><title>Page</title></head><body><article><p>Le viaduc "
          "rouvre.</p></article></body></html>");
    write("bons/fil.jsonl", R"({"id":"1","title":"Fil","text":"Un viaduc neuf."})"
                            "\n");
    write("noms/une\nligne.txt", "Saut\n\nUn viaduc à la ligne.\n");
    write("noms/\xff\xfe-latin.txt", "Octets\n\nUn viaduc mal nommé.\n");
    std::string deep = "long";
    while (deep.size() < 300) deep += "/dossier-assez-long-pour-la-limite";
    write(deep + "/profond.txt", "Profond\n\nUn viaduc tout au fond.\n");
    // Bad files, one folder each, so that each can be measured alone.
    shell("head -c 700M /dev/zero | gzip -1 > " + path("bombe/bombe.txt.gz"));
    shell(
        "{ printf '{\"id\":\"l\",\"text\":\"'; head -c 200M /dev/zero | tr '\\0' m; "
        "printf '\"}\\n'; } > " +
        path("ligne/ligne.jsonl"));
    std::string html = "<html><body>";
    for (int i = 0; i < 100000; ++i) html += "<div>";
    write("profonde/page.html", html + "viaduc</body></html>");
    fs::create_directories(dir_.path() / "archive/fifo");
    EXPECT_EQ(::mkfifo(path("fifo/tube.txt").c_str(), 0600), 0);
    fs::create_directories(dir_.path() / "archive/liens");
    fs::create_symlink("boucle.txt", dir_.path() / "archive/liens/boucle.txt");
    fs::create_symlink("/dev/zero", dir_.path() / "archive/liens/zero.txt");
    write("illisible/secret.txt", "Secret\n\nUn viaduc caché.\n");
    ::chmod(path("illisible/secret.txt").c_str(), 0);
    write("nuls/nuls.txt", std::string(4096, '\0'));
    write("nombre/nombre.jsonl", R"({"id":"n","text":"viaduc","n":1e400})"
                                 "\n");
    shell("yes 'des mots simples et clairs' | head -c 8M | gzip -9 > " +
          path("mots/mots.txt.gz"));
  }
  void TearDown() override { ::chmod(path("illisible/secret.txt").c_str(), 0644); }

  void write(const std::string& relpath, const std::string& text) {
    write_file(dir_.path() / "archive" / relpath, text);
  }
  std::string path(const std::string& relpath) { return dir_ / ("archive/" + relpath); }
  void shell(const std::string& command) {
    fs::create_directories(
        fs::path(command.substr(command.rfind("> ") + 2)).parent_path());
    ASSERT_EQ(run({"/bin/sh", "-c", command}).exit_code, 0) << command;
  }
  // kiosque-index on `paths`, without the capabilities that ignore file
  // permissions when run as root (as a nightly user would run), under
  // /usr/bin/time; `rss_kib` gets its peak RSS.
  RunResult index(const std::string& db, const std::vector<std::string>& paths,
                  long* rss_kib) {
    std::vector<std::string> args = {"/usr/bin/time",    "-f", "%M", "-o", dir_ / "rss",
                                     "/usr/bin/timeout", "300"};
    if (::geteuid() == 0) {
      args.insert(args.end(),
                  {"/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search"});
    }
    args.insert(args.end(), {kIndex, "--db", db, "--summary"});
    args.insert(args.end(), paths.begin(), paths.end());
    const RunResult r = run(args);
    // GNU time writes "Command exited with non-zero status N" first then.
    std::string rss = read_file(dir_.path() / "rss");
    while (!rss.empty() && rss.back() == '\n') rss.pop_back();
    *rss_kib = std::stol("0" + rss.substr(rss.rfind('\n') + 1));
    return r;
  }

  TempDir dir_;
};

TEST_F(HostileArchiveTest, EveryGoodArticleIsIndexedAndEveryBadFileNamed) {
  long rss = 0;
  const RunResult r = index(dir_ / "db", {path("")}, &rss);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  for (const char* bad : {"bombe/bombe.txt.gz", "ligne/ligne.jsonl:1", "fifo/tube.txt",
                          "liens/boucle.txt", "liens/zero.txt", "illisible/secret.txt",
                          "nuls/nuls.txt", "nombre/nombre.jsonl:1"}) {
    EXPECT_TRUE(has(r.err, path(bad) + ": error: ")) << bad << "\n" << r.err;
  }
  // A .txt.gz inflated whole used to be allowed 512 MiB: 535 MB of RSS.
  EXPECT_TRUE(has(
      r.err, path("bombe/bombe.txt.gz") + ": error: decompressed size exceeds 64 MiB\n"))
      << r.err;
  EXPECT_GT(rss, 0);
  EXPECT_LT(rss, kBudgetKiB);
  const RunResult found =
      run({kQuery, "--db", dir_ / "db", "--json", "--limit", "50", "viaduc"});
  std::vector<std::string> ids = hit_ids(found.out);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids.size(), 7u) << found.out;
  EXPECT_EQ(run({"/usr/bin/xapian-check", dir_ / "db/live"}).exit_code, 0);
  std::cerr << r.err;

  // Each bad file alone: its peak RSS against the budget.
  std::cerr << "| bad file | exit | peak RSS (MB) |\n|---|---|---|\n";
  for (const char* folder : {"bombe", "ligne", "profonde", "fifo", "liens", "illisible",
                             "nuls", "nombre", "mots", "noms", "long", "bons"}) {
    const RunResult one =
        index(dir_ / (std::string("db-") + folder), {path(folder)}, &rss);
    std::cerr << "| " << folder << " | " << one.exit_code << " | " << rss / 1024
              << " |\n";
    EXPECT_GT(rss, 0) << folder;
    EXPECT_LT(rss, kBudgetKiB) << folder;
    EXPECT_LE(one.exit_code, 1) << folder << one.err;
  }
}

}  // namespace
}  // namespace kiosque::testing
