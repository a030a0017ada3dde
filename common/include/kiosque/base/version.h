// SPDX-License-Identifier: GPL-2.0-or-later
// The project's version, from CMakeLists.txt.
#ifndef KIOSQUE_BASE_VERSION_H_
#define KIOSQUE_BASE_VERSION_H_

namespace kiosque {
extern const char kVersion[];
}  // namespace kiosque

#endif  // KIOSQUE_BASE_VERSION_H_
