// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/read_pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "index_test_support.h"
#include "kiosque/input/limits.h"

namespace kiosque {
namespace {

using testing::RecordingObserver;
using testing::TempDir;
using testing::write_file;

// `count` JSON Lines records with ids r0, r1…
std::string records(int count) {
  std::string lines;
  for (int i = 0; i < count; ++i) {
    lines += R"({"id":"r)" + std::to_string(i) +
             R"(","title":"Titre","text":"mots du texte"})"
             "\n";
  }
  return lines;
}

// A preparer that keeps only the id, and throws `std::range_error` on its
// `fail_at`-th article (1-based; 0: never), or a Xapian::DatabaseError on
// its `database_fails_at`-th, recording the thread it ran on.
struct CountingPreparer {
  int fail_at = 0;
  int database_fails_at = 0;
  std::atomic<int> seen{0};
  std::atomic<bool> other_thread{true};
  Preparer preparer() {
    const std::thread::id caller = std::this_thread::get_id();
    return [this, caller](const Article& article, Analyzer&) {
      if (std::this_thread::get_id() == caller) other_thread = false;
      ++seen;
      if (seen == fail_at)
        throw std::range_error("article " + article.id + " is too much");
      if (seen == database_fails_at) throw Xapian::DatabaseCorruptError("bad block");
      PreparedDocument prepared;
      prepared.id_term = "Q" + article.id;
      return prepared;
    };
  }
};

class ReadPipelineTest : public ::testing::Test {
 protected:
  ReadPipelineTest() {
    write_file(dir_.path() / "a.jsonl", records(5));
    write_file(dir_.path() / "b.jsonl", records(3));
    write_file(dir_.path() / "c.txt", "Un titre\n\nUn texte.\n");
    RecordingObserver observer;
    // No label: the ids stay as read (scoping is roots_test's).
    walk_ = walk_roots(
        {WalkRoot{dir_.path().string(), "", dir_.path().string(), "", false}}, observer);
  }
  ReadPipelineOptions options(CountingPreparer& preparer) {
    ReadPipelineOptions o;
    o.batch_articles = 2;
    o.queue_batches = 1;
    o.prepare = preparer.preparer();
    o.source = "Agence";
    return o;
  }

  TempDir dir_;
  Walk walk_;
};

// "a.jsonl[first,last]: r0 r1" for each batch, in order.
std::string describe(const FileBatch& batch) {
  std::string line = batch.task->relpath + (batch.first ? "[first" : "[") +
                     (batch.last ? ",last]" : "]") + ":";
  for (const PreparedDocument& d : batch.documents) line += " " + d.id_term;
  return line;
}

TEST_F(ReadPipelineTest, HandsOverEachChangedFileInBatchesInOrder) {
  walk_.files[1].changed = false;  // b.jsonl is as recorded
  CountingPreparer preparer;
  ReadPipeline pipeline(walk_, options(preparer));
  std::vector<std::string> batches;
  std::size_t file_articles = 0;
  while (auto batch = pipeline.next()) {
    batches.push_back(describe(*batch));
    if (batch->last) file_articles += batch->file_articles;
  }
  EXPECT_EQ(batches, (std::vector<std::string>{
                         "a.jsonl[first]: Qr0 Qr1", "a.jsonl[]: Qr2 Qr3",
                         "a.jsonl[,last]: Qr4", "c.txt[first,last]: Qc.txt"}));
  EXPECT_EQ(file_articles, 6u);
  EXPECT_TRUE(preparer.other_thread);
  EXPECT_EQ(pipeline.failed_file(), "");
}

// Issue #16.4: this used to end the run (the exception was rethrown).
TEST_F(ReadPipelineTest, AnArticleThatCannotBePreparedIsAProblemAtItsLine) {
  CountingPreparer preparer;
  preparer.fail_at = 7;  // the second article of b.jsonl
  ReadPipeline pipeline(walk_, options(preparer));
  std::vector<std::string> batches;
  std::vector<std::string> problems;
  while (auto batch = pipeline.next()) {
    batches.push_back(describe(*batch));
    for (const Problem& p : batch->read.problems) {
      problems.push_back(batch->task->relpath + ":" + std::to_string(p.line) + ": " +
                         p.reason);
    }
  }
  EXPECT_EQ(batches, (std::vector<std::string>{
                         "a.jsonl[first]: Qr0 Qr1", "a.jsonl[]: Qr2 Qr3",
                         "a.jsonl[,last]: Qr4", "b.jsonl[first]: Qr0",
                         "b.jsonl[,last]: Qr2", "c.txt[first,last]: Qc.txt"}));
  EXPECT_EQ(problems, (std::vector<std::string>{"b.jsonl:2: article r1 is too much"}));
  EXPECT_EQ(pipeline.failed_file(), "");
}

TEST_F(ReadPipelineTest,
       ADatabaseErrorOnTheReaderIsRethrownOnTheCallerAfterTheBatchesBeforeIt) {
  CountingPreparer preparer;
  preparer.database_fails_at = 7;  // the second article of b.jsonl
  ReadPipeline pipeline(walk_, options(preparer));
  std::vector<std::string> batches;
  try {
    while (auto batch = pipeline.next()) batches.push_back(describe(*batch));
    FAIL() << "no exception";
  } catch (const Xapian::DatabaseCorruptError& e) {
    EXPECT_EQ(e.get_msg(), "bad block");
  }
  EXPECT_EQ(batches,
            (std::vector<std::string>{"a.jsonl[first]: Qr0 Qr1", "a.jsonl[]: Qr2 Qr3",
                                      "a.jsonl[,last]: Qr4"}));
  EXPECT_EQ(pipeline.failed_file(), (dir_.path() / "b.jsonl").string());
  EXPECT_THROW(pipeline.next(), Xapian::DatabaseCorruptError);  // and again
}

// Issue #16.6: 12 million bad lines kept 12 million problems in memory.
TEST(ProblemCapTest, KeepsAFilesFirstProblemsAndCountsTheErrorsLeftOut) {
  ProblemCap cap;
  ReadResult first;
  first.problems.assign(kMaxProblemsPerFile - 2, Problem{1, "mauvais"});
  first.warnings.assign(5, Problem{2, "réparé"});
  EXPECT_EQ(cap.apply(&first), 0u);
  EXPECT_EQ((std::vector<std::size_t>{first.problems.size(), first.warnings.size()}),
            (std::vector<std::size_t>{kMaxProblemsPerFile - 2, 2}));
  ReadResult second;
  second.problems.assign(7, Problem{3, "mauvais"});
  EXPECT_EQ(cap.apply(&second), 7u);  // errors left out, to count as failed
  EXPECT_EQ(second.problems.size(), 0u);
  EXPECT_EQ(cap.dropped, 10u);
}

TEST_F(ReadPipelineTest, AStopFlagSetBeforehandReadsNothing) {
  CountingPreparer preparer;
  std::atomic<bool> stop{true};
  ReadPipelineOptions o = options(preparer);
  o.stop = &stop;
  ReadPipeline pipeline(walk_, std::move(o));
  EXPECT_EQ(pipeline.next().has_value(), false);
  EXPECT_EQ(preparer.seen, 0);
}

TEST_F(ReadPipelineTest, DestroyingItEarlyReleasesTheReader) {
  CountingPreparer preparer;
  {
    ReadPipeline pipeline(walk_, options(preparer));
    ASSERT_TRUE(pipeline.next().has_value());
  }  // joins without hanging though the reader still had batches to push
  EXPECT_LT(preparer.seen, 9);
}

}  // namespace
}  // namespace kiosque
