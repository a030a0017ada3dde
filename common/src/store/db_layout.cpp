#include "kiosque/store/db_layout.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosque/store/database.h"

namespace fs = std::filesystem;

namespace kiosque {
namespace {

constexpr char kStubName[] = "XAPIANDB";

int generation_number(const std::string& name) {
  return std::stoi(name.substr(name.size() - 6));
}

}  // namespace

bool is_generation_name(const std::string& name) {
  const std::size_t dash = name.find('-');
  const std::string gen = dash == std::string::npos ? name : name.substr(dash + 1);
  if (dash != std::string::npos) {
    const std::string shard = name.substr(0, dash);
    const auto digits = [](const std::string& s) {
      return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const bool ok = shard == "meta" || shard == "ynone" ||
                    (shard.size() > 1 && (shard[0] == 's' || shard[0] == 'y') &&
                     digits(shard.substr(1)));
    if (!ok) return false;
  }
  return gen.size() == 7 && gen[0] == 'g' &&
         std::all_of(gen.begin() + 1, gen.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string stub_path(const std::string& dir) { return (fs::path(dir) / kStubName).string(); }

std::vector<std::string> live_generations(const std::string& dir) {
  std::vector<std::string> generations;
  std::ifstream in(stub_path(dir));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string type, name;
    fields >> type >> name;
    if (type != "auto" || !is_generation_name(name)) {
      throw Error("database " + dir + ": its XAPIANDB names '" + line +
                  "', which kiosque-index cannot write to");
    }
    generations.push_back(name);
  }
  return generations;
}

int next_generation_number(const std::string& dir) {
  int highest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (is_generation_name(name)) highest = std::max(highest, generation_number(name));
  }
  return highest + 1;
}

std::string generation_name(const std::string& shard, int number) {
  char gen[16];
  std::snprintf(gen, sizeof gen, "g%06d", number);
  return shard.empty() ? std::string(gen) : shard + "-" + gen;
}

std::string shard_of(const std::string& generation) {
  const std::size_t dash = generation.find('-');
  return dash == std::string::npos ? "" : generation.substr(0, dash);
}

std::string new_generation_name(const std::string& dir) {
  return generation_name("", next_generation_number(dir));
}

void publish_generations(const std::string& dir, const std::vector<std::string>& generations) {
  const std::string stub = stub_path(dir);
  const std::string temporary = stub + ".new";
  std::string content = "# kiosque database: the live generation(s), see docs/architecture.md\n";
  for (const std::string& g : generations) content += "auto " + g + "\n";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  bool ok = fd >= 0;
  ok = ok && ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ok = ok && ::fsync(fd) == 0;
  if (fd >= 0) ok = ::close(fd) == 0 && ok;
  ok = ok && std::rename(temporary.c_str(), stub.c_str()) == 0;
  if (!ok) throw Error("cannot write " + stub + ": " + std::strerror(errno));
  // A fixed name for each shard's live generation ("live", "live-s0"…), a
  // symlink replaced atomically: what xapian-replicate-server serves, so
  // that replicas follow rebuilds and compactions (a new generation is a
  // new database to them, copied whole).
  for (const std::string& g : generations) {
    const std::string shard = shard_of(g);
    const std::string link = (fs::path(dir) / (shard.empty() ? "live" : "live-" + shard)).string();
    const std::string new_link = link + ".new";
    std::remove(new_link.c_str());
    if (::symlink(g.c_str(), new_link.c_str()) != 0 ||
        std::rename(new_link.c_str(), link.c_str()) != 0) {
      throw Error("cannot point " + link + " at " + g + ": " + std::strerror(errno));
    }
  }
  // The renames themselves must reach the disk before old generations go.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

int remove_stale_generations(const std::string& dir, std::chrono::seconds grace) {
  std::vector<std::string> live;
  try {
    live = live_generations(dir);
  } catch (const Error&) {
    return 0;
  }
  if (live.empty()) return 0;  // no stub: nothing is known to be stale
  int removed = 0;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!is_generation_name(name) || std::count(live.begin(), live.end(), name)) continue;
    const auto changed = fs::last_write_time(entry.path() / "iamglass", ec);
    if (!ec && now - changed < grace) continue;
    ec.clear();
    fs::remove_all(entry.path(), ec);
    removed += !ec;
  }
  return removed;
}

}  // namespace kiosque
