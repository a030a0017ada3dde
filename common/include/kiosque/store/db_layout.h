// The folder layout of a kiosque database. A database is a folder DIR holding
// a Xapian stub file, DIR/XAPIANDB, that names its live generation (a glass
// database in DIR/gNNNNNN). Xapian opens DIR through the stub, for reading
// and writing alike.
//
// Why: a rebuild or a compaction writes a new generation beside the live one
// and publishes it by renaming a new stub over the old one. A search that has
// the old generation open keeps a consistent view of it (reopen() stays on
// it); a search opened after the rename sees the new one. Renaming a folder
// over a live one fails, and swapping folders under an open reader gives it
// an inconsistent view (XAPIAN-NOTES.md). The stub is also where shards and
// remote databases will be listed.
#ifndef KIOSQUE_STORE_DB_LAYOUT_H_
#define KIOSQUE_STORE_DB_LAYOUT_H_

#include <chrono>
#include <string>
#include <vector>

namespace kiosque {

// The stub's path: DIR/XAPIANDB.
std::string stub_path(const std::string& dir);

// The generations the stub names ("g000001", or "meta-g000001",
// "s0-g000001"… for a sharded folder), in order; empty when DIR has no stub. Throws Error when the stub names something else (a remote
// database, an absolute path) that this version cannot write to.
std::vector<std::string> live_generations(const std::string& dir);

// A generation's name: "g000007" for the one database of an unsharded
// folder, "<shard>-g000007" for a shard ("meta", the shard of metadata that
// holds no articles, or "s0", "s1"…).
std::string generation_name(const std::string& shard, int number);

// Whether `name` is a generation's: "g000001", "meta-g000001", "s3-g000002",
// "y2017-g000004", "ynone-g000004".
bool is_generation_name(const std::string& name);

// The shard part of a generation name ("" for an unsharded one).
std::string shard_of(const std::string& generation);

// A generation number not used in DIR yet: one more than the highest there.
int next_generation_number(const std::string& dir);

// An unsharded generation name not used in DIR yet.
std::string new_generation_name(const std::string& dir);

// Makes `generations` the live ones: writes a new stub beside the old one,
// flushes it to disk, and renames it over the old one (atomic). Also points
// the symlink "live" (unsharded) or "live-<shard>" at each shard's live
// generation, for xapian-replicate-server. Throws Error.
void publish_generations(const std::string& dir,
                         const std::vector<std::string>& generations);

// Removes the generation folders that the stub does not name and that have
// not changed for `grace` (searches that opened them before a swap have had
// time to finish). Returns how many were removed; never throws.
int remove_stale_generations(const std::string& dir, std::chrono::seconds grace);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_DB_LAYOUT_H_
