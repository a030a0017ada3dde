// SPDX-License-Identifier: GPL-2.0-or-later
#include "timeline.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>

#include "kiosque/i18n.h"

namespace kiosque {
namespace {

constexpr char kFullBlock[] = "█";
// One to seven eighths of a block, U+258F to U+2589.
constexpr const char* kEighths[] = {"▏", "▎", "▍", "▌", "▋", "▊", "▉"};
constexpr std::size_t kIndent = 2;
constexpr std::size_t kMinBarWidth = 10;

}  // namespace

std::string timeline_bar(Xapian::doccount count, Xapian::doccount max,
                         std::size_t width) {
  if (count == 0 || max == 0) return "";
  const std::uint64_t eighths =
      std::max<std::uint64_t>(1, (std::uint64_t{count} * width * 8 + max / 2) / max);
  std::string bar;
  for (std::uint64_t i = 0; i < eighths / 8; ++i) bar += kFullBlock;
  if (eighths % 8 != 0) bar += kEighths[eighths % 8 - 1];
  return bar;
}

void print_timeline(std::ostream& out, const Timeline& timeline, std::size_t columns) {
  if (timeline.bars.empty() && timeline.undated == 0) return;  // nothing matched
  // Every matching article counts, though a story's reprints are one hit.
  out << (timeline.period == TimelinePeriod::kYear ? _("By year (reprints included):")
                                                   : _("By month (reprints included):"))
      << '\n';
  if (!timeline.bars.empty()) {
    Xapian::doccount max = 0;
    std::size_t label_width = 0;
    for (const TimelineBar& bar : timeline.bars) {
      max = std::max(max, bar.count);
      label_width = std::max(label_width, bar.period.size());
    }
    // "  LABEL  BAR COUNT": what is left for the longest bar.
    const std::size_t fixed = kIndent + label_width + 2 + 1 + std::to_string(max).size();
    const std::size_t width =
        columns > fixed + kMinBarWidth ? columns - fixed : kMinBarWidth;
    for (const TimelineBar& bar : timeline.bars) {
      out << std::string(kIndent, ' ') << bar.period
          << std::string(label_width - bar.period.size() + 2, ' ');
      const std::string drawn = timeline_bar(bar.count, max, width);
      out << drawn << (drawn.empty() ? "" : " ") << bar.count << '\n';
    }
  }
  if (timeline.undated > 0) {
    out << i18n::format(_("Undated: %u"), static_cast<unsigned>(timeline.undated))
        << '\n';
  }
}

void print_timeline_json(std::ostream& out, const Timeline& timeline) {
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  for (const TimelineBar& bar : timeline.bars) counts[bar.period] = bar.count;
  const nlohmann::ordered_json object = {
      {"type", "timeline"},
      {"period", timeline_period_name(timeline.period)},
      {"counts", counts},
      {"undated", timeline.undated},
  };
  out << object.dump() << '\n';
}

}  // namespace kiosque
