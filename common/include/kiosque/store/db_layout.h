// SPDX-License-Identifier: GPL-2.0-or-later
// The folder layout of a kiosque database. A database is a folder DIR holding
// a Xapian stub file, DIR/XAPIANDB (stub.h), that names its live
// generations: glass databases in DIR, named as generation_name.h says
// ("g000001", or "meta-g000001", "s0-g000001"… when sharded). Xapian opens
// DIR through the stub, for reading and writing alike.
//
// Why: a rebuild or a compaction writes a new generation beside the live one
// and publishes it by renaming a new stub over the old one. A search that has
// the old generation open keeps a consistent view of it (reopen() stays on
// it); a search opened after the rename sees the new one. Renaming a folder
// over a live one fails, and swapping folders under an open reader gives it
// an inconsistent view (docs/architecture.md, "The database folder"). The
// stub is also where shards and remote databases are listed.
#ifndef KIOSQUE_STORE_DB_LAYOUT_H_
#define KIOSQUE_STORE_DB_LAYOUT_H_

#include <chrono>
#include <string>
#include <vector>

#include "kiosque/store/generation_name.h"

namespace kiosque {

// The generations DIR's stub names, in order; empty when DIR has no stub.
// Throws Error when the stub names something else (a remote database, an
// absolute path) that kiosque-index cannot write to.
std::vector<GenerationName> live_generations(const std::string& dir);

// The folder of generation `name` in DIR.
std::string generation_path(const std::string& dir, const GenerationName& name);

// A generation number not used in DIR yet: one more than the highest there
// (1 in an empty or missing folder).
int next_generation_number(const std::string& dir);

// Makes `generations` the live ones: writes a new stub and renames it over
// the old one (atomic, write_stub). Also points the symlink "live"
// (unsharded) or "live-<shard>" at each shard's live generation, for
// xapian-replicate-server, and syncs DIR. Throws Error.
void publish_generations(const std::string& dir,
                         const std::vector<GenerationName>& generations);

// Removes the generation folders that the stub does not name and whose
// iamglass has not changed for `grace` (searches that opened them before a
// swap have had time to finish). Nothing is removed without a readable stub.
// Returns how many were removed; never throws.
int remove_stale_generations(const std::string& dir, std::chrono::seconds grace);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_DB_LAYOUT_H_
