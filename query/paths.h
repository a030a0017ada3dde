// SPDX-License-Identifier: GPL-2.0-or-later
// Where a person finds an article: a path they can open, and its URL.
#ifndef KIOSQUE_QUERY_PATHS_H_
#define KIOSQUE_QUERY_PATHS_H_

#include <filesystem>
#include <string>

#include "kiosque/search/search.h"

namespace kiosque {

// `file` (absolute) relative to `cwd` when that is shorter, else `file`
// itself; both open the same file from `cwd`.
std::string openable_path(const std::string& file, const std::filesystem::path& cwd);

// What a hit line shows to find the article, sanitised: the path of its
// file (openable_path from the current folder; the path relative to its
// root when the root is not recorded), then " · " and its URL when it has
// one.
std::string hit_location(const Hit& hit);

}  // namespace kiosque

#endif  // KIOSQUE_QUERY_PATHS_H_
