// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/input/corpus_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace kiosque {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

// "line: reason" for each problem, to compare whole lists at once.
Strings describe(const std::vector<Problem>& problems) {
  Strings out;
  for (const Problem& p : problems) {
    out.push_back(std::to_string(p.line) + ": " + p.reason);
  }
  return out;
}

std::string gzip(std::string_view data) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&stream, data.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// Noon UTC, so that the expected day holds in every time zone's sense too.
const std::chrono::sys_seconds kSomeMtime{
    std::chrono::sys_days{std::chrono::year{2021} / std::chrono::June / 15} +
    std::chrono::hours{12}};

class CorpusReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "kiosque-reader-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // Writes `bytes` at `relpath` under the test's root, with a known mtime,
  // and reads it back as the indexer does: read_articles_in_batches, in
  // batches of two, gathered. read_articles must give the same.
  ReadResult read(const std::string& relpath, std::string_view bytes) {
    const fs::path file = root_ / relpath;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    fs::last_write_time(file, std::chrono::file_clock::from_sys(kSomeMtime));
    ReadResult gathered;
    read_articles_in_batches(file, relpath, 2, [&](ReadResult& batch) {
      for (auto list :
           {&ReadResult::problems, &ReadResult::warnings, &ReadResult::notes}) {
        (gathered.*list)
            .insert((gathered.*list).end(), (batch.*list).begin(), (batch.*list).end());
      }
      for (Article& a : batch.articles) gathered.articles.push_back(std::move(a));
    });
    EXPECT_EQ(summary(read_articles(file, relpath)), summary(gathered)) << relpath;
    return gathered;
  }

  // Everything a ReadResult says, as lines, to compare two at once.
  static Strings summary(const ReadResult& r) {
    Strings out;
    for (const Article& a : r.articles) {
      out.push_back("article " + a.id + " | " + a.title + " | " + a.date + " | " +
                    std::to_string(a.line) + " | " + a.text);
    }
    for (const std::string& p : describe(r.problems)) out.push_back("problem " + p);
    for (const std::string& w : describe(r.warnings)) out.push_back("warning " + w);
    for (const std::string& n : describe(r.notes)) out.push_back("note " + n);
    return out;
  }

  fs::path root_;
};

// The shared sample article, shortened: bare text whose lede is repeated.
constexpr std::string_view kBareSample =
    "Le Kremlin note également que toutes les questions liées au règlement "
    "de la crise entre la Turquie et la Russie seront discutées en détail, "
    "dans les prochains jours à Moscou au cours d'un sommet entre les deux "
    "États.\n"
    "Selon un communiqué du Kremlin, le président russe a eu une "
    "conversation téléphonique avec Emmanuel Macron.\n"
    "Le Kremlin note également que toutes les questions liées au règlement "
    "de la crise entre la Turquie et la Russie seront discutées en détail, "
    "dans les prochains jours à Moscou au cours d'un sommet entre les deux "
    "États.\n"
    "Photographie : Archive, Agence Anadolu\n";

constexpr std::string_view kBareSampleText =
    "Le Kremlin note également que toutes les questions liées au règlement "
    "de la crise entre la Turquie et la Russie seront discutées en détail, "
    "dans les prochains jours à Moscou au cours d'un sommet entre les deux "
    "États.\n"
    "Selon un communiqué du Kremlin, le président russe a eu une "
    "conversation téléphonique avec Emmanuel Macron.\n"
    "Photographie : Archive, Agence Anadolu";

