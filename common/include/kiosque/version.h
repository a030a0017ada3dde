// The project's version, from CMakeLists.txt.
#ifndef KIOSQUE_VERSION_H_
#define KIOSQUE_VERSION_H_

namespace kiosque {
extern const char kVersion[];
}  // namespace kiosque

#endif  // KIOSQUE_VERSION_H_
