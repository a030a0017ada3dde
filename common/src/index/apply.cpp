// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/apply.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>

#include "kiosque/base/message.h"
#include "kiosque/index/article_failure.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"

namespace kiosque {

std::string shard_year(const std::string& year) {
  if (year.size() != 4) return "";
  const int number = std::atoi(year.c_str());
  return number >= kMinShardYear && number <= kMaxShardYear ? year : "";
}

double IndexedAtClock::next() {
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  last_ = std::max(now, last_ + 1e-6);
  return last_;
}

namespace {

// Xapian refuses a too long term only once it is writing the document, and
// then cancels every change since the last commit (glass: cancel() on any
// exception in add or replace): an article's faults must be found before.
// A document as prepare_document() made it has none, and walking its terms
// (a string copy each) was 1% of the writer's time: only a document changed
// since is walked.
void check_writable(const PreparedDocument& prepared) {
  const Xapian::Document& document = prepared.document;
  if (prepared.bounded_terms != 0 && document.termlist_count() == prepared.bounded_terms)
    return;
  for (auto t = document.termlist_begin(); t != document.termlist_end(); ++t) {
    const std::string& term = *t;
    if (term.size() > kMaxTermBytes) {
      throw ArticleFailure(message(messages::kTermTooLong,
                                   {std::to_string(term.size()),
                                    std::to_string(kMaxTermBytes), term.substr(0, 40)}));
    }
  }
}

}  // namespace

// An article keeps when it was first indexed and the commit that first made
// it visible (issue #15: only new articles alert), from its stored self or,
// in a rebuild, from the live database's; a new one gets the clock's time
// and the next commit's sequence. An empty sequence (indexed before
// sequences) stays empty: sequence 0, seen by every alert.
void ArticleApplier::keep_first_seen(const std::optional<Xapian::Document>& earlier,
                                     Xapian::Document& document) {
  std::string indexed_at = earlier ? earlier->get_value(schema::kSlotIndexedAt) : "";
  if (indexed_at.empty()) indexed_at = Xapian::sortable_serialise(clock_.next());
  document.add_value(schema::kSlotIndexedAt, indexed_at);
  const std::string sequence =
      earlier ? earlier->get_value(schema::kSlotSequence) : set_.new_sequence();
  if (!sequence.empty()) document.add_value(schema::kSlotSequence, sequence);
}

ArticleOutcome ArticleApplier::apply(const std::string& id, PreparedDocument& prepared) {
  writing_ = false;
  try {
    return decide_and_write(id, prepared);
  } catch (...) {
    // An error inside a Xapian write has discarded the uncommitted work of
    // other articles too: it stops the run, whatever it says.
    const std::exception_ptr error = std::current_exception();
    if (writing_ || concerns_database(error)) throw;
    throw ArticleFailure(failure_reason(error));
  }
}

ArticleOutcome ArticleApplier::decide_and_write(const std::string& id,
                                                PreparedDocument& prepared) {
  Xapian::Document& document = prepared.document;
  // Where it goes, and where it is now: by year, a changed date moves it.
  const std::size_t target =
      set_.route(id, shard_year(document.get_value(schema::kSlotYear)));
  const std::size_t holder =
      freshness_ == Freshness::kFresh ? set_.size() : set_.holder(prepared.id_term);
  const bool existed = holder < set_.size();
  std::optional<Xapian::Document> earlier;  // the article as first indexed
  if (existed) {
    Xapian::WritableDatabase& old_db = set_.shard(holder);
    const Xapian::Document old =
        old_db.get_document(*old_db.postlist_begin(prepared.id_term));
    // Compressed texts compare as their texts do (zstd is deterministic for
    // one library version; after an upgrade, re-read articles are rewritten
    // once).
    if (old.get_data() == document.get_data() &&
        old.get_value(schema::kSlotText) == document.get_value(schema::kSlotText)) {
      return ArticleOutcome::kUnchanged;
    }
    earlier = old;
  }
  const ArticleOutcome outcome =
      existed ? ArticleOutcome::kUpdated : ArticleOutcome::kAdded;
  if (writes_ == Writes::kDryRun) return outcome;
  if (!existed) earlier = set_.previous_article(prepared.id_term);  // a rebuild
  keep_first_seen(earlier, document);
  const std::string group = duplicates_.group_of(prepared, leaders_);
  if (!group.empty()) {
    document.add_value(schema::kSlotDuplicateGroup, group);
    leaders_.member_in(group, target);
  }
  check_writable(prepared);
  writing_ = true;
  write(target, holder, prepared);
  return outcome;
}

void ArticleApplier::write(std::size_t target, std::size_t holder,
                           PreparedDocument& prepared) {
  if (pool_) {
    pool_->write(target, std::move(prepared));
    return;
  }
  if (holder < set_.size() && holder != target) {
    set_.shard(holder).delete_document(prepared.id_term);
  }
  set_.replace(target, prepared.id_term, prepared.document, prepared.spellings);
}

}  // namespace kiosque
