// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/cli.h"

#include <unicode/uversion.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <xapian.h>

#include "kiosque/base/version.h"
#include "kiosque/i18n.h"
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
        throw UsageError(
            i18n::format(_("the argument ('%s') for option '--%s' is invalid"),
                         value.c_str(), description->long_name().c_str()));
      }
    }
  }
}

}  // namespace

po::options_description general_options() {
  po::options_description group(_("General"));
  group.add_options()("help,h", _("print this help and exit"))(
      "version,V", _("print the version and exit"));
  return group;
}

Environment Environment::from_process() {
  const auto variable = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  };
  return Environment{.kiosque_db = variable("KIOSQUE_DB"),
                     .kiosque_conf = variable("KIOSQUE_CONF"),
                     .xdg_data_home = variable("XDG_DATA_HOME"),
                     .home = variable("HOME"),
                     .system_config = config::system_config_path()};
}

po::options_description database_options(std::vector<std::string>* locations,
                                         SystemConfig system) {
  // A literal ~ rather than the builder's home: the man pages are made from
  // this text.
  const std::string system_config = config::system_config_path();
  const std::string help =
      system == SystemConfig::kFallBack
          ? i18n::format(
                _("the database folder. Without it: $KIOSQUE_DB; else the 'db' of the "
                  "configuration (--config FILE, else $KIOSQUE_CONF); else your own "
                  "database, $XDG_DATA_HOME/kiosque/db or ~/.local/share/kiosque/db "
                  "when it exists; else the 'db' of %s. Also tcp://HOST:PORT "
                  "(xapian-tcpsrv); several --db are searched as one"),
                system_config.c_str())
          : i18n::format(
                _("the database folder. Without it: $KIOSQUE_DB; else the 'db' of the "
                  "configuration (--config FILE, else $KIOSQUE_CONF); else your own "
                  "database, $XDG_DATA_HOME/kiosque/db or ~/.local/share/kiosque/db "
                  "(the database of %s is written only when named)"),
                system_config.c_str());
  po::options_description group(_("Database"));
  group.add_options()(
      "db,d",
      po::value<std::vector<std::string>>(locations)->value_name("DIR")->composing(),
      help.c_str());
  return group;
}

po::options_description config_options(std::string* config, std::string* print_key) {
  po::options_description group(_("Configuration"));
  const std::string print_help = i18n::format(
      _("print the values of KEY in the configuration (--config FILE, else "
        "$KIOSQUE_CONF, else %s), one a line, and exit: 0 printed, 1 KEY not set, 2 "
        "missing or invalid file"),
      config::system_config_path().c_str());
  // clang-format off
  group.add_options()
      ("config", po::value<std::string>(config)->value_name("FILE"),
       _("the kiosque configuration (default: $KIOSQUE_CONF; docs/operations.md) "
         "whose 'db' is used when neither --db nor $KIOSQUE_DB is given"))
      ("print-config", po::value<std::string>(print_key)->value_name("KEY"),
       print_help.c_str());
  // clang-format on
  return group;
}

std::optional<config::ConfigFile> named_config(const std::string& option,
                                               const Environment& env) {
  const std::string& file = option.empty() ? env.kiosque_conf : option;
  if (file.empty()) return std::nullopt;
  return config::ConfigFile::read(file);
}

std::optional<std::string> user_database(const Environment& env) {
  // The XDG base directory specification ignores a relative XDG_DATA_HOME.
  if (env.xdg_data_home.starts_with('/')) return env.xdg_data_home + "/kiosque/db";
  if (env.home.starts_with('/')) return env.home + "/.local/share/kiosque/db";
  return std::nullopt;
}

std::vector<std::string> resolve_databases(const std::vector<std::string>& given,
                                           const std::optional<config::ConfigFile>& named,
                                           SystemConfig system, const Environment& env) {
  if (!given.empty()) return given;
  if (!env.kiosque_db.empty()) return {env.kiosque_db};
  if (named) {
    if (std::optional<std::string> db = named->path("db")) return {*db};
  }
  const std::optional<std::string> own = user_database(env);
  std::error_code ec;
  if (own && std::filesystem::exists(*own, ec)) return {*own};
  if (system == SystemConfig::kFallBack &&
      std::filesystem::symlink_status(env.system_config, ec).type() !=
          std::filesystem::file_type::not_found) {
    const config::ConfigFile system_config = config::ConfigFile::read(env.system_config);
    if (std::optional<std::string> db = system_config.path("db")) return {*db};
  }
  if (own) return {*own};
  throw Error(
      _("no database: give --db DIR, or set KIOSQUE_DB, or a configuration with 'db' "
        "(HOME and XDG_DATA_HOME are unset or relative, so there is no database of your "
        "own)"));
}

int print_config(std::ostream& out, const std::string& key, const std::string& option,
                 const Environment& env) {
  const std::string& file = !option.empty()             ? option
                            : !env.kiosque_conf.empty() ? env.kiosque_conf
                                                        : env.system_config;
  const std::vector<std::string> values = config::ConfigFile::read(file).values(key);
  for (const std::string& value : values) out << value << "\n";
  return values.empty() ? kExitPartial : kExitOk;
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
    // The usage is N_-marked where the tool defines it: translated here.
    out << _(usage) << "\n" << visible;
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
    // Its text may come from the library in English (--sort, --color).
    std::cerr << tool << ": "
              << i18n::format(_("%s (see %s --help)"), i18n::translate(e.what()).c_str(),
                              tool)
              << "\n";
  } catch (const Error& e) {
    // The library's errors are English, N_-marked: translated for people.
    std::cerr << tool << ": " << i18n::translate(e.what()) << "\n";
  } catch (const Xapian::Error& e) {
    std::cerr << tool << ": " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << tool << ": " << e.what() << "\n";
  }
  return kExitError;
}

}  // namespace kiosque::cli
