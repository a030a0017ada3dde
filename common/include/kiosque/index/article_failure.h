// SPDX-License-Identifier: GPL-2.0-or-later
// Which errors stop a run. An error met while reading, preparing or writing
// one article concerns that article (RULINGS.md "What counts as a failure"):
// it is reported as `path[:line]: error: reason` and the run goes on. Only
// an error of the database itself (it cannot be opened or written, the disk
// is full, the lock is held, it is corrupt or closed) stops the run.
#ifndef KIOSQUE_INDEX_ARTICLE_FAILURE_H_
#define KIOSQUE_INDEX_ARTICLE_FAILURE_H_

#include <exception>
#include <stdexcept>
#include <string>

namespace kiosque {

// One article could not be written; what() is the reason, on one line.
class ArticleFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether `error` concerns the database rather than one article: a
// Xapian::DatabaseError (of any subclass: lock, corruption, opening, closed,
// modified, version) or a std::system_error (ENOSPC and other I/O from the
// system). Everything else (Xapian::InvalidArgumentError "Term too long",
// ICU and zstd failures, std::bad_alloc for one huge article, a library's
// range error) concerns the article. `error` must not be null. Thread-safe.
bool concerns_database(const std::exception_ptr& error);

// A one-line reason for `error` ("InvalidArgumentError: Term too long…" for
// Xapian's, what() for the standard ones, "unknown error" otherwise), for a
// problem report. `error` must not be null. Thread-safe.
std::string failure_reason(const std::exception_ptr& error);

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_ARTICLE_FAILURE_H_
