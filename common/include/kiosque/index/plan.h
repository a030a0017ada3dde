// SPDX-License-Identifier: GPL-2.0-or-later
// Step 2 of an indexing run: dropping the files that have not changed since
// the database recorded them (store/file_state.h).
#ifndef KIOSQUE_INDEX_PLAN_H_
#define KIOSQUE_INDEX_PLAN_H_

#include <cstdint>

#include <xapian.h>

#include "kiosque/index/walk.h"

namespace kiosque {

// What the plan leaves to do.
struct Plan {
  std::uint64_t bytes_to_read = 0;       // of the files left to read
  std::uint64_t unchanged_articles = 0;  // recorded articles of the others
};

// Marks FileTask::changed on each of `walk`'s files: false when `recorded`
// holds a state for it (under its root's label) with the same size and
// modification time, and its root is not to be read again (WalkRoot::reread).
// `recorded` is the database holding file states, or null for a fresh build
// (every file is read). Throws Xapian::Error.
Plan plan_reads(const Xapian::Database* recorded, Walk* walk);

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_PLAN_H_
