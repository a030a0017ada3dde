// SPDX-License-Identifier: GPL-2.0-or-later
// The two modes that shape every step of an indexing run, as named values
// rather than bare booleans at call sites.
#ifndef KIOSQUE_INDEX_MODES_H_
#define KIOSQUE_INDEX_MODES_H_

namespace kiosque {

// Whether the database was empty when the run began (a new database or a
// rebuild): nothing to look up then.
enum class Freshness { kIncremental, kFresh };

// Whether the run changes anything (--dry-run only decides and reports).
enum class Writes { kWrite, kDryRun };

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_MODES_H_
