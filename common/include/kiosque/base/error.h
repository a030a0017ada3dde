// SPDX-License-Identifier: GPL-2.0-or-later
// The one exception type of the library.
#ifndef KIOSQUE_BASE_ERROR_H_
#define KIOSQUE_BASE_ERROR_H_

#include <stdexcept>

namespace kiosque {

// An error that stops a tool: main() prints its message on one line and
// exits 2. Per-article problems are values (Problem), never this.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kiosque

#endif  // KIOSQUE_BASE_ERROR_H_
