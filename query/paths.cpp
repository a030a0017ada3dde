// SPDX-License-Identifier: GPL-2.0-or-later
#include "paths.h"

#include <system_error>

#include "kiosque/base/terminal.h"

namespace kiosque {

namespace fs = std::filesystem;

std::string openable_path(const std::string& file, const fs::path& cwd) {
  if (cwd.empty()) return file;
  // Lexical: the stored path is what the indexer saw, whether or not the
  // file is still there.
  const std::string relative = fs::path(file).lexically_relative(cwd).string();
  return !relative.empty() && relative.size() < file.size() ? relative : file;
}

std::string hit_location(const Hit& hit) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  std::string where = hit.file.empty() ? hit.article.path : openable_path(hit.file, cwd);
  if (!hit.article.url.empty()) where += " · " + hit.article.url;
  return sanitize_for_terminal(where);
}

}  // namespace kiosque
