// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/config/config_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "kiosque/base/message.h"

namespace kiosque::config {
namespace {

enum class Kind { kPath, kArchive, kCount };
enum class Repeat { kOnce, kMany };

struct KeySpec {
  std::string_view name;
  Kind kind;
  Repeat repeat;
  std::optional<unsigned> default_count;  // kCount only
  unsigned max_count;                     // kCount only
};

// Every key, in the order of docs/operations.md. Counts are bounded so that
// the scripts' arithmetic on them cannot overflow (36500 days * 86400 s).
constexpr KeySpec kKeys[] = {
    {"db", Kind::kPath, Repeat::kOnce, std::nullopt, 0},
    {"archive", Kind::kArchive, Repeat::kMany, std::nullopt, 0},
    {"log", Kind::kPath, Repeat::kOnce, std::nullopt, 0},
    {"compact_every_days", Kind::kCount, Repeat::kOnce, 7u, 36500},
    {"changesets", Kind::kCount, Repeat::kOnce, std::nullopt, 1000000},
    {"alerts", Kind::kPath, Repeat::kOnce, std::nullopt, 0},
    {"alerts_state", Kind::kPath, Repeat::kOnce, std::nullopt, 0},
};

// A config file is a few lines: anything larger is not one.
constexpr std::uintmax_t kMaxFileBytes = 1 << 20;

const KeySpec* find_key(std::string_view name) {
  for (const KeySpec& key : kKeys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_blank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (is_blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "FILE:LINE: error: REASON" (no ":LINE" when `line` is 0).
[[noreturn]] void fail(const std::string& file, std::size_t line,
                       const std::string& reason) {
  std::string where = file;
  if (line > 0) where += ":" + std::to_string(line);
  throw ConfigError(message(messages::kAtError, {where, reason}));
}

std::string unknown_key_reason(std::string_view key) {
  std::string known;
  for (const KeySpec& k : kKeys)
    known += (known.empty() ? "" : ", ") + std::string(k.name);
  return message(messages::kUnknownKey, {key, known});
}

// `line` without its comment: from a '#' that starts it or follows a blank.
std::string_view without_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || is_blank(line[i - 1]))) return line.substr(0, i);
  }
  return line;
}

// The reason `line` holds a control character or NUL, or "" when it holds
// none. A "\r" before the end of line is a CRLF file's and is trimmed.
std::string control_character_reason(std::string_view line) {
  while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  for (const char c : line) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) {
      return message(messages::kControlCharacter, {std::to_string(byte)});
    }
  }
  return "";
}

std::string checked_path(const KeySpec& key, std::string_view value) {
  if (value.front() != '/') {
    throw std::invalid_argument(message(messages::kNotAbsolute, {key.name, value}));
  }
  return std::string(value);
}

std::string checked_count(const KeySpec& key, std::string_view value) {
  const std::string bound =
      message(messages::kNotACount, {key.name, std::to_string(key.max_count), value});
  if (value.size() > 9 ||
      value.find_first_not_of("0123456789") != std::string_view::npos) {
    throw std::invalid_argument(bound);
  }
  const unsigned long n = std::stoul(std::string(value), nullptr, 10);
  if (n > key.max_count) throw std::invalid_argument(bound);
  return std::to_string(n);
}

Archive checked_archive(const KeySpec& key, std::string_view value) {
  const std::size_t bar = value.find('|');
  Archive archive;
  archive.path = checked_path(key, trim(value.substr(0, bar)));
  if (bar != std::string_view::npos) {
    archive.source = std::string(trim(value.substr(bar + 1)));
    if (archive.source.empty()) {
      throw std::invalid_argument(N_("archive has no SOURCE after '|'"));
    }
  }
  return archive;
}

}  // namespace

ConfigFile ConfigFile::parse(std::string_view text, const std::string& file) {
  ConfigFile config;
  config.file_ = file;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::map<std::string, std::size_t, std::less<>> first_line;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view raw = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++number;
    if (const std::string reason = control_character_reason(raw); !reason.empty()) {
      fail(file, number, reason);
    }
    const std::string_view line = trim(without_comment(trim(raw)));
    if (line.empty()) continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) fail(file, number, N_("not a 'KEY = VALUE' line"));
    const std::string_view name = trim(line.substr(0, eq));
    if (name.empty() ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string_view::npos) {
      fail(file, number,
           N_("not a 'KEY = VALUE' line (a KEY is lower-case letters and '_')"));
    }
    const KeySpec* key = find_key(name);
    if (key == nullptr) fail(file, number, unknown_key_reason(name));
    const std::string_view value = trim(line.substr(eq + 1));
    if (value.empty()) fail(file, number, message(messages::kNoValue, {name}));
    const auto [seen, first] = first_line.emplace(std::string(name), number);
    if (!first && key->repeat == Repeat::kOnce) {
      fail(file, number,
           message(messages::kGivenTwice, {name, std::to_string(seen->second)}));
    }
    try {
      std::string normalised;
      if (key->kind == Kind::kArchive) {
        config.archives_.push_back(checked_archive(*key, value));
        const Archive& archive = config.archives_.back();
        normalised =
            archive.path + (archive.source.empty() ? "" : " | " + archive.source);
      } else if (key->kind == Kind::kCount) {
        normalised = checked_count(*key, value);
      } else {
        normalised = checked_path(*key, value);
      }
      config.values_[std::string(name)].push_back(normalised);
    } catch (const std::invalid_argument& e) {
      fail(file, number, e.what());
    }
  }
  return config;
}

ConfigFile ConfigFile::read(const std::string& file) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(file, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    fail(file, 0, "no such configuration file");
  }
  if (ec) fail(file, 0, "cannot read configuration: " + ec.message());
  if (status.type() != std::filesystem::file_type::regular) {
    fail(file, 0, "cannot read configuration: not a regular file");
  }
  if (std::filesystem::file_size(file, ec) > kMaxFileBytes) {
    fail(file, 0, "cannot read configuration: larger than 1 MiB");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, 0, message(messages::kCannotReadConfig, {std::strerror(errno)}));
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  return parse(text, file);
}

std::optional<std::string> ConfigFile::path(std::string_view key) const {
  const KeySpec* spec = find_key(key);
  if (spec == nullptr || spec->kind != Kind::kPath) {
    throw ConfigError(message(messages::kNotAPathKey, {key}));
  }
  const auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second.front();
}

std::optional<unsigned> ConfigFile::count(std::string_view key) const {
  const KeySpec* spec = find_key(key);
  if (spec == nullptr || spec->kind != Kind::kCount) {
    throw ConfigError(message(messages::kNotACountKey, {key}));
  }
  const auto it = values_.find(key);
  if (it == values_.end()) return spec->default_count;
  return static_cast<unsigned>(std::stoul(it->second.front()));
}

std::vector<std::string> ConfigFile::values(std::string_view key) const {
  const KeySpec* spec = find_key(key);
  if (spec == nullptr) throw ConfigError(unknown_key_reason(key));
  const auto it = values_.find(key);
  if (it != values_.end()) return it->second;
  if (spec->default_count) return {std::to_string(*spec->default_count)};
  return {};
}

std::vector<std::string> known_keys() {
  std::vector<std::string> keys;
  for (const KeySpec& key : kKeys) keys.emplace_back(key.name);
  return keys;
}

}  // namespace kiosque::config
