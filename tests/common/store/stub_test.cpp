// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/stub.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "../test_files.h"
#include "kiosque/base/error.h"

namespace kiosque {
namespace {

using testing::read_file;
using testing::TempDir;
using testing::write_file;

struct StubCase {
  std::string text;
  std::vector<StubEntry> entries;
};

const std::vector<StubCase> kStubs = {
    {"", {}},
    {"# kiosque database: the live generation(s), see docs/architecture.md\nauto "
     "g000001\n",
     {{StubEntryKind::kAuto, "g000001", ""}}},
    {"auto meta-g000002\n\n# a comment\nauto s0-g000002\nauto s1-g000002",
     {{StubEntryKind::kAuto, "meta-g000002", ""},
      {StubEntryKind::kAuto, "s0-g000002", ""},
      {StubEntryKind::kAuto, "s1-g000002", ""}}},
    {"auto /srv/kiosque/db/g000001\n",
     {{StubEntryKind::kAuto, "/srv/kiosque/db/g000001", ""}}},
    {"remote 127.0.0.1:33333\nremote search2:33334\n",
     {{StubEntryKind::kRemoteTcp, "127.0.0.1:33333", ""},
      {StubEntryKind::kRemoteTcp, "search2:33334", ""}}},
    {"remote :ssh archive xapian-progsrv /srv/db/s0-g000001\nremote :xapian-progsrv\n",
     {{StubEntryKind::kRemoteProgram, "ssh", "archive xapian-progsrv /srv/db/s0-g000001"},
      {StubEntryKind::kRemoteProgram, "xapian-progsrv", ""}}},
    // Lines kiosque does not write: passed on to Xapian as they are.
    {"glass /srv/db\ninmemory\nauto\nremote\n nonsense\n",
     {{StubEntryKind::kOther, "glass /srv/db", ""},
      {StubEntryKind::kOther, "inmemory", ""},
      {StubEntryKind::kOther, "auto", ""},
      {StubEntryKind::kOther, "remote", ""},
      {StubEntryKind::kOther, " nonsense", ""}}},
};

TEST(StubTest, ParsesEachKindOfLine) {
  for (const StubCase& c : kStubs) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(parse_stub(c.text), c.entries);
  }
}

TEST(StubTest, EveryParsedLineFormatsBackAsWritten) {
  const std::vector<std::string> lines = {
      "auto g000001",
      "auto /srv/kiosque/db/g000001",
      "remote 127.0.0.1:33333",
      "remote :ssh archive xapian-progsrv /srv/db/s0-g000001",
      "remote :xapian-progsrv",
      "glass /srv/db",
      "inmemory",
  };
  for (const std::string& line : lines) {
    const std::vector<StubEntry> entries = parse_stub(line);
    ASSERT_EQ(entries.size(), 1u) << line;
    EXPECT_EQ(format_stub_line(entries[0]), line);
  }
}

TEST(StubTest, TheEntryTextIsWhatFollowsTheType) {
  EXPECT_EQ(
      stub_entry_text({StubEntryKind::kRemoteProgram, "ssh", "archive xapian-progsrv"}),
      ":ssh archive xapian-progsrv");
  EXPECT_EQ(stub_entry_text({StubEntryKind::kAuto, "s1-g000001", ""}), "s1-g000001");
}

TEST(StubTest, AWrittenStubIsAHeaderAndOneLineAnEntry) {
  EXPECT_EQ(format_stub({{StubEntryKind::kAuto, "meta-g000001", ""},
                         {StubEntryKind::kAuto, "s0-g000001", ""}}),
            "# kiosque database: the live generation(s), see docs/architecture.md\n"
            "auto meta-g000001\n"
            "auto s0-g000001\n");
}

TEST(StubTest, AFolderWithoutAStubHasNone) {
  TempDir dir;
  EXPECT_EQ(read_stub(dir.path().string()), std::nullopt);
  EXPECT_EQ(read_stub(dir / "missing"), std::nullopt);
}

TEST(StubTest, WriteStubReplacesTheStubAndLeavesNoTemporaryFile) {
  TempDir dir;
  write_file(dir.path() / "XAPIANDB", "auto g000001\n");
  write_stub(dir.path().string(), {{StubEntryKind::kAuto, "g000002", ""}});
  EXPECT_EQ(read_file(dir.path() / "XAPIANDB"),
            "# kiosque database: the live generation(s), see docs/architecture.md\n"
            "auto g000002\n");
  EXPECT_EQ(
      read_stub(dir.path().string()),
      (std::optional<std::vector<StubEntry>>{{{StubEntryKind::kAuto, "g000002", ""}}}));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "XAPIANDB.new"));
}

TEST(StubTest, WriteStubIntoAMissingFolderThrows) {
  TempDir dir;
  try {
    write_stub(dir / "missing", {{StubEntryKind::kAuto, "g000001", ""}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write " + (dir / "missing/XAPIANDB") +
                                         ": No such file or directory");
  }
}

}  // namespace
}  // namespace kiosque
