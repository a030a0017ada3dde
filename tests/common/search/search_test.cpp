// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/search.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "kiosque/base/error.h"
#include "kiosque/search/query_parser.h"
#include "kiosque/store/database.h"
#include "kiosque/store/document.h"
#include "kiosque/store/schema.h"

namespace kiosque {
namespace {

Article article(std::string id, std::string date, std::string source, std::string title,
                std::string text) {
  Article a;
  a.id = std::move(id);
  a.path = a.id;
  a.date = std::move(date);
  a.source = std::move(source);
  a.title = std::move(title);
  a.text = std::move(text);
  return a;
}

// A glass database in a fresh temporary folder, its articles written as the
// indexer writes them: create() it, add() articles, then open() it to search.
class TempDatabaseTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  Xapian::WritableDatabase create() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kiosque-search-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    Xapian::WritableDatabase db((dir_ / "db").string(), Xapian::DB_CREATE);
    stamp_analyzer(db);
    return db;
  }

  void add(Xapian::WritableDatabase& db, const Article& a,
           const std::string& group = "") {
    PreparedDocument prepared = prepare_document(a, analyzer_);
    prepared.document.add_value(schema::kSlotIndexedAt,
                                Xapian::sortable_serialise(1764100800));
    if (!group.empty()) prepared.document.add_value(schema::kSlotDuplicateGroup, group);
    for (const std::string& word : prepared.spellings) db.add_spelling(word);
    db.replace_document(prepared.id_term, prepared.document);
  }

  void open(Xapian::WritableDatabase& db) {
    db.commit();
    db_ = Xapian::Database((dir_ / "db").string());
  }

  std::filesystem::path dir_;
  Xapian::Database db_;
  Analyzer analyzer_;
};

// Five articles: "d1" and "d2" are reprints of one story (one duplicate
// group, led by d1); "c" has no date and no source.
class SearchTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    Xapian::WritableDatabase db = create();
    add(db, article("a", "2025-03-20", "Journal des Vallées", "Le funiculaire rouvre",
                    "Le funiculaire du mont Rouge rouvre ses portes au printemps."));
    add(db, article("b", "2019-05-01", "Le Monde", "Travaux en montagne",
                    "Des travaux sur le funiculaire, puis sur la route du col."));
    add(db, article("c", "", "", "Le bibliobus",
                    "Le bibliobus passe au village. Le funiculaire aussi."));
    const std::string reprint = "La kermesse du village aura lieu dimanche sur la place.";
    add(db, article("d1", "2024-06-01", "AFP", "Kermesse", reprint), "d1");
    add(db, article("d2", "2024-06-02", "Le Monde", "Kermesse au village", reprint),
        "d1");
    open(db);
  }

  SearchResults run(SearchOptions options) { return search(db_, analyzer_, options); }

  std::vector<std::string> ids(const SearchOptions& options) {
    std::vector<std::string> out;
    for (const Hit& hit : run(options).hits) out.push_back(hit.article.id);
    return out;
  }

  static SearchOptions query(std::string text) {
    SearchOptions options;
    options.query = std::move(text);
    return options;
  }
};

TEST_F(SearchTest, AnArticleWithAllTheWordsRanksAboveOneWithSome) {
  // Then the partial matches by BM25: c, shorter, before b.
  EXPECT_EQ(ids(query("funiculaire printemps")),
            (std::vector<std::string>{"a", "c", "b"}));
  EXPECT_EQ(ids(query("printemps funiculaire")),
            (std::vector<std::string>{"a", "c", "b"}));
}

TEST_F(SearchTest, HitsCarryRankArticleAndSnippet) {
  SearchOptions options = query("printemps");
  options.snippet_length = 30;
  const SearchResults r = run(options);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.matches_estimated, 1u);
  EXPECT_EQ(r.hits[0].rank, 1u);
  EXPECT_EQ(r.hits[0].article.title, "Le funiculaire rouvre");
  EXPECT_EQ(r.hits[0].article.source, "Journal des Vallées");
  EXPECT_EQ(r.hits[0].snippet.text, "…au printemps.");
  EXPECT_EQ(r.hits[0].duplicates, 0u);
}

TEST_F(SearchTest, OffsetAndLimitPage) {
  SearchOptions options = query("funiculaire printemps");
  options.offset = 1;
  options.limit = 1;
  const SearchResults r = run(options);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].article.id, "c");
  EXPECT_EQ(r.hits[0].rank, 2u);
}

