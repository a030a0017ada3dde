// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/roots.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "index_test_support.h"
#include "kiosque/input/corpus_reader.h"

namespace kiosque {
namespace {

using testing::TempDir;
using testing::write_file;

// Each use as "LABEL SCOPE" ("- " for a PATH in no root).
std::vector<std::string> uses(const RootResolution& r) {
  std::vector<std::string> out;
  for (const RootUse& use : r.uses) {
    out.push_back((use.root == kNoRoot ? "-" : r.roots[use.root].label) + " " +
                  use.scope);
  }
  return out;
}

TEST(RootsTest, LabelsAreTheSanitisedBaseNameMadeUnique) {
  EXPECT_EQ(make_label("sud-ouest", {}), "sud-ouest");
  EXPECT_EQ(make_label("Le Monde (2021)", {}), "Le-Monde--2021-");
  EXPECT_EQ(make_label("dépêches", {}), "d--p--ches");
  EXPECT_EQ(make_label("a:b/c", {}), "a-b-c");
  EXPECT_EQ(make_label("", {}), "root");
  EXPECT_EQ(make_label("..", {}), "root");
  EXPECT_EQ(make_label("a", {"a", "a-2"}), "a-3");
}

TEST(RootsTest, TwoFoldersWithTheSameNameGetTwoLabels) {
  TempDir dir;
  write_file(dir.path() / "x" / "coll" / "a.txt", "t");
  write_file(dir.path() / "y" / "coll" / "a.txt", "t");
  const RootResolution r = resolve_roots(
      {}, {(dir.path() / "x" / "coll").string(), (dir.path() / "y" / "coll").string()});
  EXPECT_EQ(uses(r), (std::vector<std::string>{"coll ", "coll-2 "}));
  EXPECT_EQ(r.fresh, (std::vector<bool>{true, true}));
}

TEST(RootsTest, APathInsideARecordedRootIsPartOfIt) {
  TempDir dir;
  const auto root = dir.path() / "archive";
  write_file(root / "2021" / "01" / "une.txt", "t");
  const std::vector<RecordedRoot> recorded = {
      {"archive", RootKind::kFolder, root.string(), "Le Sud"}};
  const RootResolution r =
      resolve_roots(recorded, {(root / "2021").string() + "/",
                               (root / "2021/01/une.txt").string(), root.string()});
  EXPECT_EQ(uses(r), (std::vector<std::string>{"archive 2021", "archive 2021/01/une.txt",
                                               "archive "}));
  EXPECT_EQ(r.roots, recorded);
  EXPECT_EQ(r.fresh, (std::vector<bool>{false}));
}

TEST(RootsTest, AFileAloneIsItsOwnRootAndASiblingAnother) {
  TempDir dir;
  write_file(dir.path() / "exports" / "2024-12-05.jsonl", "{}");
  write_file(dir.path() / "exports" / "2024-12-06.jsonl", "{}");
  const std::string first = (dir.path() / "exports" / "2024-12-05.jsonl").string();
  const RootResolution day1 = resolve_roots({}, {first});
  EXPECT_EQ(
      day1.roots,
      (std::vector<RecordedRoot>{{"2024-12-05.jsonl", RootKind::kFile, first, ""}}));
  EXPECT_EQ(uses(day1), (std::vector<std::string>{"2024-12-05.jsonl 2024-12-05.jsonl"}));
  const RootResolution day2 =
      resolve_roots(day1.roots, {(dir.path() / "exports" / "2024-12-06.jsonl").string()});
  EXPECT_EQ(uses(day2), (std::vector<std::string>{"2024-12-06.jsonl 2024-12-06.jsonl"}));
  EXPECT_EQ(day2.fresh, (std::vector<bool>{false, true}));
}

TEST(RootsTest, ARecordedRootWhosePathVanishedMovedToANewPathWithItsLabel) {
  TempDir dir;
  write_file(dir.path() / "new-mount" / "sud" / "a.txt", "t");
  const std::string old_path = (dir.path() / "old-mount" / "sud").string();
  const std::string new_path = (dir.path() / "new-mount" / "sud").string();
  const RootResolution r =
      resolve_roots({{"sud", RootKind::kFolder, old_path, "Le Sud"}}, {new_path});
  EXPECT_EQ(r.roots,
            (std::vector<RecordedRoot>{{"sud", RootKind::kFolder, new_path, "Le Sud"}}));
  EXPECT_EQ(uses(r), (std::vector<std::string>{"sud "}));
  EXPECT_EQ(r.notes,
            (std::vector<std::string>{"root sud moved from " + old_path + " to " +
                                      new_path + "; its articles keep their ids"}));
}

TEST(RootsTest, ARecordedRootStillThereIsNotTakenForAMove) {
  TempDir dir;
  write_file(dir.path() / "a" / "sud" / "x.txt", "t");
  write_file(dir.path() / "b" / "sud" / "x.txt", "t");
  const std::string a = (dir.path() / "a" / "sud").string();
  const RootResolution r = resolve_roots({{"sud", RootKind::kFolder, a, ""}},
                                         {(dir.path() / "b" / "sud").string()});
  EXPECT_EQ(uses(r), (std::vector<std::string>{"sud-2 "}));
  EXPECT_EQ(r.notes, (std::vector<std::string>{}));
}

TEST(RootsTest, AMissingPathOutsideEveryRootHasNoRoot) {
  TempDir dir;
  const RootResolution r = resolve_roots({}, {(dir.path() / "nulle-part").string()});
  EXPECT_EQ(uses(r), (std::vector<std::string>{"- "}));
  EXPECT_EQ(r.roots, (std::vector<RecordedRoot>{}));
}

TEST(RootsTest, SourcesComeFromSourceOfThenSourceThenTheRecordedOne) {
  TempDir dir;
  write_file(dir.path() / "a" / "x.txt", "t");
  write_file(dir.path() / "b" / "x.txt", "t");
  const std::string a = (dir.path() / "a").string();
  const std::string b = (dir.path() / "b").string();
  const std::vector<RecordedRoot> recorded = {{"a", RootKind::kFolder, a, "Le Sud"},
                                              {"b", RootKind::kFolder, b, "Le Nord"}};
  RootResolution kept = resolve_roots(recorded, {a, b});
  apply_sources("", {}, &kept);
  EXPECT_EQ(kept.roots, recorded);
  EXPECT_EQ(kept.source_changed, (std::vector<bool>{false, false}));

  RootResolution renamed = resolve_roots(recorded, {a + "/", b});
  apply_sources("", {{a, "Sud Ouest"}}, &renamed);
  EXPECT_EQ(renamed.roots[0].source, "Sud Ouest");
  EXPECT_EQ(renamed.roots[1].source, "Le Nord");
  EXPECT_EQ(renamed.source_changed, (std::vector<bool>{true, false}));
  EXPECT_EQ(renamed.notes,
            (std::vector<std::string>{"source of root a changed from \"Le Sud\" to "
                                      "\"Sud Ouest\": its articles are read again"}));

  RootResolution everywhere = resolve_roots(recorded, {b});
  apply_sources("Agence", {}, &everywhere);
  EXPECT_EQ(everywhere.roots[0].source, "Le Sud");  // not given: left alone
  EXPECT_EQ(everywhere.roots[1].source, "Agence");
}

TEST(RootsTest, RecordedRootsRoundTripThroughMetadata) {
  TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  const std::vector<RecordedRoot> roots = {
      {"a", RootKind::kFolder, "/archives/a", "Le\tSud"},
      {"b.jsonl", RootKind::kFile, "/exports/b.jsonl", ""}};
  for (const RecordedRoot& root : roots) record_root(db, root);
  EXPECT_EQ(db.get_metadata("kiosque.root:a"), "d\tLe Sud\t/archives/a");
  EXPECT_EQ(read_recorded_roots(db),
            (std::vector<RecordedRoot>{{"a", RootKind::kFolder, "/archives/a", "Le Sud"},
                                       roots[1]}));
  EXPECT_EQ(decode_root("kiosque.root:a", "x\t\t/a"), std::nullopt);
  EXPECT_EQ(decode_root("kiosque.root:a", "d\tsource"), std::nullopt);
}

TEST(RootsTest, AllRootsUsesEveryRecordedRootWhole) {
  const RootResolution r =
      all_roots({{"a", RootKind::kFolder, "/archives/a", ""},
                 {"b.jsonl", RootKind::kFile, "/exports/b.jsonl", ""}});
  EXPECT_EQ(uses(r), (std::vector<std::string>{"a ", "b.jsonl b.jsonl"}));
  EXPECT_EQ(root_folder(r.roots[1]), "/exports");
}

TEST(RootsTest, IdsAreScopedByTheRootLabelUnambiguously) {
  Article file;
  file.id = "2021/01/01/une.txt";
  Article record;
  record.id = "42";
  record.id_origin = IdOrigin::kRecord;
  Article hashed;
  hashed.id = "export.jsonl#0123456789abcdef";
  hashed.id_origin = IdOrigin::kHash;
  EXPECT_EQ(scope_id("sud", file), "sud/2021/01/01/une.txt");
  EXPECT_EQ(scope_id("sud", record), "sud:42");
  EXPECT_EQ(scope_id("sud", hashed), "sud/export.jsonl#0123456789abcdef");
  EXPECT_EQ(scope_id("", record), "42");
}

TEST(RootsTest, NormalRootIsAbsoluteWithoutTrailingSlash) {
  EXPECT_EQ(normal_root("/archives/sud/"), "/archives/sud");
  EXPECT_EQ(normal_root("/archives/./sud/../nord"), "/archives/nord");
  EXPECT_EQ(normal_root("/"), "/");
}

}  // namespace
}  // namespace kiosque
