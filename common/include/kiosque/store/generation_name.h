// SPDX-License-Identifier: GPL-2.0-or-later
// The name of a generation folder inside a database folder: which shard it
// is, and which generation of that shard ("g000001", "meta-g000001",
// "s3-g000002", "y2017-g000004", "ynone-g000004"). The one place that makes
// and splits these names: the stub lists them, and existing databases are
// found by them, so their spelling never changes (docs/architecture.md, "The
// database folder").
#ifndef KIOSQUE_STORE_GENERATION_NAME_H_
#define KIOSQUE_STORE_GENERATION_NAME_H_

#include <optional>
#include <string>
#include <string_view>

namespace kiosque {

// What a generation holds, as the part of its name before "-g" says.
enum class ShardKind {
  kWhole,    // "g000001": the one database of an unsharded folder
  kMeta,     // "meta-g000001": the metadata shard of a sharded folder
  kHash,     // "s3-g000001": an article shard chosen by a hash of the id
  kYear,     // "y2017-g000001": the articles of one year
  kUndated,  // "ynone-g000001": the articles without a date
};

// A generation's name, typed.
struct GenerationName {
  ShardKind kind = ShardKind::kWhole;
  // kHash: the shard's index (0, 1…); kYear: the year (0 to 9999); else 0.
  int shard = 0;
  // The generation number, 0 to 999999: a rebuild or a compaction writes the
  // next one beside the live one.
  int number = 0;

  friend bool operator==(const GenerationName&, const GenerationName&) = default;
};

// The same shard as `name`, numbered `number`.
GenerationName renumbered(GenerationName name, int number);

// The name of `name`'s folder: "g000001", "s3-g000002"… Numbers past 999999
// and years past 9999 make names that parse_generation_name refuses.
std::string format_generation_name(const GenerationName& name);

// The shard part alone: "" (kWhole), "meta", "s3", "y2017", "ynone".
std::string shard_label(const GenerationName& name);

// The generation that `text` names, or nullopt when `text` is not exactly
// what format_generation_name makes ("g1", "s-g000001", "s03-g000001",
// "y17-g000001", "live", "XAPIANDB" are not).
std::optional<GenerationName> parse_generation_name(std::string_view text);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_GENERATION_NAME_H_
