// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/db_layout.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "kiosque/base/error.h"
#include "kiosque/base/message.h"
#include "kiosque/store/stub.h"

namespace fs = std::filesystem;

namespace kiosque {
namespace {

// Points DIR/live (or DIR/live-<shard>) at `generation`, replacing the
// symlink atomically.
void point_live_link(const std::string& dir, const GenerationName& generation) {
  const std::string shard = shard_label(generation);
  const std::string target = format_generation_name(generation);
  const std::string link =
      (fs::path(dir) / (shard.empty() ? "live" : "live-" + shard)).string();
  const std::string new_link = link + ".new";
  std::remove(new_link.c_str());
  if (::symlink(target.c_str(), new_link.c_str()) != 0 ||
      std::rename(new_link.c_str(), link.c_str()) != 0) {
    throw Error(message(messages::kCannotPoint, {link, target, std::strerror(errno)}));
  }
}

void sync_folder(const std::string& dir) {
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

}  // namespace

std::vector<GenerationName> live_generations(const std::string& dir) {
  std::vector<GenerationName> generations;
  for (const StubEntry& entry : read_stub(dir).value_or(std::vector<StubEntry>{})) {
    const std::optional<GenerationName> name = entry.kind == StubEntryKind::kAuto
                                                   ? parse_generation_name(entry.target)
                                                   : std::nullopt;
    if (!name) {
      throw Error(message(messages::kStubNotWritable, {dir, format_stub_line(entry)}));
    }
    generations.push_back(*name);
  }
  return generations;
}

std::string generation_path(const std::string& dir, const GenerationName& name) {
  return (fs::path(dir) / format_generation_name(name)).string();
}

int next_generation_number(const std::string& dir) {
  int highest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = parse_generation_name(entry.path().filename().string());
    if (name) highest = std::max(highest, name->number);
  }
  return highest + 1;
}

void publish_generations(const std::string& dir,
                         const std::vector<GenerationName>& generations) {
  std::vector<StubEntry> entries;
  for (const GenerationName& g : generations) {
    entries.push_back({StubEntryKind::kAuto, format_generation_name(g), ""});
  }
  write_stub(dir, entries);
  // A fixed name for each shard's live generation ("live", "live-s0"…): what
  // xapian-replicate-server serves, so that replicas follow rebuilds and
  // compactions (a new generation is a new database to them, copied whole).
  for (const GenerationName& g : generations) point_live_link(dir, g);
  // The renames themselves must reach the disk before old generations go.
  sync_folder(dir);
}

int remove_stale_generations(const std::string& dir, std::chrono::seconds grace) {
  std::vector<GenerationName> live;
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
    const auto name = parse_generation_name(entry.path().filename().string());
    if (!name || std::count(live.begin(), live.end(), *name)) continue;
    const auto changed = fs::last_write_time(entry.path() / "iamglass", ec);
    if (!ec && now - changed < grace) continue;
    ec.clear();
    fs::remove_all(entry.path(), ec);
    removed += !ec;
  }
  return removed;
}

}  // namespace kiosque
