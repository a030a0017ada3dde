#include "kiosque/input/article.h"

namespace kiosque {

const char* date_source_name(DateSource source) {
  switch (source) {
    case DateSource::kNone:
      return "none";
    case DateSource::kRecord:
      return "record";
    case DateSource::kPath:
      return "path";
    case DateSource::kMtime:
      return "mtime";
    case DateSource::kHtml:
      return "html";
  }
  return "none";
}

}  // namespace kiosque
