// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/sequence.h"

#include <charconv>

#include "kiosque/store/database.h"
#include "kiosque/store/schema.h"

namespace kiosque {

std::uint64_t committed_sequence(const Xapian::Database& db) {
  const std::string text = db.get_metadata(schema::kMetaSequence);
  std::uint64_t sequence = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), sequence);
  if (error != std::errc() || end != text.data() + text.size()) return 0;
  return sequence;
}

std::uint64_t live_sequence(Xapian::Database& db) {
  return read_live(db, [](const Xapian::Database& d) { return committed_sequence(d); });
}

std::string encode_sequence_meta(std::uint64_t sequence) {
  return std::to_string(sequence);
}

std::string encode_sequence_slot(std::uint64_t sequence) {
  return Xapian::sortable_serialise(static_cast<double>(sequence));
}

void SequenceCounter::record(Xapian::WritableDatabase& meta) {
  meta.set_metadata(schema::kMetaSequence, encode_sequence_meta(next_));
  ++next_;
}

}  // namespace kiosque
