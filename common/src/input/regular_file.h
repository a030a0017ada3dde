// SPDX-License-Identifier: GPL-2.0-or-later
// Opening an archive file for reading without trusting what it is: a FIFO or
// device swapped in after the walk must not block the indexer (a FIFO's
// open() waits for a writer, and SIGINT cannot stop that wait). Private to
// the input folder.
#ifndef KIOSQUE_INPUT_REGULAR_FILE_H_
#define KIOSQUE_INPUT_REGULAR_FILE_H_

#include <filesystem>
#include <string>

namespace kiosque {

// Opens `file` read-only without blocking, checks on the opened descriptor
// that it is a regular file, then makes reads blocking again. Returns the
// descriptor (the caller closes it), or -1 with `*error` set: the system's
// reason (strerror), or "not a regular file" for a FIFO, socket or device.
// Thread-safe.
int open_regular_file(const std::filesystem::path& file, std::string* error);

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_REGULAR_FILE_H_
