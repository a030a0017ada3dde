// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/input/dates.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kiosque {
namespace {

struct DateCase {
  const char* input;
  const char* expected;
};

TEST(ParseDate, ReadsTheFormsArchivesUse) {
  const DateCase cases[] = {
      {"2019-03-14", "2019-03-14"},
      {"2019-03-14T08:00:00+01:00", "2019-03-14"},
      {"2019-03-14T23:30:00-05:00", "2019-03-14"},  // the printed day, not UTC
      {"2019-03-14 08:00", "2019-03-14"},
      {"2019/03/14", "2019-03-14"},
      {"  2019-03-14\n", "2019-03-14"},
      {"14/03/2019", "2019-03-14"},
      {"4/3/2019", "2019-03-04"},
      {"14.03.2019", "2019-03-14"},
      {"14-03-2019", "2019-03-14"},
      {"14/03/2019 08:00", "2019-03-14"},
      {"14 mars 2019", "2019-03-14"},
      {"1er mars 2017", "2017-03-01"},
      {"1ER MARS 2017", "2017-03-01"},
      {"jeudi 14 mars 2019", "2019-03-14"},
      {"Jeudi, 14 Mars 2019", "2019-03-14"},
      {"14 mars 2019 à 08h00", "2019-03-14"},
      {"3 janvier 2020", "2020-01-03"},
      {"3 février 2020", "2020-02-03"},
      {"3 fevrier 2020", "2020-02-03"},
      {"3 FÉVRIER 2020", "2020-02-03"},
      {"3 févr. 2020", "2020-02-03"},
      {"15 août 2018", "2018-08-15"},
      {"15 aout 2018", "2018-08-15"},
      {"15 AOÛT 2018", "2018-08-15"},
      {"25 décembre 2018", "2018-12-25"},
      {"25 decembre 2018", "2018-12-25"},
      {"7 avril 2001", "2001-04-07"},
      {"7 mai 2001", "2001-05-07"},
      {"7 juin 2001", "2001-06-07"},
      {"7 juillet 2001", "2001-07-07"},
      {"7 septembre 2001", "2001-09-07"},
      {"7 octobre 2001", "2001-10-07"},
      {"7 novembre 2001", "2001-11-07"},
      {"29 février 2020", "2020-02-29"},
      {"2000-02-29", "2000-02-29"},
  };
  for (const DateCase& c : cases) {
    EXPECT_EQ(parse_date(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(ParseDate, RejectsWhatIsNotAWholeRealDay) {
  const char* const rejects[] = {
      "",
      "   ",
      "2019-02-30",
      "2019-02-29",
      "1900-02-29",
      "2019-13-01",
      "2019-00-10",
      "2019-04-31",
      "31/04/2019",
      "32 mars 2019",
      "0 mars 2019",
      "2er mars 2019",
      "mars 2019",
      "14 brumaire 2019",
      "14 mars 19",
      "14 mars 20190",
      "2019-3-14",
      "20190314",
      "2019-03-14x",
      "hier",
      "jeudi",
      "0999-01-01",
  };
  for (const char* input : rejects) {
    EXPECT_EQ(parse_date(input), "") << "input: " << input;
  }
}

TEST(ParseDate, KeepsYearsBetween1800And2100) {
  const DateCase cases[] = {
      {"1800-01-01", "1800-01-01"}, {"2100-12-31", "2100-12-31"}, {"1799-12-31", ""},
      {"2101-01-01", ""},           {"3 mars 1750", ""},          {"14/03/2999", ""},
  };
  for (const DateCase& c : cases) {
    EXPECT_EQ(parse_date(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(DateFromFileName, ReadsADateAtEitherEndOrInside) {
  const DateCase cases[] = {
      {"2020-02-29-elysee-appel-cessez-le-feu-idleb.txt", "2020-02-29"},
      {"20200229_elysee.txt", "2020-02-29"},
      {"elysee-2020-03-05.txt", "2020-03-05"},
      {"2020_02_29.txt", "2020-02-29"},
      {"2020.02.29.html", "2020-02-29"},
      {"2023-08-22-canicule-lyon-nuit-record.txt.gz", "2023-08-22"},
      {"depeche 2021-09-15 gard.txt", "2021-09-15"},
      {"2019-02-30-faux-2019-03-01.txt", "2019-03-01"},  // the first real day
      {"000_f346281877cc430f.txt", ""},                  // a hash, not a date
      {"x20200229.txt", ""},                             // glued to a letter
      {"202002291.txt", ""},                             // nine digits
      {"2020-0229.txt", ""},                             // mixed separators
      {"depeches-2015-2019.jsonl", ""},
      {"2020-02-30-titre.txt", ""},
      {"1750-01-01-titre.txt", ""},
      {"marche-de-noel.txt", ""},
      {"", ""},
  };
  for (const DateCase& c : cases) {
    EXPECT_EQ(date_from_file_name(c.input), c.expected) << "name: " << c.input;
  }
}

TEST(DateFromDateline, ReadsAnnouncedAndPlaceDatelinesInTheFirstLines) {
  const DateCase cases[] = {
      {"Publié le 12/01/2022\nLe conseil municipal...", "2022-01-12"},
      {"publié le 12/01/2022 à 10h32", "2022-01-12"},
      {"PUBLIÉ LE 12/01/2022", "2022-01-12"},
      {"Publie le 3 mars 2021", "2021-03-03"},
      {"Par Jeanne Martin. Publié le mardi 12 janvier 2021, mis à jour hier",
       "2021-01-12"},
      {"Publié le\xC2\xA0"
       "1er avril 2019",
       "2019-04-01"},
      {"Mis en ligne le 2019-03-14T08:00:00+01:00", "2019-03-14"},
      {"Paru le 14.03.2019.", "2019-03-14"},
      {"PARIS, 12 janvier 2022 (AFP) - Le gouvernement...", "2022-01-12"},
      {"Lyon, le 1er mars 2021 - Les élus...", "2021-03-01"},
      {"SAINT-ÉTIENNE, 2 octobre 2022 (APS) -", "2022-10-02"},
      {"Écully, 15 aout 2018 —", "2018-08-15"},
      {"Titre\n\nChapô.\nPublié le 12/01/2022", "2022-01-12"},
      {"a\nb\nc\nd\ne\nPublié le 12/01/2022", ""},     // past the fifth line
      {"Le 12 janvier 2022, les élus ont voté.", ""},  // running text
      {"Hier, 12 janvier 2022, les élus ont voté.", "2022-01-12"},
      {"les élus, 12 janvier 2022", ""},    // no capital: not a place
      {"Paris 2024, 12 janvier 2022", ""},  // digits: not a place
      {"Publié le 31/02/2022", ""},
      {"Publié le 12/01/20222", ""},
      {"Publié hier", ""},
      {"", ""},
  };
  for (const DateCase& c : cases) {
    EXPECT_EQ(date_from_dateline(c.input), c.expected) << "text: " << c.input;
  }
}

TEST(DateFromDateline, ReadsAsManyLinesAsAsked) {
  EXPECT_EQ(date_from_dateline("a\nb\nc\nd\ne\nPublié le 12/01/2022", 6), "2022-01-12");
}

struct FolderCase {
  const char* path;
  const char* date;
  DatePrecision precision;
};

TEST(DateFromFolders, ReadsTheDeepestDatedFolders) {
  constexpr auto kDay = DatePrecision::kDay;
  constexpr auto kMonth = DatePrecision::kMonth;
  const FolderCase cases[] = {
      {"2019/03/14/article.txt", "2019-03-14", kDay},
      {"/srv/archive/lemonde/2019/03/14/article.txt", "2019-03-14", kDay},
      {"a/2018/01/02/b/2019/03/14/c.txt", "2019-03-14", kDay},
      {"/srv/2019-03-14/article.txt", "2019-03-14", kDay},
      {"/srv/2019/2019-03-14/photos/article.txt", "2019-03-14", kDay},
      {"/srv/2019/03/article.txt", "2019-03-01", kMonth},
      {"/srv/2019/03/une/article.txt", "2019-03-01", kMonth},
      {"2019/03/14.txt", "2019-03-01", kMonth},  // the file name is never a day
      {"2019/02/30/article.txt", "", kDay},      // no such day: no evidence
      {"2019/13/article.txt", "", kDay},
      {"2019/3/14/article.txt", "", kDay},
      {"19/03/14/article.txt", "", kDay},
      {"1750/03/14/article.txt", "", kDay},
      {"/srv/2019/article.txt", "", kDay},
      {"/srv/2019-03-14.txt", "", kDay},
      {"article.txt", "", kDay},
      {"", "", kDay},
  };
  for (const FolderCase& c : cases) {
    const FolderDate got = date_from_folders(c.path);
    EXPECT_EQ(got.date, c.date) << "path: " << c.path;
    EXPECT_EQ(got.precision, c.precision) << "path: " << c.path;
  }
}

struct EvidenceCase {
  const char* name;
  DateEvidence evidence;
  const char* date;
  DateSource source;
  DatePrecision precision;
};

TEST(AssignBestDate, TakesTheBestEvidenceFirst) {
  const auto evidence = [](const char* content, const char* file_name,
                           const char* text_date, const char* path, const char* mtime) {
    DateEvidence e;
    e.content = content;
    e.content_source = DateSource::kHtml;
    e.file_name = file_name;
    e.text_date = text_date;
    e.path = path;
    e.mtime = mtime;
    return e;
  };
  constexpr auto kDay = DatePrecision::kDay;
  const EvidenceCase cases[] = {
      {"content",
       evidence("2001-01-01", "2002-02-02-a.txt", "2003-03-03", "/2004/04/04/a",
                "2026-12-06"),
       "2001-01-01", DateSource::kHtml, kDay},
      {"file name",
       evidence("", "2002-02-02-a.txt", "2003-03-03", "/2004/04/04/a", "2026-12-06"),
       "2002-02-02", DateSource::kFileName, kDay},
      {"dateline", evidence("", "a.txt", "2003-03-03", "/2004/04/04/a", "2026-12-06"),
       "2003-03-03", DateSource::kText, kDay},
      {"folders", evidence("", "a.txt", "", "/2004/04/04/a", "2026-12-06"), "2004-04-04",
       DateSource::kPath, kDay},
      {"month folders", evidence("", "a.txt", "", "/2004/04/a", "2026-12-06"),
       "2004-04-01", DateSource::kPath, DatePrecision::kMonth},
      {"mtime", evidence("", "a.txt", "", "/srv/a", "2026-12-06"), "2026-12-06",
       DateSource::kMtime, kDay},
      {"none", evidence("", "a.txt", "", "/srv/a", ""), "", DateSource::kNone, kDay},
  };
  for (const EvidenceCase& c : cases) {
    Article article;
    assign_best_date(c.evidence, &article);
    EXPECT_EQ(article.date, c.date) << c.name;
    EXPECT_EQ(article.date_source, c.source) << c.name;
    EXPECT_EQ(article.date_precision, c.precision) << c.name;
  }
}

TEST(DateSourceName, RoundTripsEveryName) {
  std::vector<std::string> names;
  for (DateSource s :
       {DateSource::kNone, DateSource::kRecord, DateSource::kPath, DateSource::kMtime,
        DateSource::kHtml, DateSource::kFileName, DateSource::kText}) {
    names.push_back(date_source_name(s));
    EXPECT_EQ(date_source_from_name(date_source_name(s)), s);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"none", "record", "path", "mtime", "html",
                                             "filename", "text"}));
  EXPECT_EQ(date_source_from_name("bogus"), DateSource::kNone);
}

}  // namespace
}  // namespace kiosque
