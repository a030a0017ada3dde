// SPDX-License-Identifier: GPL-2.0-or-later
// Terms made from input of any length. Xapian refuses a term longer than 245
// bytes (InvalidArgumentError "Term too long"), and ids, paths and sources
// come from archives: every term kiosque makes from such a value goes
// through bounded_term(), so that one long name never stops a run.
#ifndef KIOSQUE_STORE_TERMS_H_
#define KIOSQUE_STORE_TERMS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kiosque {

// Xapian's limit on the length of a term, in bytes (glass and honey).
inline constexpr std::size_t kMaxTermBytes = 245;

// `prefix` + `value` when that fits in kMaxTermBytes. Otherwise `prefix`, the
// longest head of `value` that ends on a UTF-8 character boundary and leaves
// room, "~", and the 16 hex digits of fnv1a64 of the whole `value`: distinct
// long values stay distinct terms (short of a crafted hash collision), and
// the head keeps the term readable in xapian-delve.
//
// The result is never longer than kMaxTermBytes, and bounding is idempotent:
// for t = bounded_term(p, v), bounded_term(p, t.substr(p.size())) == t, so a
// value read back from a term (an id from its Q term) finds the same term
// again. The full value is never recoverable from a cut term: keep it in the
// document's data. `prefix` must be shorter than 64 bytes. Thread-safe.
std::string bounded_term(std::string_view prefix, std::string_view value);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_TERMS_H_