TEST_F(SearchTest, ASourceFilterKeepsThatSourceOnly) {
  EXPECT_EQ(ids(query("funiculaire source:\"Le Monde\"")),
            (std::vector<std::string>{"b"}));
  EXPECT_EQ(ids(query("funiculaire source:\"journal des vallees\"")),
            (std::vector<std::string>{"a"}));
}

TEST_F(SearchTest, DateFiltersKeepTheDatedArticlesInside) {
  SearchOptions since = query("funiculaire");
  since.dates.from = "20200101";
  EXPECT_EQ(ids(since), (std::vector<std::string>{"a"}));
  SearchOptions until = query("funiculaire");
  until.dates.to = "20191231";
  EXPECT_EQ(ids(until), (std::vector<std::string>{"b"}));
  EXPECT_EQ(ids(query("funiculaire date:2019")), (std::vector<std::string>{"b"}));
}

TEST_F(SearchTest, DateSortsPutTheUndatedLast) {
  SearchOptions options = query("village OU funiculaire");
  options.collapse = Collapse::kNone;
  options.sort = SortOrder::kDateAscending;
  EXPECT_EQ(ids(options), (std::vector<std::string>{"b", "d1", "d2", "a", "c"}));
  options.sort = SortOrder::kDateDescending;
  EXPECT_EQ(ids(options), (std::vector<std::string>{"a", "d2", "d1", "b", "c"}));
}

TEST_F(SearchTest, ReprintsCollapseIntoOneHitUnlessAskedNotTo) {
  SearchOptions options = query("kermesse");
  options.sort = SortOrder::kDateAscending;
  const SearchResults collapsed = run(options);
  ASSERT_EQ(collapsed.hits.size(), 1u);
  EXPECT_EQ(collapsed.hits[0].article.id, "d1");
  EXPECT_EQ(collapsed.hits[0].duplicates, 1u);
  options.collapse = Collapse::kNone;
  EXPECT_EQ(ids(options), (std::vector<std::string>{"d1", "d2"}));
}

// A facet as "value=count" strings, in the order given.
std::vector<std::string> flat(const std::vector<FacetCount>& counts) {
  std::vector<std::string> out;
  for (const FacetCount& c : counts)
    out.push_back(c.value + "=" + std::to_string(c.count));
  return out;
}

TEST_F(SearchTest, FacetsCountEveryMatchByYearAndSource) {
  SearchOptions options = query("village OU funiculaire");
  options.facets = true;
  options.limit = 1;  // the facets still count every match
  options.collapse = Collapse::kNone;
  const SearchResults r = run(options);
  ASSERT_TRUE(r.facets.has_value());
  EXPECT_EQ(flat(r.facets->years),
            (std::vector<std::string>{"2019=1", "2024=2", "2025=1", "=1"}));
  EXPECT_EQ(
      flat(r.facets->sources),
      (std::vector<std::string>{"Le Monde=2", "AFP=1", "Journal des Vallées=1", "=1"}));
  EXPECT_EQ(r.matches_estimated, 5u);
}

// docs/json-output.md: collapsing merges hits, not facet counts.
TEST_F(SearchTest, FacetsCountEveryReprintOfACollapsedGroup) {
  SearchOptions options = query("kermesse");
  options.facets = true;
  const SearchResults r = run(options);
  ASSERT_TRUE(r.facets.has_value());
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(flat(r.facets->years), (std::vector<std::string>{"2024=2"}));
  EXPECT_EQ(flat(r.facets->sources), (std::vector<std::string>{"AFP=1", "Le Monde=1"}));
}

// Counts you can trust (issue #18): the spy on duplicate groups sees every
// match before collapsing, so both counts are exact, with or without a page.
TEST_F(SearchTest, CountsAreExactCollapsedAndWithReprints) {
  for (const Xapian::doccount limit : {0u, 1u, 10u}) {
    SearchOptions options = query("kermesse");
    options.limit = limit;
    const SearchResults r = run(options);
    EXPECT_EQ(r.matches, 1u) << limit;
    EXPECT_EQ(r.matches_with_reprints, 2u) << limit;
    EXPECT_TRUE(r.matches_exact) << limit;
    options.collapse = Collapse::kNone;
    const SearchResults all = run(options);
    EXPECT_EQ(all.matches, 2u) << limit;
    EXPECT_EQ(all.matches_with_reprints, 2u) << limit;
  }
}

