#include "kiosque/cli.h"

#include <unicode/uversion.h>

#include <csignal>
#include <iostream>

#include <xapian.h>

#include "kiosque/base/version.h"
#include "kiosque/store/database.h"
#include "kiosque/text/analyzer.h"

namespace kiosque::cli {
namespace {

// Boost reads "-1" as an unsigned 2^N-1 (lexical_cast), so --jobs=-1 asked
// for 2^64-1 writers and --wait=-3 for 136 years: a negative value of an
// unsigned option is refused with Boost's own wording for a bad value.
void refuse_negative_counts(const po::parsed_options& parsed,
                            const po::options_description& all) {
  for (const po::option& option : parsed.options) {
    const po::option_description* description =
        all.find_nothrow(option.string_key, /*approx=*/false);
    if (description == nullptr) continue;
    const po::value_semantic* semantic = description->semantic().get();
    if (dynamic_cast<const po::typed_value<unsigned>*>(semantic) == nullptr &&
        dynamic_cast<const po::typed_value<unsigned long>*>(semantic) == nullptr) {
      continue;
    }
    for (const std::string& value : option.value) {
      if (!value.empty() && value[0] == '-') {
        throw UsageError("the argument ('" + value + "') for option '--" +
                         description->long_name() + "' is invalid");
      }
    }
  }
}

}  // namespace

po::options_description general_options() {
  po::options_description group("General");
  group.add_options()("help,h", "print this help and exit")("version,V",
                                                            "print the version and exit");
  return group;
}

po::options_description database_options(std::vector<std::string>* locations) {
  po::options_description group("Database");
  group.add_options()(
      "db,d",
      po::value<std::vector<std::string>>(locations)->value_name("DIR")->composing(),
      ("the database folder (default: $KIOSQUE_DB, else " + default_database_path() +
       "); kiosque-query also takes tcp://HOST:PORT (xapian-tcpsrv), and "
       "several --db searched as one")
          .c_str());
  return group;
}

std::vector<std::string> database_locations(const std::vector<std::string>& given) {
  return given.empty() ? std::vector<std::string>{default_database_path()} : given;
}

po::variables_map parse(int argc, const char* const argv[],
                        const po::options_description& visible,
                        const char* positional_name) {
  po::options_description all;
  all.add(visible);
  all.add_options()(positional_name, po::value<std::vector<std::string>>()->composing());
  po::positional_options_description positional;
  positional.add(positional_name, -1);
  po::variables_map vm;
  try {
    const po::parsed_options parsed =
        po::command_line_parser(argc, argv).options(all).positional(positional).run();
    refuse_negative_counts(parsed, all);
    po::store(parsed, vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return vm;
}

void print_version(std::ostream& out, const char* tool) {
  out << tool << " (kiosque) " << kVersion << "\n"
      << "analyzer " << kAnalyzerVersion << ", Xapian " << Xapian::version_string()
      << ", ICU " << U_ICU_VERSION << "\n";
}

bool print_help_or_version(std::ostream& out, const po::variables_map& vm,
                           const char* tool, const char* usage,
                           const po::options_description& visible) {
  if (vm.count("help")) {
    out << usage << "\n" << visible;
    return true;
  }
  if (vm.count("version")) {
    print_version(out, tool);
    return true;
  }
  return false;
}

int run_main(const char* tool, const std::function<int()>& body) {
  // A closed pipe shows up as a failed write, not a fatal signal.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    const int code = body();
    std::cout.flush();
    return code;
  } catch (const UsageError& e) {
    std::cerr << tool << ": " << e.what() << " (see " << tool << " --help)\n";
  } catch (const Error& e) {
    std::cerr << tool << ": " << e.what() << "\n";
  } catch (const Xapian::Error& e) {
    std::cerr << tool << ": " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << tool << ": " << e.what() << "\n";
  }
  return kExitError;
}

}  // namespace kiosque::cli
