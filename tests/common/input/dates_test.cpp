#include "kiosque/input/dates.h"

#include <gtest/gtest.h>

#include <string>

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

TEST(DateFromPath, TakesAFullYearMonthDayRunOfFolders) {
  const DateCase cases[] = {
      {"2019/03/14/article.txt", "2019-03-14"},
      {"lemonde/2019/03/14/article.txt", "2019-03-14"},
      {"a/2018/01/02/b/2019/03/14/c.txt", "2019-03-14"},
      {"2019/03/article.txt", ""},
      {"2019/03/14.txt", ""},
      {"2019/02/30/article.txt", ""},
      {"2019/3/14/article.txt", ""},
      {"19/03/14/article.txt", ""},
      {"article.txt", ""},
      {"", ""},
  };
  for (const DateCase& c : cases) {
    EXPECT_EQ(date_from_path(c.input), c.expected) << "path: " << c.input;
  }
}

}  // namespace
}  // namespace kiosque
