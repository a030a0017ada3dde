// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers for end-to-end tests: run the built binaries, in temporary
// folders, and decode their JSON Lines.
#ifndef KIOSQUE_TESTS_E2E_HELPERS_H_
#define KIOSQUE_TESTS_E2E_HELPERS_H_

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiosque::testing {

struct RunResult {
  int exit_code = -1;  // the exit status, or 128 + signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] a path) with `input` on stdin and `env` entries
// ("NAME=value", replacing a variable of that name) added to the
// environment; waits for it. Unless `env` names LANG, LC_ALL, LC_MESSAGES
// or LANGUAGE, kiosque-query speaks French (LC_MESSAGES=fr_FR.UTF-8) and
// kiosque-index English (LC_MESSAGES=C), the languages their tests assert;
// both read the build tree's catalogues ($KIOSQUE_LOCALEDIR).
RunResult run(const std::vector<std::string>& argv, const std::string& input = "",
              const std::vector<std::string>& env = {});

// Whether the locale `name` (e.g. "fr_FR.UTF-8") is installed: tests of
// French messages skip without it (scripts/setup-deps generates it).
bool has_locale(const char* name);

// Starts `argv` in the background, in a process group of its own, its stdout
// and stderr going to the files `out` and `err`; returns its pid.
int start(const std::vector<std::string>& argv, const std::string& out,
          const std::string& err);

// Waits for the process `pid` and returns its exit status (128 + signal when
// a signal ended it).
int wait_exit(int pid);

// The highlighted pieces of a --json hit: its snippet cut at each
// "highlights" span, counted in code points as the schema says.
std::vector<std::string> highlighted(const nlohmann::json& hit);

// A loopback port nobody listens on right now.
int free_port();

// Whether something accepts connections on loopback `port`.
bool accepts(int port);

// The JSON objects of a JSON Lines output; fails the test on a bad line.
std::vector<nlohmann::json> json_lines(const std::string& out);

// The "hit" objects' ids, in order.
std::vector<std::string> hit_ids(const std::string& json_out);

// A fresh temporary folder, removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The whole content of `file` ("" when it cannot be read).
std::string read_file(const std::filesystem::path& file);

// Writes `content` to `file`, making its folders.
void write_file(const std::filesystem::path& file, const std::string& content);

}  // namespace kiosque::testing

#endif  // KIOSQUE_TESTS_E2E_HELPERS_H_