TEST_F(SearchTest, WithoutFacetsThereAreNone) {
  EXPECT_FALSE(run(query("funiculaire")).facets.has_value());
}

TEST_F(SearchTest, CountOnlyIsExactAndHasNoHits) {
  SearchOptions options = query("funiculaire");
  options.limit = 0;
  const SearchResults r = run(options);
  EXPECT_EQ(r.hits.size(), 0u);
  EXPECT_EQ(r.matches_estimated, 3u);
}

TEST_F(SearchTest, AFewMatchesGetADidYouMean) {
  const SearchResults r = run(query("funicullaire"));
  EXPECT_EQ(r.suggestion, "funiculaire");
  EXPECT_EQ(r.suggestion_matches, 3u);
}

TEST_F(SearchTest, LikeAnUnknownIdThrows) {
  SearchOptions options;
  options.like_id = "nulle-part";
  try {
    run(options);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "no article with id nulle-part");
  }
}

// One article strong on "Syrie" and 60 that name it once in a long text:
// ranking a page of one, Xapian's matcher skips the weak ones it knows
// cannot reach the page, so a second, unweighted pass counts them. "s" leads
// a group with two of the weak ones; ten others form a second group.
class ManyMatchesSearchTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    Xapian::WritableDatabase db = create();
    add(db, article("s", "", "", "Syrie", "Syrie. La Syrie, encore la Syrie."), "s");
    std::string filler;
    for (int i = 0; i < 40; ++i)
      filler += " Le conseil municipal a voté le budget du port.";
    for (int i = 0; i < 60; ++i) {
      const std::string group = i >= 58 ? "s" : i >= 2 && i < 12 ? "w2" : "";
      add(db,
          article("w" + std::to_string(i), "", "",
                  "Conseil municipal " + std::to_string(i),
                  "Une délégation venue de Syrie." + filler),
          group);
    }
    open(db);
  }
};

TEST_F(ManyMatchesSearchTest, APageOfOneStillCountsEveryMatchAndEveryReprint) {
  SearchOptions options;
  options.query = "Syrie";
  options.limit = 1;
  const SearchResults r = search(db_, analyzer_, options);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].article.id, "s");
  EXPECT_EQ(r.hits[0].duplicates, 2u);
  EXPECT_TRUE(r.matches_exact);
  EXPECT_EQ(r.matches_with_reprints, 61u);
  EXPECT_EQ(r.matches, 50u);  // 61, less the 2 and 9 reprints collapsed
}

// Two articles with the same words, the same length and the same title:
// "both" holds both pairs of "Ségolène Royal campagne" side by side, "one"
// only the first, and "campagne" well before "Royal". Twelve articles
// holding one of the words come first. The proximity boost must count the
// pairs that stand together: under Xapian 1.4's OP_AND_MAYBE, once the
// matcher had a page to beat, the OR of the pairs' phrases gave "one" the
// weight of both, so the two tied and "one", the lower docid, ranked first.
class ProximitySearchTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    Xapian::WritableDatabase db = create();
    for (int i = 0; i < 12; ++i) {
      add(db, article("other" + std::to_string(i), "", "", "Conseil municipal",
                      "La campagne de vaccination reprend au dispensaire."));
    }
    add(db, article("one", "", "", "Meeting à Lille",
                    "Sa campagne a commencé devant les militants du Nord. Hier, "
                    "Ségolène Royal a parlé."));
    add(db, article("both", "", "", "Meeting à Lille",
                    "Sa a commencé devant les militants du Nord. Hier, Ségolène "
                    "Royal campagne a parlé."));
    open(db);
  }
};

TEST_F(ProximitySearchTest, OnlyThePairsStandingTogetherAreBoosted) {
  SearchOptions options;
  options.query = "Ségolène Royal campagne";
  const SearchResults r = search(db_, analyzer_, options);
  ASSERT_EQ(r.hits.size(), 10u);
  EXPECT_EQ(r.hits[0].article.id, "both");
  EXPECT_EQ(r.hits[1].article.id, "one");
  EXPECT_GT(r.hits[0].score, r.hits[1].score);
}

}  // namespace
}  // namespace kiosque