TEST(InputKind, FollowsTheExtensionIgnoringCaseAndGz) {
  struct Case {
    const char* name;
    InputKind kind;
  };
  const Case cases[] = {
      {"a.txt", InputKind::kText},           {"dir/A.TXT", InputKind::kText},
      {"a.txt.gz", InputKind::kText},        {"a.TXT.GZ", InputKind::kText},
      {"a.jsonl", InputKind::kJsonLines},    {"a.ndjson", InputKind::kJsonLines},
      {"a.jsonl.gz", InputKind::kJsonLines}, {"a.ndjson.gz", InputKind::kJsonLines},
      {"a.html", InputKind::kHtml},          {"a.htm", InputKind::kHtml},
      {"a.Html.gz", InputKind::kHtml},       {"a.htm.gz", InputKind::kHtml},
      {"README.md", InputKind::kNotArticle}, {"photo.jpg", InputKind::kNotArticle},
      {"a.gz", InputKind::kNotArticle},      {"a.json", InputKind::kNotArticle},
      {"a.txt.bak", InputKind::kNotArticle}, {".hidden.txt", InputKind::kNotArticle},
      {".#a.txt", InputKind::kNotArticle},   {"txt", InputKind::kNotArticle},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(input_kind(c.name), c.kind) << c.name;
  }
}

TEST_F(CorpusReaderTest, BareTextTakesItsTitleFromTheFirstParagraph) {
  const ReadResult r = read("000_f346281877cc430f.txt", kBareSample);
  EXPECT_EQ(describe(r.problems), Strings{});
  EXPECT_EQ(describe(r.warnings), Strings{});
  ASSERT_EQ(r.articles.size(), 1u);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "000_f346281877cc430f.txt");
  EXPECT_EQ(a.path, "000_f346281877cc430f.txt");
  EXPECT_EQ(a.line, 0);
  EXPECT_EQ(a.title,
            "Le Kremlin note également que toutes les questions liées au "
            "règlement de la crise entre…");
  EXPECT_EQ(a.text, kBareSampleText);
  EXPECT_EQ(a.date, "2021-06-15");
  EXPECT_EQ(a.date_source, DateSource::kMtime);
  EXPECT_EQ(a.source, "");
}

TEST_F(CorpusReaderTest, BareTextWithAShortFirstParagraphKeepsItWhole) {
  const ReadResult r = read("a.txt", "Court.\nSuite du texte.\n");
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].title, "Court.");
  EXPECT_EQ(r.articles[0].text, "Court.\nSuite du texte.");
}

TEST_F(CorpusReaderTest, TitleLineThenBlankLineGivesTheTitle) {
  const ReadResult r =
      read("a.txt",
           "Le Sénat adopte la réforme\r\n\r\n  Premier paragraphe.  \r\n\r\n"
           "Second paragraphe.\r\n\r\n\r\n");
  EXPECT_EQ(describe(r.problems), Strings{});
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].title, "Le Sénat adopte la réforme");
  EXPECT_EQ(r.articles[0].text, "Premier paragraphe.\nSecond paragraphe.");
}

TEST_F(CorpusReaderTest, AFullStoppedFirstLineIsALedeNotATitle) {
  const ReadResult r =
      read("a.txt", "Le Sénat a voté.\n\nLe texte part à l'Assemblée.\n");
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].title, "Le Sénat a voté.");
  EXPECT_EQ(r.articles[0].text, "Le Sénat a voté.\nLe texte part à l'Assemblée.");
}

TEST_F(CorpusReaderTest, FrontMatterGivesTheMetadata) {
  const ReadResult r = read("2019/01/01/a.txt",
                            "---\n"
                            "Title: \"Le Sénat adopte la réforme\"\n"
                            "DATE: 14 mars 2019\n"
                            "source:   Le Quotidien  \n"
                            "url: https://example.fr/a?b=c:d\n"
                            "author: Marie Dupont\n"
                            "rubrique: politique\n"
                            "---\n"
                            "Premier paragraphe.\n"
                            "\n"
                            "Second paragraphe.\n");
  EXPECT_EQ(describe(r.problems), Strings{});
  EXPECT_EQ(describe(r.warnings), Strings{});
  ASSERT_EQ(r.articles.size(), 1u);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "2019/01/01/a.txt");
  EXPECT_EQ(a.title, "Le Sénat adopte la réforme");
  EXPECT_EQ(a.date, "2019-03-14");
  EXPECT_EQ(a.date_source, DateSource::kRecord);
  EXPECT_EQ(a.source, "Le Quotidien");
  EXPECT_EQ(a.url, "https://example.fr/a?b=c:d");
  EXPECT_EQ(a.author, "Marie Dupont");
  EXPECT_EQ(a.text, "Premier paragraphe.\nSecond paragraphe.");
}

