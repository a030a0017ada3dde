// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/duplicate_index.h"

#include "kiosque/store/document.h"

namespace kiosque {
namespace {

// A band value shared by very many articles (boilerplate) is not worth
// scanning whole: as in the database path.
constexpr int kMaxCandidatesPerBand = 64;

}  // namespace

DuplicateIndex::DuplicateIndex() : heads_(4u << 16, kNone) {}

std::string DuplicateIndex::add(std::uint64_t simhash, const std::string& id) {
  const auto article = static_cast<std::uint32_t>(hashes_.size());
  std::uint32_t group = article;
  for (int band = 0; band < 4 && group == article; ++band) {
    const std::uint32_t key =
        (static_cast<std::uint32_t>(band) << 16) |
        static_cast<std::uint32_t>((simhash >> (16 * band)) & 0xFFFF);
    int scanned = 0;
    for (std::uint32_t other = heads_[key];
         other != kNone && scanned < kMaxCandidatesPerBand;
         other = next_[4 * other + band], ++scanned) {
      if (__builtin_popcountll(hashes_[other] ^ simhash) <= kNearDuplicateBits) {
        group = group_of_[other];
        break;
      }
    }
  }
  hashes_.push_back(simhash);
  group_of_.push_back(group);
  ids_ += id;
  id_ends_.push_back(static_cast<std::uint32_t>(ids_.size()));
  for (int band = 0; band < 4; ++band) {
    const std::uint32_t key =
        (static_cast<std::uint32_t>(band) << 16) |
        static_cast<std::uint32_t>((simhash >> (16 * band)) & 0xFFFF);
    next_.push_back(heads_[key]);
    heads_[key] = article;
  }
  const std::uint32_t begin = group == 0 ? 0 : id_ends_[group - 1];
  return ids_.substr(begin, id_ends_[group] - begin);
}

}  // namespace kiosque
