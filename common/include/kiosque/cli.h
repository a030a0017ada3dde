// SPDX-License-Identifier: GPL-2.0-or-later
// What kiosque-index and kiosque-query share on the command line: option
// groups, --help and --version, and the one error handler of main().
#ifndef KIOSQUE_CLI_H_
#define KIOSQUE_CLI_H_

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "kiosque/config/config_file.h"

namespace kiosque::cli {

namespace po = boost::program_options;

// Exit codes shared by both tools (see README, "Exit codes").
inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;  // indexer: some articles failed;
                                        // query: nothing found
inline constexpr int kExitError = 2;    // could not run
inline constexpr int kExitSigint = 130;
inline constexpr int kExitSigterm = 143;

// A wrong command line: main() prints it with a hint to --help, exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// --help and --version.
po::options_description general_options();

// Where the defaults come from: the process environment and the install.
// Tests make their own.
struct Environment {
  std::string kiosque_db;     // $KIOSQUE_DB ("" when unset)
  std::string kiosque_conf;   // $KIOSQUE_CONF
  std::string xdg_data_home;  // $XDG_DATA_HOME
  std::string home;           // $HOME
  std::string system_config;  // config::system_config_path()

  // Reads the variables above; no other side effect.
  static Environment from_process();
};

// Whether a tool falls back on the database of the system configuration:
// kiosque-query does, so that a journalist on the search host needs no
// setting; kiosque-index never writes it unless it is named (issue #17).
enum class SystemConfig { kIgnore, kFallBack };

// --db DIR. Given several times (kiosque-query: folders and
// tcp://HOST:PORT servers), the databases are searched as one;
// kiosque-index takes one. The help states resolve_databases' order.
po::options_description database_options(std::vector<std::string>* locations,
                                         SystemConfig system);

// --config FILE and --print-config KEY, into `config` and `print_key`.
po::options_description config_options(std::string* config, std::string* print_key);

// The configuration named by --config FILE (`option`), else $KIOSQUE_CONF,
// read and checked; nullopt when neither names one. Throws
// config::ConfigError, also for a named file that does not exist.
std::optional<config::ConfigFile> named_config(const std::string& option,
                                               const Environment& env);

// The user's own database: $XDG_DATA_HOME/kiosque/db, else
// $HOME/.local/share/kiosque/db; nullopt when neither variable holds an
// absolute path (never a path relative to the current folder).
std::optional<std::string> user_database(const Environment& env);

// The databases to open, first found: the --db values (`given`);
// $KIOSQUE_DB; the `db` of `named` (named_config); the user's own database
// when it exists; with SystemConfig::kFallBack the `db` of the system
// configuration when that file exists; else the user's own database (which
// kiosque-index creates). Throws config::ConfigError for an invalid system
// configuration, Error when no database can be named at all (no HOME).
std::vector<std::string> resolve_databases(const std::vector<std::string>& given,
                                           const std::optional<config::ConfigFile>& named,
                                           SystemConfig system, const Environment& env);

// --print-config KEY: writes the values of `key` in the configuration
// (--config `option`, else $KIOSQUE_CONF, else the system one), one a line
// (a value never holds a newline), to `out`. Returns 0 when it wrote one, 1
// when the file gives none (and KEY has no default). Throws
// config::ConfigError for a missing or invalid file or an unknown KEY.
int print_config(std::ostream& out, const std::string& key, const std::string& option,
                 const Environment& env);

// Parses `argv` against `visible` (shown by --help) plus `positional_name`,
// which collects the remaining arguments. Throws UsageError, also for a
// negative value of an unsigned option (which Boost would wrap around).
po::variables_map parse(int argc, const char* const argv[],
                        const po::options_description& visible,
                        const char* positional_name);

// Prints "TOOL (kiosque) VERSION" and the library versions.
void print_version(std::ostream& out, const char* tool);

// When `vm` holds --help, prints `usage` (an N_-marked string, translated)
// then the `visible` options to `out`; when it holds --version, prints the
// version. Returns whether it printed
// (the program then exits 0).
bool print_help_or_version(std::ostream& out, const po::variables_map& vm,
                           const char* tool, const char* usage,
                           const po::options_description& visible);

// Runs `body`, turning every exception into one line on stderr,
// "TOOL: message", and the documented exit code (2). Also makes a closed
// stdout (`| head`) a quiet exit rather than an error.
int run_main(const char* tool, const std::function<int()>& body);

}  // namespace kiosque::cli

#endif  // KIOSQUE_CLI_H_