TEST_F(CorpusReaderTest, FrontMatterWithoutTitleDerivesItFromTheBody) {
  const ReadResult r =
      read("a.txt", "---\nsource: AFP\n---\nPremier paragraphe.\nSecond.\n");
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].title, "Premier paragraphe.");
  EXPECT_EQ(r.articles[0].text, "Premier paragraphe.\nSecond.");
  EXPECT_EQ(r.articles[0].source, "AFP");
}

TEST_F(CorpusReaderTest, UnclosedFrontMatterIsAProblemAtItsFirstLine) {
  const ReadResult r = read("a.txt", "---\ntitle: T\nPremier paragraphe.\n");
  EXPECT_EQ(describe(r.problems),
            Strings{"1: front matter opened here is never closed by a '---' "
                    "line"});
  EXPECT_TRUE(r.articles.empty());
}

TEST_F(CorpusReaderTest, FrontMatterFlawsAreWarningsWithTheirLine) {
  const ReadResult r = read("2019/03/14/a.txt",
                            "---\ntitle: T\nsans deux-points\n"
                            "date: le jour d'après\n---\nTexte.\n");
  EXPECT_EQ(describe(r.problems), Strings{});
  EXPECT_EQ(describe(r.warnings), (Strings{"3: front matter line is not 'key: value'",
                                           "4: unrecognised date \"le jour d'après\""}));
  ASSERT_EQ(r.articles.size(), 1u);
  // An unreadable date is no evidence: the folders date the article.
  EXPECT_EQ(r.articles[0].date, "2019-03-14");
  EXPECT_EQ(r.articles[0].date_source, DateSource::kPath);
}

TEST_F(CorpusReaderTest, FrontMatterSurvivesAByteOrderMark) {
  const ReadResult r = read("a.txt", "\xEF\xBB\xBF---\ntitle: T\n---\nTexte.\n");
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].title, "T");
  EXPECT_EQ(r.articles[0].text, "Texte.");
}

TEST_F(CorpusReaderTest, TextWithoutBodyIsAProblem) {
  EXPECT_EQ(describe(read("a.txt", "---\ntitle: T\n---\n\n").problems),
            Strings{"0: no text"});
  EXPECT_EQ(describe(read("b.txt", " \n\t\n").problems), Strings{"0: no text"});
}

TEST_F(CorpusReaderTest, DateComesFromFoldersBeforeMtime) {
  struct Case {
    const char* relpath;
    const char* date;
    DateSource source;
  };
  const Case cases[] = {
      {"lemonde/2019/03/14/a.txt", "2019-03-14", DateSource::kPath},
      {"lemonde/2019/03/a.txt", "2019-03-01", DateSource::kPath},
      {"a.txt", "2021-06-15", DateSource::kMtime},
  };
  for (const Case& c : cases) {
    const ReadResult r = read(c.relpath, "Texte.\n");
    ASSERT_EQ(r.articles.size(), 1u) << c.relpath;
    EXPECT_EQ(r.articles[0].date, c.date) << c.relpath;
    EXPECT_EQ(r.articles[0].date_source, c.source) << c.relpath;
  }
}

