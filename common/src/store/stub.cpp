// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/stub.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosque/base/error.h"
#include "kiosque/base/message.h"

namespace kiosque {
namespace {

constexpr char kStubName[] = "XAPIANDB";
constexpr char kTemporarySuffix[] = ".new";
constexpr char kStubHeader[] =
    "# kiosque database: the live generation(s), see docs/architecture.md\n";

// One non-comment line, split as Xapian splits it: at the first space.
StubEntry parse_line(const std::string& line) {
  const std::size_t space = line.find(' ');
  const std::string type = line.substr(0, space);
  const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
  if (type == "auto" && !rest.empty()) return {StubEntryKind::kAuto, rest, ""};
  if (type == "remote" && !rest.empty() && rest[0] == ':') {
    const std::size_t args = rest.find(' ');
    if (args == std::string::npos)
      return {StubEntryKind::kRemoteProgram, rest.substr(1), ""};
    return {StubEntryKind::kRemoteProgram, rest.substr(1, args - 1),
            rest.substr(args + 1)};
  }
  // A remote line without a colon is still meant for xapian-tcpsrv: opening
  // it says that it is not HOST:PORT.
  if (type == "remote" && !rest.empty()) return {StubEntryKind::kRemoteTcp, rest, ""};
  return {StubEntryKind::kOther, line, ""};
}

}  // namespace

std::string stub_path(const std::string& dir) {
  return (std::filesystem::path(dir) / kStubName).string();
}

std::vector<StubEntry> parse_stub(std::string_view text) {
  std::vector<StubEntry> entries;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    entries.push_back(parse_line(line));
  }
  return entries;
}

std::optional<std::vector<StubEntry>> read_stub(const std::string& dir) {
  std::ifstream in(stub_path(dir));
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return parse_stub(text.str());
}

std::string stub_entry_text(const StubEntry& entry) {
  switch (entry.kind) {
    case StubEntryKind::kAuto:
    case StubEntryKind::kRemoteTcp:
      return entry.target;
    case StubEntryKind::kRemoteProgram:
      return ":" + entry.target + (entry.args.empty() ? "" : " " + entry.args);
    case StubEntryKind::kOther:
      return entry.target;
  }
  return entry.target;
}

std::string format_stub_line(const StubEntry& entry) {
  switch (entry.kind) {
    case StubEntryKind::kAuto:
      return "auto " + stub_entry_text(entry);
    case StubEntryKind::kRemoteTcp:
    case StubEntryKind::kRemoteProgram:
      return "remote " + stub_entry_text(entry);
    case StubEntryKind::kOther:
      return entry.target;
  }
  return entry.target;
}

std::string format_stub(const std::vector<StubEntry>& entries) {
  std::string text = kStubHeader;
  for (const StubEntry& entry : entries) text += format_stub_line(entry) + "\n";
  return text;
}

bool is_stub_temporary(std::string_view file_name) {
  return file_name == std::string(kStubName) + kTemporarySuffix;
}

void write_stub(const std::string& dir, const std::vector<StubEntry>& entries) {
  const std::string stub = stub_path(dir);
  const std::string temporary = stub + kTemporarySuffix;
  const std::string content = format_stub(entries);
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  bool ok = fd >= 0;
  ok = ok && ::write(fd, content.data(), content.size()) ==
                 static_cast<ssize_t>(content.size());
  ok = ok && ::fsync(fd) == 0;
  if (fd >= 0) ok = ::close(fd) == 0 && ok;
  ok = ok && std::rename(temporary.c_str(), stub.c_str()) == 0;
  if (!ok) throw Error(message(messages::kCannotWriteStub, {stub, std::strerror(errno)}));
}

}  // namespace kiosque
