// SPDX-License-Identifier: GPL-2.0-or-later
#include "e2e_helpers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <clocale>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

extern char** environ;

namespace kiosque::testing {

namespace {

// The uninstalled programs read the build tree's catalogues (i18n.h); the
// scripts the tests run pass it on to them.
const bool g_locale_dir_set = [] {
  ::setenv("KIOSQUE_LOCALEDIR", KIOSQUE_LOCALE_BUILD_DIR, /*overwrite=*/1);
  return true;
}();

bool names_language(const std::string& entry) {
  for (const char* name : {"LANG=", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="}) {
    if (entry.rfind(name, 0) == 0) return true;
  }
  return false;
}

// The language a program's output is asserted in, whatever the developer's
// locale: kiosque-query's labels were French before gettext and its tests
// say so; kiosque-index's diagnostics were English. A test that passes
// LANG, LC_ALL, LC_MESSAGES or LANGUAGE chooses for itself; scripts keep
// the environment. Both programs read only LC_MESSAGES, so LC_ALL can go.
void choose_language(const std::string& program, const std::vector<std::string>& given,
                     std::vector<std::string>* env) {
  const char* messages = program == KIOSQUE_QUERY_BIN   ? "fr_FR.UTF-8"
                         : program == KIOSQUE_INDEX_BIN ? "C"
                                                        : nullptr;
  if (!messages) return;
  for (const std::string& e : given) {
    if (names_language(e)) return;
  }
  std::erase_if(*env, [](const std::string& s) {
    return s.rfind("LC_ALL=", 0) == 0 || s.rfind("LANGUAGE=", 0) == 0;
  });
  env->push_back(std::string("LC_MESSAGES=") + messages);
}

}  // namespace

bool has_locale(const char* name) {
  locale_t locale = ::newlocale(LC_MESSAGES_MASK, name, nullptr);
  if (locale) ::freelocale(locale);
  return locale != nullptr;
}

RunResult run(const std::vector<std::string>& argv, const std::string& input,
              const std::vector<std::string>& env) {
  // A child that exits before reading all its input (an error at start-up)
  // makes our write fail with EPIPE: that must not kill the test.
  static const bool ignore_sigpipe = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)ignore_sigpipe;
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd :
       {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    posix_spawn_file_actions_addclose(&actions, fd);
  }
  (void)g_locale_dir_set;
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
  choose_language(argv.at(0), env, &env_strings);
  for (const std::string& e : env) {
    // An entry replaces the variable of the same name.
    const std::string name = e.substr(0, e.find('=') + 1);
    std::erase_if(env_strings,
                  [&](const std::string& s) { return s.rfind(name, 0) == 0; });
    env_strings.push_back(e);
  }
  std::vector<char*> envp, args;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (std::string& a : argv_copy) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) throw std::runtime_error("cannot run " + argv[0]);

  RunResult result;
  std::size_t written = 0;
  if (input.empty()) close(in_pipe[1]), in_pipe[1] = -1;
  pollfd fds[3] = {
      {out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}, {in_pipe[1], POLLOUT, 0}};
  int open_outputs = 2;
  while (open_outputs > 0) {
    const nfds_t n = in_pipe[1] >= 0 ? 3 : 2;
    if (poll(fds, n, -1) < 0) break;
    for (int k = 0; k < 2; ++k) {
      if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP))) continue;
      char buf[65536];
      const ssize_t got = read(fds[k].fd, buf, sizeof buf);
      if (got <= 0) {
        close(fds[k].fd);
        fds[k].fd = -1;
        --open_outputs;
      } else {
        (k == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(got));
      }
    }
    if (in_pipe[1] >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t put =
          write(in_pipe[1], input.data() + written, input.size() - written);
      if (put > 0) written += static_cast<std::size_t>(put);
      if (put <= 0 || written == input.size()) {
        close(in_pipe[1]);
        in_pipe[1] = -1;
        fds[2].fd = -1;
      }
    }
  }
  if (in_pipe[1] >= 0) close(in_pipe[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

int start(const std::vector<std::string>& argv, const std::string& out,
          const std::string& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<std::string> argv_copy = argv;
  std::vector<char*> args;
  for (std::string& a : argv_copy) args.push_back(a.data());
  args.push_back(nullptr);
  // Its own process group: a server that signals its group on the way out
  // (xapian-tcpsrv does) must not take the test with it.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid;
  const int rc = posix_spawn(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) throw std::runtime_error("cannot run " + argv[0]);
  return pid;
}

int wait_exit(int pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The highlighted pieces of a JSON hit, cut by code point.
std::vector<std::string> highlighted(const nlohmann::json& hit) {
  const std::string snippet = hit.at("snippet").get<std::string>();
  std::u32string wide;
  std::vector<std::size_t> byte_at;  // byte offset of each code point
  for (std::size_t i = 0; i < snippet.size();) {
    byte_at.push_back(i);
    const unsigned char c = static_cast<unsigned char>(snippet[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  byte_at.push_back(snippet.size());
  std::vector<std::string> out;
  for (const auto& span : hit.at("highlights")) {
    const std::size_t b = span.at(0).get<std::size_t>(),
                      e = span.at(1).get<std::size_t>();
    out.push_back(snippet.substr(byte_at.at(b), byte_at.at(e) - byte_at.at(b)));
  }
  return out;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> objects;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const std::string line = out.substr(start, end - start);
    if (!line.empty()) {
      nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
      EXPECT_FALSE(parsed.is_discarded()) << "not JSON: " << line;
      objects.push_back(std::move(parsed));
    }
    start = end + 1;
  }
  return objects;
}

std::vector<std::string> hit_ids(const std::string& json_out) {
  std::vector<std::string> ids;
  for (const nlohmann::json& o : json_lines(json_out)) {
    if (o.value("type", "") == "hit") ids.push_back(o.value("id", ""));
  }
  return ids;
}

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "kiosque-e2e-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

void write_file(const std::filesystem::path& file, const std::string& content) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << content;
}

}  // namespace kiosque::testing