TEST_F(CorpusReaderTest, DatesComeFromTheBestEvidence) {
  struct Case {
    const char* relpath;
    const char* bytes;
    const char* date;
    DateSource source;
    DatePrecision precision;
  };
  constexpr auto kDay = DatePrecision::kDay;
  const Case cases[] = {
      {"2019/03/14/2020-02-29-a.txt", "Texte.\n", "2020-02-29", DateSource::kFileName,
       kDay},
      {"2019/03/14/a.txt", "PARIS, 12 janvier 2022 (AFP) - Texte.\n", "2022-01-12",
       DateSource::kText, kDay},
      {"2020-02-29-a.txt", "---\ndate: 2018-05-04\n---\nTexte.\n", "2018-05-04",
       DateSource::kRecord, kDay},
      {"2019-03-14/a.txt", "Texte.\n", "2019-03-14", DateSource::kPath, kDay},
      {"2019/03/a.txt", "Texte.\n", "2019-03-01", DateSource::kPath,
       DatePrecision::kMonth},
      {"2019/03/14/a.html",
       "<html><head><meta name=\"date\" content=\"2017-06-01\"></head><body><p>x</p>"
       "</body></html>",
       "2017-06-01", DateSource::kHtml, kDay},
      {"2019/03/14/a.html",
       "<html><body><p>Publié le 12/01/2021</p><p>x</p></body></html>", "2021-01-12",
       DateSource::kText, kDay},
      {"2019/03/14/2020-02-29.jsonl", "{\"id\":\"1\",\"text\":\"x\"}\n", "2020-02-29",
       DateSource::kFileName, kDay},
      {"2019/03/14/a.jsonl", "{\"id\":\"1\",\"text\":\"x\"}\n", "2019-03-14",
       DateSource::kPath, kDay},
      {"a.jsonl", "{\"id\":\"1\",\"text\":\"x\"}\n", "", DateSource::kNone, kDay},
      {"a.jsonl", "{\"id\":\"1\",\"text\":\"Publié le 12/01/2021\\nx\"}\n", "2021-01-12",
       DateSource::kText, kDay},
  };
  for (const Case& c : cases) {
    const ReadResult r = read(c.relpath, c.bytes);
    ASSERT_EQ(r.articles.size(), 1u) << c.relpath;
    EXPECT_EQ(r.articles[0].date, c.date) << c.relpath << " " << c.bytes;
    EXPECT_EQ(r.articles[0].date_source, c.source) << c.relpath << " " << c.bytes;
    EXPECT_EQ(r.articles[0].date_precision, c.precision) << c.relpath << " " << c.bytes;
  }
}

TEST_F(CorpusReaderTest, AFileGivenByARelativePathIsDatedByItsWholePath) {
  const fs::path file = root_ / "2019/03/14/a.txt";
  fs::create_directories(file.parent_path());
  std::ofstream(file) << "Texte.\n";
  const fs::path cwd = fs::current_path();
  fs::current_path(root_ / "2019/03/14");
  const ReadResult r = read_articles("a.txt", "a.txt");
  fs::current_path(cwd);
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].date, "2019-03-14");
  EXPECT_EQ(r.articles[0].date_source, DateSource::kPath);
}

TEST_F(CorpusReaderTest, GzippedTextIsInflated) {
  const ReadResult r = read("a.txt.gz", gzip(kBareSample));
  EXPECT_EQ(describe(r.problems), Strings{});
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].id, "a.txt.gz");
  EXPECT_EQ(r.articles[0].text, kBareSampleText);
}

TEST_F(CorpusReaderTest, CorruptGzipIsAProblem) {
  EXPECT_EQ(describe(read("a.txt.gz", "not gzip at all").problems),
            Strings{"0: not gzip data"});
}

TEST_F(CorpusReaderTest, EmptyFilesAreProblems) {
  EXPECT_EQ(describe(read("a.txt", "").problems), Strings{"0: empty file"});
  EXPECT_EQ(describe(read("a.jsonl", "").problems), Strings{"0: empty file"});
  EXPECT_EQ(describe(read("a.txt.gz", gzip("")).problems), Strings{"0: empty file"});
}

