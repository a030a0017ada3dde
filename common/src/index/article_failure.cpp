// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/article_failure.h"

#include <system_error>

#include <xapian.h>

namespace kiosque {

bool concerns_database(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const Xapian::DatabaseError&) {
    return true;
  } catch (const std::system_error&) {
    return true;
  } catch (...) {
    return false;
  }
}

std::string failure_reason(const std::exception_ptr& error) {
  std::string reason;
  try {
    std::rethrow_exception(error);
  } catch (const Xapian::Error& e) {
    reason = e.get_description();
  } catch (const std::exception& e) {
    reason = e.what();
  } catch (...) {
    reason = "unknown error";
  }
  // One problem, one line, whatever the library put in its message.
  for (char& c : reason) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return reason;
}

}  // namespace kiosque
