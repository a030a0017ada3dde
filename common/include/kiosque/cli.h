// What kiosque-index and kiosque-query share on the command line: option
// groups, --help and --version, and the one error handler of main().
#ifndef KIOSQUE_CLI_H_
#define KIOSQUE_CLI_H_

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

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
// --db DIR (default: $KIOSQUE_DB, else the per-user data folder). Given
// several times (kiosque-query: folders and tcp://HOST:PORT servers), the
// databases are searched as one; kiosque-index takes one.
po::options_description database_options(std::vector<std::string>* locations);

// The --db values given, or the default database when none was.
std::vector<std::string> database_locations(const std::vector<std::string>& given);

// Parses `argv` against `visible` (shown by --help) plus `positional_name`,
// which collects the remaining arguments. Throws UsageError, also for a
// negative value of an unsigned option (which Boost would wrap around).
po::variables_map parse(int argc, const char* const argv[],
                        const po::options_description& visible,
                        const char* positional_name);

// Prints "TOOL (kiosque) VERSION" and the library versions.
void print_version(std::ostream& out, const char* tool);

// When `vm` holds --help, prints `usage` then the `visible` options to `out`;
// when it holds --version, prints the version. Returns whether it printed
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