TEST_F(CorpusReaderTest, BinaryFileIsAProblem) {
  const ReadResult r =
      read("a.txt", std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\xFF", 17));
  EXPECT_EQ(describe(r.problems), Strings{"0: binary file"});
  EXPECT_TRUE(r.articles.empty());
}

TEST_F(CorpusReaderTest, MissingFileIsAProblemWithTheSystemReason) {
  const ReadResult r = read_articles(root_ / "absent.txt", "absent.txt");
  EXPECT_EQ(describe(r.problems), Strings{"0: No such file or directory"});
}

TEST_F(CorpusReaderTest, Utf16FilesWithByteOrderMarkAreDecoded) {
  // "Été\nTexte." in UTF-16LE, then UTF-16BE.
  const ReadResult le =
      read("le.txt", std::string("\xFF\xFE\xC9\x00t\x00\xE9\x00\n\x00T\x00"
                                 "e\x00"
                                 "x\x00t\x00"
                                 "e\x00.\x00",
                                 22));
  ASSERT_EQ(le.articles.size(), 1u);
  EXPECT_EQ(le.articles[0].text, "Été\nTexte.");
  const ReadResult be =
      read("be.txt", std::string("\xFE\xFF\x00\xC9\x00t\x00\xE9\x00\n\x00T\x00"
                                 "e"
                                 "\x00x\x00t\x00"
                                 "e\x00.",
                                 22));
  ASSERT_EQ(be.articles.size(), 1u);
  EXPECT_EQ(be.articles[0].text, "Été\nTexte.");
}

TEST_F(CorpusReaderTest, LegacyCharsetsAreDecodedWithAWarning) {
  struct Case {
    const char* name;
    std::string bytes;
    const char* text;
  };
  const Case cases[] = {
      {"latin1.txt",
       "Le d\xE9put\xE9 a \xE9t\xE9 \xE9lu \xE0 Paris apr\xE8s la r\xE9"
       "forme.",
       "Le député a été élu à Paris après la réforme."},
      {"cp1252.txt",
       "L\x92\x9C"
       "uvre de l\x92\xE9t\xE9 \xE0 Paris.",
       "L’œuvre de l’été à Paris."},
  };
  for (const Case& c : cases) {
    const ReadResult r = read(c.name, c.bytes);
    EXPECT_EQ(describe(r.problems), Strings{}) << c.name;
    ASSERT_EQ(r.articles.size(), 1u) << c.name;
    EXPECT_EQ(r.articles[0].text, c.text) << c.name;
    EXPECT_EQ(describe(r.warnings), Strings{}) << c.name;
    ASSERT_EQ(r.notes.size(), 1u) << c.name;
    EXPECT_EQ(r.notes[0].reason.rfind("not UTF-8; read as windows-1252 ", 0), 0u)
        << r.notes[0].reason;
  }
}

TEST_F(CorpusReaderTest, InvalidUtf8IsReplacedWithAWarning) {
  const ReadResult r = read("a.txt", "L’été à Paris \xC3 fut très chaud.\n");
  EXPECT_EQ(describe(r.problems), Strings{});
  EXPECT_EQ(describe(r.warnings),
            Strings{"0: 1 byte sequence invalid in UTF-8 replaced with U+FFFD"});
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].text, "L’été à Paris \uFFFD fut très chaud.");
}

TEST_F(CorpusReaderTest, JsonLinesGivesOneArticlePerRecord) {
  const ReadResult r = read(
      "fil/depeches.jsonl",
      R"({"id": "a1", "title": "Premier", "date": "2019-03-14", "source": "AFP", "url": "https://e.fr/1", "author": "M. D.", "text": "Un.\nDeux.\nUn.", "rubrique": "x"}
{"id": 42, "title": "Deuxième", "date": null, "body": "Corps."}
)"
      "\r\n"
      R"({"id": "a3", "title": null, "content": "Contenu seul, sans titre."})"
      "\n");
  EXPECT_EQ(describe(r.problems), Strings{});
  EXPECT_EQ(describe(r.warnings), Strings{});
  ASSERT_EQ(r.articles.size(), 3u);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "a1");
  EXPECT_EQ(a.title, "Premier");
  EXPECT_EQ(a.date, "2019-03-14");
  EXPECT_EQ(a.date_source, DateSource::kRecord);
  EXPECT_EQ(a.source, "AFP");
  EXPECT_EQ(a.url, "https://e.fr/1");
  EXPECT_EQ(a.author, "M. D.");
  EXPECT_EQ(a.path, "fil/depeches.jsonl");
  EXPECT_EQ(a.line, 1);
  EXPECT_EQ(a.text, "Un.\nDeux.");
  const Article& b = r.articles[1];
  EXPECT_EQ(b.id, "42");
  EXPECT_EQ(b.date, "");
  EXPECT_EQ(b.date_source, DateSource::kNone);
  EXPECT_EQ(b.text, "Corps.");
  EXPECT_EQ(b.line, 2);
  const Article& c = r.articles[2];
  EXPECT_EQ(c.id, "a3");
  EXPECT_EQ(c.title, "Contenu seul, sans titre.");
  EXPECT_EQ(c.text, "Contenu seul, sans titre.");
  EXPECT_EQ(c.line, 4);
}

