// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/cli.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_files.h"

namespace kiosque::cli {
namespace {

using config::ConfigFile;
using kiosque::testing::TempDir;
using kiosque::testing::write_file;

// A home with a database of its own, a named configuration and a system
// configuration, each naming another database.
class ResolveDatabasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_.path() / "home/.local/share/kiosque/db/XAPIANDB", "auto live\n");
    write_file(dir_.path() / "named.conf", "db = /named/db\n");
    write_file(dir_.path() / "system.conf", "db = /var/lib/kiosque/db\n");
    write_file(dir_.path() / "no-db.conf", "log = /var/log/k.log\n");
  }
  // The environment of a user whose HOME is `home` (under the temporary
  // folder), with the system configuration `system`.
  Environment env(const std::string& home, const std::string& system = "system.conf") {
    return Environment{.kiosque_db = "",
                       .kiosque_conf = "",
                       .xdg_data_home = "",
                       .home = dir_ / home,
                       .system_config = dir_ / system};
  }
  std::optional<ConfigFile> named(const std::string& name) {
    return ConfigFile::read(dir_ / name);
  }
  TempDir dir_;
};

TEST_F(ResolveDatabasesTest, EachStepOfTheOrderWinsOverTheNext) {
  const std::string own = dir_ / "home/.local/share/kiosque/db";
  Environment with_db = env("home");
  with_db.kiosque_db = "/env/db";
  Environment with_xdg = env("empty-home");
  with_xdg.xdg_data_home = dir_ / "home/.local/share";
  struct Case {
    const char* what;
    std::vector<std::string> given;
    std::optional<ConfigFile> named;
    SystemConfig system;
    Environment env;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"--db first",
       {"/a", "/b"},
       named("named.conf"),
       SystemConfig::kFallBack,
       with_db,
       {"/a", "/b"}},
      {"then KIOSQUE_DB",
       {},
       named("named.conf"),
       SystemConfig::kFallBack,
       with_db,
       {"/env/db"}},
      {"then the named configuration's db",
       {},
       named("named.conf"),
       SystemConfig::kFallBack,
       env("home"),
       {"/named/db"}},
      {"a named configuration without db is passed over",
       {},
       named("no-db.conf"),
       SystemConfig::kFallBack,
       env("home"),
       {own}},
      {"then the user's own database when it exists",
       {},
       std::nullopt,
       SystemConfig::kFallBack,
       env("home"),
       {own}},
      {"XDG_DATA_HOME before HOME",
       {},
       std::nullopt,
       SystemConfig::kFallBack,
       with_xdg,
       {own}},
      {"then, for kiosque-query, the system configuration's db",
       {},
       std::nullopt,
       SystemConfig::kFallBack,
       env("empty-home"),
       {"/var/lib/kiosque/db"}},
      {"kiosque-index never falls back on the system database",
       {},
       std::nullopt,
       SystemConfig::kIgnore,
       env("empty-home"),
       {dir_ / "empty-home/.local/share/kiosque/db"}},
      {"no system configuration: the user's own path",
       {},
       std::nullopt,
       SystemConfig::kFallBack,
       env("empty-home", "missing.conf"),
       {dir_ / "empty-home/.local/share/kiosque/db"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(resolve_databases(c.given, c.named, c.system, c.env), c.expected);
  }
}

TEST_F(ResolveDatabasesTest, WithoutHomeNoDatabaseLandsInTheCurrentFolder) {
  Environment no_home = env("x", "missing.conf");
  no_home.home = "";
  EXPECT_EQ(user_database(no_home), std::nullopt);
  no_home.home = ".";  // relative: the same as none
  no_home.xdg_data_home = "data";
  EXPECT_EQ(user_database(no_home), std::nullopt);
  try {
    resolve_databases({}, std::nullopt, SystemConfig::kIgnore, no_home);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "no database: give --db DIR, or set KIOSQUE_DB, or a configuration with "
              "'db' (HOME and XDG_DATA_HOME are unset or relative, so there is no "
              "database of your own)");
  }
  // The system configuration still serves kiosque-query.
  no_home.system_config = dir_ / "system.conf";
  EXPECT_EQ(resolve_databases({}, std::nullopt, SystemConfig::kFallBack, no_home),
            (std::vector<std::string>{"/var/lib/kiosque/db"}));
}

TEST_F(ResolveDatabasesTest, AnInvalidSystemConfigurationIsAnError) {
  write_file(dir_.path() / "system.conf", "db = relative/db\n");
  EXPECT_THROW(resolve_databases({}, std::nullopt, SystemConfig::kFallBack, env("x")),
               config::ConfigError);
}

TEST_F(ResolveDatabasesTest, NamedConfigIsTheOptionElseKiosqueConf) {
  Environment e = env("home");
  EXPECT_EQ(named_config("", e), std::nullopt);
  e.kiosque_conf = dir_ / "named.conf";
  EXPECT_EQ(named_config("", e)->path("db"), "/named/db");
  EXPECT_EQ(named_config(dir_ / "system.conf", e)->path("db"), "/var/lib/kiosque/db");
  EXPECT_THROW(named_config(dir_ / "missing.conf", e), config::ConfigError);
}

TEST_F(ResolveDatabasesTest, PrintConfigPrintsOneValueALineAndSaysWhenThereIsNone) {
  write_file(dir_.path() / "named.conf",
             "db = /named/db\narchive = /a\narchive = /b | B=1 #2\n");
  Environment e = env("home");
  std::ostringstream out;
  EXPECT_EQ(print_config(out, "archive", dir_ / "named.conf", e), kExitOk);
  EXPECT_EQ(out.str(), "/a\n/b | B=1\n");
  out.str("");
  EXPECT_EQ(print_config(out, "log", dir_ / "named.conf", e), kExitPartial);
  EXPECT_EQ(out.str(), "");
  // Without --config: $KIOSQUE_CONF, else the system configuration.
  EXPECT_EQ(print_config(out, "db", "", e), kExitOk);
  EXPECT_EQ(out.str(), "/var/lib/kiosque/db\n");
  out.str("");
  e.kiosque_conf = dir_ / "named.conf";
  EXPECT_EQ(print_config(out, "db", "", e), kExitOk);
  EXPECT_EQ(out.str(), "/named/db\n");
  EXPECT_THROW(print_config(out, "nope", "", e), config::ConfigError);
  EXPECT_THROW(print_config(out, "db", dir_ / "missing.conf", e), config::ConfigError);
}

}  // namespace
}  // namespace kiosque::cli
