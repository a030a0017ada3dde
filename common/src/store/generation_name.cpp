// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/generation_name.h"

#include <algorithm>
#include <cstdio>

namespace kiosque {
namespace {

constexpr std::string_view kMeta = "meta";
constexpr std::string_view kUndated = "ynone";
constexpr std::size_t kNumberDigits = 6;
constexpr std::size_t kYearDigits = 4;
// More hash shards than any folder holds; keeps the parse within an int.
constexpr std::size_t kMaxShardDigits = 6;

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// "g" and exactly six digits.
std::optional<int> parse_number(std::string_view text) {
  if (text.size() != 1 + kNumberDigits || text[0] != 'g' || !all_digits(text.substr(1))) {
    return std::nullopt;
  }
  return to_int(text.substr(1));
}

// The shard part of a sharded name; nullopt when it is none of the forms.
std::optional<GenerationName> parse_shard(std::string_view text) {
  if (text == kMeta) return GenerationName{ShardKind::kMeta, 0, 0};
  if (text == kUndated) return GenerationName{ShardKind::kUndated, 0, 0};
  if (text.empty()) return std::nullopt;
  const std::string_view digits = text.substr(1);
  if (text[0] == 'y' && digits.size() == kYearDigits && all_digits(digits)) {
    return GenerationName{ShardKind::kYear, to_int(digits), 0};
  }
  // No leading zero: one spelling per shard, so that names format back.
  const bool canonical = digits.size() == 1 || (!digits.empty() && digits[0] != '0');
  if (text[0] == 's' && canonical && digits.size() <= kMaxShardDigits &&
      all_digits(digits)) {
    return GenerationName{ShardKind::kHash, to_int(digits), 0};
  }
  return std::nullopt;
}

}  // namespace

GenerationName renumbered(GenerationName name, int number) {
  name.number = number;
  return name;
}

std::string shard_label(const GenerationName& name) {
  switch (name.kind) {
    case ShardKind::kWhole:
      return "";
    case ShardKind::kMeta:
      return std::string(kMeta);
    case ShardKind::kHash: {
      // snprintf, not "s" + std::to_string(): GCC 12's -Wrestrict reports a
      // false positive on that concatenation in Release builds.
      char shard[16];
      std::snprintf(shard, sizeof shard, "s%d", name.shard);
      return shard;
    }
    case ShardKind::kYear: {
      char year[16];
      std::snprintf(year, sizeof year, "y%04d", name.shard);
      return year;
    }
    case ShardKind::kUndated:
      return std::string(kUndated);
  }
  return "";
}

std::string format_generation_name(const GenerationName& name) {
  char number[16];
  std::snprintf(number, sizeof number, "g%06d", name.number);
  const std::string shard = shard_label(name);
  return shard.empty() ? std::string(number) : shard + "-" + number;
}

std::optional<GenerationName> parse_generation_name(std::string_view text) {
  const std::size_t dash = text.find('-');
  const std::optional<int> number =
      parse_number(dash == std::string_view::npos ? text : text.substr(dash + 1));
  if (!number) return std::nullopt;
  if (dash == std::string_view::npos)
    return GenerationName{ShardKind::kWhole, 0, *number};
  std::optional<GenerationName> name = parse_shard(text.substr(0, dash));
  if (name) name->number = *number;
  return name;
}

}  // namespace kiosque