TEST_F(CorpusReaderTest, BadJsonLinesAreProblemsAndOtherLinesStillCount) {
  const ReadResult r = read("a.jsonl",
                            "{\"id\": \"ok1\", \"text\": \"Bon.\"}\n"
                            "{\"id\": \"bad\", \"text\": \n"
                            "[1, 2]\n"
                            "{\"id\": \"vide\", \"text\": \"  \"}\n"
                            "{\"id\": \"rien\", \"title\": \"Sans texte\"}\n"
                            "{\"id\": true, \"text\": \"Id booléen.\"}\n"
                            "{\"id\": \"ok1\", \"text\": \"Doublon.\"}\n"
                            "{\"id\": \"ok2\", \"title\": 3, \"date\": "
                            "\"bientôt\", \"text\": \"Bon aussi.\"}\n");
  EXPECT_EQ(
      describe(r.problems),
      (Strings{"2: line is not valid JSON: parse error at line 1, column "
               "23: syntax error while parsing value - unexpected "
               "end of input; expected '[', '{', or a literal",
               "3: record is not a JSON object", "4: record has no text",
               "5: record has no text", "6: \"id\" is neither a string nor a number",
               "7: duplicate id \"ok1\" (first at line 1)"}));
  EXPECT_EQ(describe(r.warnings), (Strings{"8: \"title\" is not a string; ignored",
                                           "8: unrecognised date \"bientôt\""}));
  ASSERT_EQ(r.articles.size(), 2u);
  EXPECT_EQ(r.articles[0].id, "ok1");
  EXPECT_EQ(r.articles[1].id, "ok2");
  EXPECT_EQ(r.articles[1].title, "Bon aussi.");
  EXPECT_EQ(r.articles[1].line, 8);
}

TEST_F(CorpusReaderTest, RecordWithoutIdGetsAHashIdStableUnderInsertion) {
  const std::string record =
      R"({"title": "Sans id", "date": "2019-03-14", "text": "Un texte sans identifiant."})";
  const ReadResult before = read("a.jsonl", record + "\n");
  const ReadResult after =
      read("a.jsonl", "{\"id\": \"nouveau\", \"text\": \"Inséré.\"}\n\n" + record);
  ASSERT_EQ(before.articles.size(), 1u);
  ASSERT_EQ(after.articles.size(), 2u);
  EXPECT_EQ(before.articles[0].id, "a.jsonl#a7b6aa7037fe8bc0");
  EXPECT_EQ(after.articles[1].id, "a.jsonl#a7b6aa7037fe8bc0");
  EXPECT_EQ(after.articles[1].line, 3);
  const ReadResult bare = read("b.jsonl", R"({"text": "Texte seul."})");
  ASSERT_EQ(bare.articles.size(), 1u);
  EXPECT_EQ(bare.articles[0].id, "b.jsonl#5ec81a15d55cb04a");
}

TEST_F(CorpusReaderTest, GzippedJsonLinesIsInflated) {
  const ReadResult r = read(
      "a.ndjson.gz", gzip("{\"id\": \"z\", \"title\": \"T\", \"text\": \"Été.\"}\n"));
  EXPECT_EQ(describe(r.problems), Strings{});
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].id, "z");
  EXPECT_EQ(r.articles[0].text, "Été.");
}

TEST_F(CorpusReaderTest, HtmlFileGivesAnArticle) {
  const ReadResult r =
      read("2018/05/02/page.html",
           "<html><head><meta property=\"og:title\" content=\"Titre\">"
           "<meta property=\"og:site_name\" content=\"Le Quotidien\">"
           "<meta property=\"article:published_time\" content=\"2019-03-14\">"
           "</head><body><article><p>Un.</p><p>Deux.</p><p>Un.</p></article>"
           "</body></html>");
  EXPECT_EQ(describe(r.problems), Strings{});
  ASSERT_EQ(r.articles.size(), 1u);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "2018/05/02/page.html");
  EXPECT_EQ(a.title, "Titre");
  EXPECT_EQ(a.source, "Le Quotidien");
  EXPECT_EQ(a.date, "2019-03-14");
  EXPECT_EQ(a.date_source, DateSource::kHtml);
  EXPECT_EQ(a.text, "Un.\nDeux.");
}

