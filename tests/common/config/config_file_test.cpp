// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/config/config_file.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../test_files.h"

namespace kiosque::config {
namespace {

// The message ConfigFile::parse gives for `text` as /etc/k.conf, or "" when
// it parses.
std::string parse_error(const std::string& text) {
  try {
    ConfigFile::parse(text, "/etc/k.conf");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

struct ValidCase {
  const char* what;
  std::string text;
  std::string key;
  std::vector<std::string> values;  // what --print-config KEY prints
};

TEST(ConfigFileTest, EachValidLineGivesItsValue) {
  const ValidCase cases[] = {
      {"plain", "db = /var/lib/kiosque/db\n", "db", {"/var/lib/kiosque/db"}},
      {"no blanks", "db=/d\n", "db", {"/d"}},
      {"a '#' inside a value is the value's",
       "archive = /srv/presse#2\n",
       "archive",
       {"/srv/presse#2"}},
      {"a '#' after a blank starts a comment",
       "compact_every_days = 7  # weekly\n",
       "compact_every_days",
       {"7"}},
      {"a '#' after a tab too", "db = /d\t#main\n", "db", {"/d"}},
      {"'=' after the first is the value's",
       "archive = /srv/a=b | Source=X\n",
       "archive",
       {"/srv/a=b | Source=X"}},
      {"the first '|' splits path and source",
       "archive = /srv/a | Agence | Sud\n",
       "archive",
       {"/srv/a | Agence | Sud"}},
      {"a source beginning with '-' is data",
       "archive = /srv/a | -x\n",
       "archive",
       {"/srv/a | -x"}},
      {"a leading zero is decimal, not octal",
       "compact_every_days = 08\n",
       "compact_every_days",
       {"8"}},
      {"a count's default", "db = /d\n", "compact_every_days", {"7"}},
      {"no default, no value", "db = /d\n", "changesets", {}},
      {"comment lines and blank lines",
       "# c\n\n   # indented\n\t\nlog = /l\n",
       "log",
       {"/l"}},
      {"CRLF line ends", "db = /d\r\nlog = /l\r\n", "log", {"/l"}},
      {"a byte order mark",
       "\xEF\xBB\xBF"
       "db = /d\n",
       "db",
       {"/d"}},
      {"no final newline", "db = /d", "db", {"/d"}},
      {"archives in file order",
       "archive = /b\narchive = /a | A\n",
       "archive",
       {"/b", "/a | A"}},
      {"blanks inside a value stay",
       "db = /srv/mes archives/db  \n",
       "db",
       {"/srv/mes archives/db"}},
  };
  for (const ValidCase& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(ConfigFile::parse(c.text, "/etc/k.conf").values(c.key), c.values);
  }
}

struct InvalidCase {
  const char* what;
  std::string text;
  std::string error;
};

TEST(ConfigFileTest, EachInvalidLineIsAnErrorNamingFileAndLine) {
  const InvalidCase cases[] = {
      {"unknown key", "db = /d\nfoo = 1\n",
       "/etc/k.conf:2: error: unknown key 'foo' (known: db, archive, log, "
       "compact_every_days, changesets, alerts, alerts_state)"},
      {"no '='", "# c\ndb /d\n", "/etc/k.conf:2: error: not a 'KEY = VALUE' line"},
      {"a key in capitals", "DB = /d\n",
       "/etc/k.conf:1: error: not a 'KEY = VALUE' line (a KEY is lower-case letters and "
       "'_')"},
      {"no key", "= /d\n",
       "/etc/k.conf:1: error: not a 'KEY = VALUE' line (a KEY is lower-case letters and "
       "'_')"},
      {"no value", "db =\n", "/etc/k.conf:1: error: db has no value"},
      {"only a comment for value", "db = # later\n",
       "/etc/k.conf:1: error: db has no value"},
      {"a value beginning with '-'", "db = --help\n",
       "/etc/k.conf:1: error: db must be an absolute path, not '--help'"},
      {"an archive beginning with '-'", "archive = -rf | X\n",
       "/etc/k.conf:1: error: archive must be an absolute path, not '-rf'"},
      {"a relative path", "log = logs/nightly.log\n",
       "/etc/k.conf:1: error: log must be an absolute path, not 'logs/nightly.log'"},
      {"a path from home", "alerts = ~/alerts.txt\n",
       "/etc/k.conf:1: error: alerts must be an absolute path, not '~/alerts.txt'"},
      {"no source after '|'", "archive = /a |\n",
       "/etc/k.conf:1: error: archive has no SOURCE after '|'"},
      {"a second db", "db = /a\n\ndb = /b\n",
       "/etc/k.conf:3: error: db given twice (first on line 1)"},
      {"a negative count", "compact_every_days = -1\n",
       "/etc/k.conf:1: error: compact_every_days must be a whole number from 0 to 36500, "
       "not '-1'"},
      {"a count with a sign", "changesets = +3\n",
       "/etc/k.conf:1: error: changesets must be a whole number from 0 to 1000000, not "
       "'+3'"},
      {"a count in hexadecimal", "changesets = 0x10\n",
       "/etc/k.conf:1: error: changesets must be a whole number from 0 to 1000000, not "
       "'0x10'"},
      {"a count out of range", "compact_every_days = 99999999999999999999\n",
       "/etc/k.conf:1: error: compact_every_days must be a whole number from 0 to 36500, "
       "not '99999999999999999999'"},
      {"shell arithmetic", "compact_every_days = a[$(touch /tmp/x)]\n",
       "/etc/k.conf:1: error: compact_every_days must be a whole number from 0 to 36500, "
       "not 'a[$(touch /tmp/x)]'"},
      {"an escape character", "db = /d\x1b[31m\n",
       "/etc/k.conf:1: error: control character 27 in line"},
      {"a NUL byte", std::string("db = /d\0x\n", 10),
       "/etc/k.conf:1: error: control character 0 in line"},
      {"a carriage return inside a line", "db = /a\rlog = /b\n",
       "/etc/k.conf:1: error: control character 13 in line"},
  };
  for (const InvalidCase& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(parse_error(c.text), c.error);
  }
}

TEST(ConfigFileTest, TypedValuesAndArchives) {
  const ConfigFile config = ConfigFile::parse(
      "db = /var/lib/kiosque/db\n"
      "archive = /srv/presse\n"
      "archive = /srv/agence | Agence Presse Sud\n"
      "changesets = 010\n",
      "/etc/k.conf");
  EXPECT_EQ(config.path("db"), "/var/lib/kiosque/db");
  EXPECT_EQ(config.path("log"), std::nullopt);
  EXPECT_EQ(config.count("changesets"), 10u);
  EXPECT_EQ(config.count("compact_every_days"), 7u);
  EXPECT_EQ(
      config.archives(),
      (std::vector<Archive>{{"/srv/presse", ""}, {"/srv/agence", "Agence Presse Sud"}}));
  EXPECT_THROW(config.values("dbs"), ConfigError);
  EXPECT_THROW(config.path("archive"), ConfigError);
  EXPECT_THROW(config.count("db"), ConfigError);
}

TEST(ConfigFileTest, AMissingFileIsNamedAsMissing) {
  testing::TempDir dir;
  try {
    ConfigFile::read(dir / "kiosque.conf");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir / "kiosque.conf" + ": error: no such configuration file");
  }
  try {
    ConfigFile::read(dir.path().string());
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir.path().string() +
                  ": error: cannot read configuration: not a regular "
                  "file");
  }
}

TEST(ConfigFileTest, TheShippedExampleIsValid) {
  const ConfigFile config =
      ConfigFile::read(KIOSQUE_TEST_DATA "/../../docs/examples/kiosque.conf");
  EXPECT_EQ(config.path("db"), "/var/lib/kiosque/db");
  EXPECT_EQ(config.archives(),
            (std::vector<Archive>{{"/srv/archives/presse", ""},
                                  {"/srv/archives/agence-sud", "Agence Presse Sud"}}));
  EXPECT_EQ(config.values("compact_every_days"), (std::vector<std::string>{"7"}));
}

TEST(ConfigFileTest, TheSystemConfigurationIsUnderSysconfdir) {
  const std::string path = system_config_path();
  EXPECT_EQ(path.substr(path.size() - 21), "/kiosque/kiosque.conf") << path;
  EXPECT_EQ(path[0], '/') << path;
}

}  // namespace
}  // namespace kiosque::config