TEST_F(CorpusReaderTest, HtmlWithoutDateFallsBackToFoldersAndTitleToText) {
  const ReadResult r = read("2018/05/02/page.htm.gz",
                            gzip("<html><body><p>Seul paragraphe.</p></body></html>"));
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].title, "Seul paragraphe.");
  EXPECT_EQ(r.articles[0].date, "2018-05-02");
  EXPECT_EQ(r.articles[0].date_source, DateSource::kPath);
}

// Latin-1 (here cp1252, for the 0x9C of "œ") JSON Lines, as old archives
// hold them: read as windows-1252 like a Latin-1 text file, the guess a note.
constexpr std::string_view kLatin1Records =
    "{\"id\": \"c1\", \"title\": \"Caf\xE9\", \"text\": \"Le caf\xE9 \xE0 "
    "l'\x9C"
    "uvre.\"}\n"
    "{\"id\": \"c2\", \"title\": \"D\xE9j\xE0\", \"text\": \"D\xE9j\xE0 vu.\"}\n";

TEST_F(CorpusReaderTest, Latin1JsonLinesAreDecodedLikeLatin1Text) {
  const ReadResult r = read("a.jsonl", kLatin1Records);
  EXPECT_EQ(describe(r.problems), Strings{});
  EXPECT_EQ(describe(r.warnings), Strings{});
  ASSERT_EQ(r.articles.size(), 2u);
  EXPECT_EQ(r.articles[0].title, "Café");
  EXPECT_EQ(r.articles[0].text, "Le café à l'œuvre.");
  EXPECT_EQ(r.articles[1].title, "Déjà");
  EXPECT_EQ(r.articles[1].line, 2);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].line, 0);
  EXPECT_EQ(r.notes[0].reason.rfind("not UTF-8; read as windows-1252 ", 0), 0u)
      << r.notes[0].reason;
}

TEST_F(CorpusReaderTest, GzippedLatin1JsonLinesAreDecoded) {
  const ReadResult r = read("a.jsonl.gz", gzip(kLatin1Records));
  EXPECT_EQ(describe(r.problems), Strings{});
  EXPECT_EQ(describe(r.warnings), Strings{});
  ASSERT_EQ(r.articles.size(), 2u);
  EXPECT_EQ(r.articles[0].title, "Café");
  EXPECT_EQ(r.articles[0].text, "Le café à l'œuvre.");
  EXPECT_EQ(r.notes.size(), 1u);
}

// Past the sample that decides the charset, a line in another charset is
// read by the same rules on its own, and the warning names it.
TEST_F(CorpusReaderTest, ALateLatin1LineInAUtf8FileIsDecodedWithAWarningAtItsLine) {
  std::string bytes;
  int lines = 0;
  while (bytes.size() <= (std::size_t{1} << 20) + 4096) {
    bytes += "{\"text\": \"Été numéro " + std::to_string(++lines) + ", " +
             std::string(200, 'x') + ".\"}\n";
  }
  bytes +=
      "{\"id\": \"tard\", \"title\": \"Caf\xE9\", \"text\": \"Caf\xE9 cr\xE8me.\"}\n";
  const ReadResult r = read("big.jsonl.gz", gzip(bytes));
  EXPECT_EQ(describe(r.problems), Strings{});
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, lines + 1);
  EXPECT_EQ(
      r.warnings[0].reason.rfind("not UTF-8 unlike the file; read as windows-1252 ", 0),
      0u)
      << r.warnings[0].reason;
  EXPECT_EQ(describe(r.notes), Strings{});
  ASSERT_EQ(r.articles.size(), static_cast<std::size_t>(lines + 1));
  EXPECT_EQ(r.articles.back().title, "Café");
  EXPECT_EQ(r.articles.back().text, "Café crème.");
  EXPECT_EQ(r.articles.back().line, lines + 1);
}

TEST_F(CorpusReaderTest, AUtf8LineInALatin1FileIsReadAsUtf8WithAWarning) {
  const ReadResult r = read("a.jsonl", std::string(kLatin1Records) +
                                           "{\"id\": \"u\", \"text\": \"Déjà lu.\"}\n");
  EXPECT_EQ(describe(r.problems), Strings{});
  EXPECT_EQ(describe(r.warnings),
            Strings{"3: valid UTF-8 unlike the file (windows-1252); read as UTF-8"});
  ASSERT_EQ(r.articles.size(), 3u);
  EXPECT_EQ(r.articles[0].title, "Café");
  EXPECT_EQ(r.articles[2].text, "Déjà lu.");
}

TEST_F(CorpusReaderTest, MostlyUtf8JsonLinesAreRepairedAtTheirLine) {
  const ReadResult r = read("a.jsonl",
                            "{\"id\": \"a\", \"text\": \"L’été à Paris.\"}\n"
                            "{\"id\": \"b\", \"text\": \"Déjà \xC3 vu.\"}\n");
  EXPECT_EQ(describe(r.problems), Strings{});
  EXPECT_EQ(describe(r.warnings),
            Strings{"2: 1 byte sequence invalid in UTF-8 replaced with U+FFFD"});
  ASSERT_EQ(r.articles.size(), 2u);
  EXPECT_EQ(r.articles[1].text, "Déjà \uFFFD vu.");
}

TEST_F(CorpusReaderTest, Utf16JsonLinesWithByteOrderMarkAreDecoded) {
  // {"text":"Été"} and {"text":"Hiver"} in UTF-16LE.
  std::string bytes = "\xFF\xFE";
  for (char32_t c : std::u32string(U"{\"text\":\"Été\"}\r\n{\"text\":\"Hiver\"}\n")) {
    bytes += static_cast<char>(c & 0xFF);
    bytes += static_cast<char>(c >> 8);
  }
  const ReadResult r = read("a.jsonl", bytes);
  EXPECT_EQ(describe(r.problems), Strings{});
  ASSERT_EQ(r.articles.size(), 2u);
  EXPECT_EQ(r.articles[0].text, "Été");
  EXPECT_EQ(r.articles[1].text, "Hiver");
  EXPECT_EQ(r.articles[1].line, 2);
}

TEST_F(CorpusReaderTest, BlankOnlyJsonLinesIsAnEmptyFile) {
  EXPECT_EQ(describe(read("a.jsonl", "\n  \r\n\n").problems), Strings{"0: empty file"});
}

// Issue #16.5: nlohmann throws out_of_range for 1e400, which used to stop
// the whole file (and, on the reader thread, the run).
TEST_F(CorpusReaderTest, ANumberOutOfRangeIsThatRecordsProblem) {
  const fs::path file = root_ / "a.jsonl";
  std::ofstream(file) << "{\"id\": \"a\", \"text\": \"Avant.\"}\n"
                         "{\"id\": \"n\", \"text\": \"Texte.\", \"x\": 1e400}\n"
                         "{\"id\": \"b\", \"text\": \"Après.\"}\n";
  Strings ids;
  Strings problems;
  read_articles_in_batches(file, "a.jsonl", 10, [&](ReadResult& batch) {
    for (const Article& article : batch.articles) ids.push_back(article.id);
    for (const std::string& p : describe(batch.problems)) problems.push_back(p);
  });
  EXPECT_EQ(ids, (Strings{"a", "b"}));
  EXPECT_EQ(problems,
            (Strings{"2: record cannot be read: number overflow parsing '1e400'"}));
}

TEST_F(CorpusReaderTest, HtmlWithoutTextIsAProblem) {
  const ReadResult r = read("a.html",
                            "<html><head><title>T</title></head><body><nav>Menu</nav>"
                            "</body></html>");
  EXPECT_EQ(describe(r.problems), Strings{"0: no text"});
}

}  // namespace
}  // namespace kiosque
