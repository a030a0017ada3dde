// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/input/html_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace kiosque {
namespace {

using Strings = std::vector<std::string>;

TEST(ReadHtml, ReadsMetadataFromMetaAndLinkTags) {
  const HtmlPage page = read_html(R"(<!DOCTYPE html>
<html lang="fr"><head>
<meta charset="utf-8">
<title>Réforme des retraites | Le Quotidien</title>
<meta property="og:title" content="Réforme des retraites : le Sénat vote">
<meta property="og:site_name" content="Le Quotidien">
<meta property="og:url" content="https://example.fr/og">
<link rel="alternate canonical" href="https://example.fr/retraites">
<meta property="article:published_time" content="2019-03-14T08:00:00+01:00">
<meta name="author" content="Marie Dupont">
</head><body><article><p>Le Sénat a voté mardi.</p></article></body></html>)");
  EXPECT_EQ(page.error, "");
  EXPECT_EQ(page.title, "Réforme des retraites : le Sénat vote");
  EXPECT_EQ(page.date, "2019-03-14");
  EXPECT_EQ(page.source, "Le Quotidien");
  EXPECT_EQ(page.url, "https://example.fr/retraites");
  EXPECT_EQ(page.author, "Marie Dupont");
  EXPECT_EQ(page.paragraphs, Strings{"Le Sénat a voté mardi."});
  EXPECT_EQ(page.warnings, Strings{});
}

TEST(ReadHtml, PrefersOgTitleThenFirstH1ThenTitleElement) {
  struct Case {
    const char* html;
    const char* title;
  };
  const Case cases[] = {
      {"<html><head><title>Titre de page</title>"
       "<meta property=\"og:title\" content=\"Titre OG\"></head>"
       "<body><h1>Titre H1</h1><p>Texte.</p></body></html>",
       "Titre OG"},
      {"<html><head><title>Titre de page</title></head>"
       "<body><h1>Titre\n   H1</h1><h1>Second</h1><p>Texte.</p></body></html>",
       "Titre H1"},
      {"<html><head><title> Titre de page </title></head>"
       "<body><p>Texte.</p></body></html>",
       "Titre de page"},
      {"<html><body><p>Texte.</p></body></html>", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(read_html(c.html).title, c.title) << c.html;
  }
}

TEST(ReadHtml, TakesTheDateFromMetaElseTheFirstTimeElement) {
  struct Case {
    const char* html;
    const char* date;
    Strings warnings;
  };
  const Case cases[] = {
      {"<html><head><meta property=\"article:published_time\" "
       "content=\"2020-01-05\"></head><body><time datetime=\"2021-02-03\">"
       "</time><p>x</p></body></html>",
       "2020-01-05",
       {}},
      {"<html><body><time>hier</time><time datetime=\"2021-02-03T10:00Z\">"
       "3 février</time><time datetime=\"2022-01-01\"></time><p>x</p></body>"
       "</html>",
       "2021-02-03",
       {}},
      {"<html><head><meta property=\"article:published_time\" "
       "content=\"bientôt\"></head><body><time datetime=\"14/03/2019\">"
       "</time><p>x</p></body></html>",
       "2019-03-14",
       {"unrecognised date \"bientôt\""}},
      {"<html><body><p>x</p></body></html>", "", {}},
  };
  for (const Case& c : cases) {
    const HtmlPage page = read_html(c.html);
    EXPECT_EQ(page.date, c.date) << c.html;
    EXPECT_EQ(page.warnings, c.warnings) << c.html;
  }
}

TEST(ReadHtml, ReadsThePublicationDateUnderItsUsualNames) {
  struct Case {
    const char* head;
    const char* body;
    const char* date;
  };
  const Case cases[] = {
      {"<meta name=\"date\" content=\"2017-06-01\">", "", "2017-06-01"},
      {"<meta name=\"DC.date\" content=\"01/06/2017\">", "", "2017-06-01"},
      {"<meta name=\"dc.date.issued\" content=\"2017-06-01\">", "", "2017-06-01"},
      {"<meta name=\"dcterms.created\" content=\"2017-06-01\">", "", "2017-06-01"},
      {"<meta name=\"pubdate\" content=\"2017-06-01T08:00:00Z\">", "", "2017-06-01"},
      {"<meta property=\"og:published_time\" content=\"2017-06-01\">", "", "2017-06-01"},
      {"<meta itemprop=\"datePublished\" content=\"2017-06-01\">", "", "2017-06-01"},
      {"<meta name=\"publication_date\" content=\"1er juin 2017\">", "", "2017-06-01"},
      {"<meta name=\"date\" content=\"2017-06-01\"><meta property="
       "\"article:published_time\" content=\"2016-01-01\">",
       "", "2016-01-01"},  // article:published_time first
      {"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
       "\"dateModified\":\"2019-01-01\",\"datePublished\":\"2018-05-04T10:00:00+02:00\"}"
       "</script>",
       "", "2018-05-04"},
      {"<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
       "\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"x\"},{\"@type\":\"NewsArticle\","
       "\"author\":{\"@type\":\"Person\"},\"datePublished\":\"2018-05-04\"}]}</script>",
       "", "2018-05-04"},
      {"<script type=\"application/ld+json\">[{\"@type\":\"Article\","
       "\"dateCreated\":\"2018-05-04\"}]</script>",
       "", "2018-05-04"},
      {"<script type=\"application/ld+json\">{broken</script>", "", ""},
      {"<script>var datePublished = \"2018-05-04\";</script>", "", ""},
      {"", "<time datetime=\"2015-01-01\"></time><time pubdate datetime=\"2018-05-04\">",
       "2018-05-04"},
      {"",
       "<time datetime=\"2015-01-01\"></time><time itemprop=\"datePublished\" "
       "datetime=\"2018-05-04\">",
       "2018-05-04"},
  };
  for (const Case& c : cases) {
    const std::string html = std::string("<html><head>") + c.head + "</head><body>" +
                             c.body + "<p>x</p></body></html>";
    EXPECT_EQ(read_html(html).date, c.date) << html;
  }
}

TEST(ReadHtml, FindsAVisibleDatelineInTheHeaderOrByline) {
  struct Case {
    const char* body;
    const char* text_date;
  };
  const Case cases[] = {
      {"<nav><ul><li>Accueil</li><li>Politique</li></ul></nav><article><header><h1>T</h1>"
       "<p class=\"byline\">Par J. Martin <span>Publié le 12/01/2022 à "
       "10h</span></p></header><p>Texte.</p></article>",
       "2022-01-12"},
      {"<div>Publié le&nbsp;3 mars 2021</div><p>Texte.</p>", "2021-03-03"},
      {"<p>PARIS, 12 janvier 2022 (AFP) - Texte.</p>", "2022-01-12"},
      {"<article><p>Texte.</p></article><aside>Publié le 12/01/2022</aside>", ""},
      {"<p>Texte.</p>", ""},
  };
  for (const Case& c : cases) {
    const std::string html = std::string("<html><body>") + c.body + "</body></html>";
    EXPECT_EQ(read_html(html).text_date, c.text_date) << html;
  }
}

TEST(ReadHtml, KeepsArticleTextAndLeavesOutPageFurniture) {
  const HtmlPage page = read_html(R"(<html><head>
<style>p { color: red }</style><script>var x = "<p>non</p>";</script>
</head><body>
<header><a href="/">Le Quotidien</a></header>
<nav><ul><li>Politique</li><li>Sport</li></ul></nav>
<p>Hors article : publicité.</p>
<article>
  <h1>Le Sénat vote la réforme</h1>
  <p>Premier   paragraphe,
     sur deux lignes.</p>
  <script>track();</script>
  <noscript>Activez JavaScript</noscript>
  <aside>Lire aussi : autre chose</aside>
  <div>Un bloc <b>gras</b> et <i>italique</i><br>après un saut.</div>
  <ul><li>Point un</li><li>Point deux</li></ul>
  <blockquote>« Citation »</blockquote>
  <table><tr><td>Oui</td><td>52 %</td></tr><tr><td>Non</td><td>48 %</td></tr></table>
  <figure><img src="a.jpg"><figcaption>Légende</figcaption></figure>
  <form><input value="Recherche"><button>OK</button></form>
  <p>   </p>
  <footer>© Le Quotidien</footer>
</article>
<footer>Mentions légales</footer>
</body></html>)");
  EXPECT_EQ(page.title, "Le Sénat vote la réforme");
  EXPECT_EQ(page.paragraphs,
            (Strings{"Premier paragraphe, sur deux lignes.", "Un bloc gras et italique",
                     "après un saut.", "Point un", "Point deux", "« Citation »",
                     "Oui 52 %", "Non 48 %", "Légende"}));
}

TEST(ReadHtml, UsesBodyWhenThereIsNoArticleElement) {
  const HtmlPage page = read_html(
      "<html><head><title>T</title></head><body><nav>Menu</nav>"
      "<p>Un.</p><p>Deux.</p></body></html>");
  EXPECT_EQ(page.paragraphs, (Strings{"Un.", "Deux."}));
}

TEST(ReadHtml, DoesNotRepeatTheTitleInTheText) {
  const HtmlPage page = read_html(
      "<html><head><meta property=\"og:title\" content=\"Le titre\"></head>"
      "<body><h2>Le titre</h2><p>Le texte.</p></body></html>");
  EXPECT_EQ(page.title, "Le titre");
  EXPECT_EQ(page.paragraphs, Strings{"Le texte."});
}

TEST(ReadHtml, DecodesEntities) {
  const HtmlPage page = read_html(
      "<html><head><title>Tom &amp; Jerry</title></head><body>"
      "<p>L&#8217;&eacute;t&eacute; &amp; l&rsquo;hiver&nbsp;: 1&nbsp;800 "
      "&lt;b&gt;</p></body></html>");
  EXPECT_EQ(page.title, "Tom & Jerry");
  EXPECT_EQ(page.paragraphs, Strings{"L’été & l’hiver\u00A0: 1\u00A0800 <b>"});
}

TEST(ReadHtml, ReadsADeclaredWindows1252Page) {
  const HtmlPage page = read_html(
      "<html><head><meta charset=\"windows-1252\"><title>L\x92\x9C"
      "uvre"
      "</title></head><body><p>C\x92\x65st l\x92\xE9t\xE9 \x80 5.</p>"
      "</body></html>");
  EXPECT_EQ(page.error, "");
  EXPECT_EQ(page.title, "L’œuvre");
  EXPECT_EQ(page.paragraphs, Strings{"C’est l’été € 5."});
  EXPECT_EQ(page.warnings, Strings{});
}

TEST(ReadHtml, ReadsDeclaredIso88591AsWindows1252LikeBrowsers) {
  const HtmlPage page = read_html(
      "<html><head><meta http-equiv=\"Content-Type\" "
      "content=\"text/html; charset=ISO-8859-1\"></head>"
      "<body><p>L\x92\xE9t\xE9 \xE0 Paris.</p></body></html>");
  EXPECT_EQ(page.paragraphs, Strings{"L’été à Paris."});
  EXPECT_EQ(page.warnings, Strings{});
}

TEST(ReadHtml, FollowsADeclarationTheDetectorCannotGuess) {
  // 0xA4 is € in ISO-8859-15 but ¤ in windows-1252.
  const HtmlPage page = read_html(
      "<html><head><meta charset=\"ISO-8859-15\"></head>"
      "<body><p>Prix : 5 \xA4, d\xE9j\xE0 pay\xE9s.</p></body></html>");
  EXPECT_EQ(page.paragraphs, Strings{"Prix : 5 €, déjà payés."});
  EXPECT_EQ(page.warnings, Strings{});
}

TEST(ReadHtml, GuessesAnUndeclaredLegacyPageWithANote) {
  const HtmlPage page =
      read_html("<html><body><p>L\x92\xE9t\xE9 \xE0 Paris.</p></body></html>");
  EXPECT_EQ(page.paragraphs, Strings{"L’été à Paris."});
  EXPECT_EQ(page.warnings, Strings{});
  ASSERT_EQ(page.notes.size(), 1u);
  EXPECT_EQ(page.notes[0].rfind("not UTF-8; read as windows-1252 ", 0), 0u)
      << page.notes[0];
}

TEST(ReadHtml, TrustsValidUtf8OverAWrongDeclaration) {
  const HtmlPage page = read_html(
      "<html><head><meta charset=\"iso-8859-1\"></head>"
      "<body><p>L’été à Paris.</p></body></html>");
  EXPECT_EQ(page.paragraphs, Strings{"L’été à Paris."});
  EXPECT_EQ(page.warnings, Strings{});
}

TEST(ReadHtml, RecoversFromBrokenMarkup) {
  const HtmlPage page =
      read_html("<p>Un paragraphe <b>non fermé<p>Un autre</i> & fin <div>bloc");
  EXPECT_EQ(page.error, "");
  EXPECT_EQ(page.paragraphs,
            (Strings{"Un paragraphe non fermé", "Un autre & fin", "bloc"}));
}

// Pages shaped like French news sites, without <article> (tests/data/html/):
// the article's paragraphs are kept whole and in order, and no word of the
// page's furniture is.
struct NewsPageCase {
  const char* file;
  Strings paragraphs;
};

std::string read_test_page(const std::string& name) {
  std::ifstream in(std::string(KIOSQUE_TEST_DATA) + "/html/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

const Strings kFurnitureWords = {
    "Accueil",          "Abonnez-vous", "abonnez-vous",        "Abonnement",
    "Newsletter",       "cookies",      "Lire aussi",          "Mentions légales",
    "Partager",         "Publicité",    "commentaire",         "Commentaires",
    "Se connecter",     "Les plus lus", "Sur le même sujet",   "Archives",
    "Aller au contenu", "Fil",          "Tous droits réservés"};

class NewsPageTest : public ::testing::TestWithParam<NewsPageCase> {};

TEST_P(NewsPageTest, KeepsTheArticleWholeAndInOrderAndNoFurniture) {
  const std::string html = read_test_page(GetParam().file);
  ASSERT_FALSE(html.empty()) << GetParam().file;
  const HtmlPage page = read_html(html);
  EXPECT_EQ(page.paragraphs, GetParam().paragraphs);
  for (const std::string& paragraph : page.paragraphs) {
    for (const std::string& word : kFurnitureWords) {
      EXPECT_EQ(paragraph.find(word), std::string::npos) << word << " in: " << paragraph;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    FrenchNewsSites, NewsPageTest,
    ::testing::Values(
        NewsPageCase{
            "quotidien-regional.html",
            {"Fermée depuis l'été dernier, la passerelle piétonne qui enjambe la Dore a "
             "rouvert samedi matin, au soulagement des riverains et des commerçants du "
             "quai.",
             "Il était un peu plus de neuf heures quand le maire, Bernard Fayolle, a "
             "coupé "
             "le ruban tendu en travers du tablier repeint en vert. Une centaine "
             "d'habitants attendaient sur la rive gauche, certains depuis l'aube.",
             "Les travaux, chiffrés à 640 000 euros, ont consisté à remplacer les "
             "garde-corps rongés par la rouille et à renforcer les appuis fragilisés par "
             "la crue de 2021. La région a financé un tiers de la facture.",
             "« Pendant huit mois, il fallait faire un détour de deux kilomètres par le "
             "pont routier pour aller à la boulangerie », raconte Josiane, 78 ans, qui "
             "habite rue des Tanneurs depuis sa naissance.",
             "Le boulanger du quai, justement, estime avoir perdu près d'un quart de son "
             "chiffre d'affaires pendant la fermeture. Il espère retrouver sa clientèle "
             "du dimanche dès le printemps."}},
        NewsPageCase{
            "quotidien-national.html",
            {"Le projet de loi de finances, présenté mercredi en Conseil des ministres, "
             "prévoit 16 milliards d'euros d'économies mais épargne finalement le "
             "transport aérien.",
             "C'était l'une des pistes les plus commentées de l'été. Elle a disparu de "
             "la "
             "version définitive du texte, transmise mardi soir au Haut Conseil des "
             "finances publiques.",
             "Selon Bercy, la mesure aurait rapporté environ 300 millions d'euros par "
             "an, "
             "une somme jugée trop modeste au regard de l'hostilité des compagnies et "
             "des "
             "élus des territoires d'outre-mer.",
             "Des économies sur les dépenses de l'État",
             "L'essentiel de l'effort porte sur les ministères, dont les crédits "
             "progresseront moins vite que l'inflation, et sur la fin progressive du "
             "bouclier tarifaire sur l'électricité.",
             "Le ministre a défendu devant la presse un budget « sérieux », tout en "
             "reconnaissant que la trajectoire de réduction du déficit restait « "
             "exigeante "
             "» pour les prochaines années."}},
        NewsPageCase{
            "blog.html",
            {"Ce dimanche, j'ai passé la matinée au verger conservatoire de "
             "Baraqueville, "
             "où une association entretient plus de cent variétés anciennes de pommiers "
             "et de poiriers.",
             "La plupart de ces arbres ont été sauvés in extremis dans des fermes "
             "abandonnées, parfois à partir d'un seul rameau prélevé sur un vieux sujet "
             "creux.",
             "Les bénévoles organisent chaque hiver un atelier de greffe ouvert à tous. "
             "On "
             "repart avec son porte-greffe, son greffon et beaucoup de conseils, le tout "
             "pour quelques euros.",
             "Mon coup de cœur de la saison : la reinette du Ségala, une pomme acidulée "
             "qui "
             "se garde jusqu'en avril dans un cellier frais."}},
        NewsPageCase{
            "depeche-agence.html",
            {"TOULOUSE, 18 janvier 2024 (APS) - Le trafic ferroviaire sera fortement "
             "perturbé jeudi en Occitanie, où la direction régionale prévoit un TER sur "
             "trois en moyenne, a-t-elle annoncé mercredi.",
             "Les syndicats protestent contre la fermeture de plusieurs guichets dans "
             "les "
             "gares de moindre importance, notamment à Capdenac, Figeac et "
             "Saint-Sulpice.",
             "Sur les lignes Intercités, deux trains sur trois circuleront entre "
             "Toulouse "
             "et Bordeaux, selon la même source. Les voyageurs sont invités à reporter "
             "leurs déplacements.",
             "Le mouvement, reconductible, pourrait se prolonger vendredi si aucune "
             "discussion ne s'ouvre d'ici là, préviennent les organisations syndicales.",
             "pm/jr/APS"}}),
    [](const ::testing::TestParamInfo<NewsPageCase>& info) {
      std::string name = info.param.file;
      name = name.substr(0, name.find('.'));
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

TEST(ReadHtml, ChoosesTheArticleWithTheMostTextWhenTeasersAreArticlesToo) {
  const HtmlPage page = read_html(
      "<html><body><article><a href=\"/a\">Un autre sujet</a><p>Court.</p></article>"
      "<article><p>Le premier paragraphe du vrai article.</p>"
      "<p>Le second paragraphe, plus long que le teaser.</p></article></body></html>");
  EXPECT_EQ(page.paragraphs, (Strings{"Le premier paragraphe du vrai article.",
                                      "Le second paragraphe, plus long que le teaser."}));
}

TEST(ReadHtml, KeepsTheStandfirstInAnArticleHeader) {
  const HtmlPage page = read_html(
      "<html><body><header><a href=\"/\">Accueil</a></header><article>"
      "<header><h1>Le titre</h1><p class=\"chapo\">Le chapeau.</p>"
      "<div class=\"share\">Partager</div></header><p>Le texte.</p></article>"
      "</body></html>");
  EXPECT_EQ(page.paragraphs, (Strings{"Le chapeau.", "Le texte."}));
}

TEST(ReadHtml, FurnitureClassesAreWholeWords) {
  // "publication" is not "pub", "header-ad" is an advert, and a content
  // word wins over a furniture word.
  const HtmlPage page = read_html(
      "<html><body><article><div class=\"publication-date\">Le 3 mars.</div>"
      "<div class=\"header-ad\">Réclame</div>"
      "<div class=\"content-with-sidebar\"><p>Le texte.</p></div>"
      "<div id=\"cookie_notice\">Ce site utilise des traceurs.</div>"
      "</article></body></html>");
  EXPECT_EQ(page.paragraphs, (Strings{"Le 3 mars.", "Le texte."}));
}

// libxml2 alone stops at 256 levels and drops the rest without a word.
TEST(ReadHtml, ReadsTextNestedDeeperThanLibxml2sOwnBound) {
  std::string html = "<html><body>";
  for (int i = 0; i < 300; ++i) html += "<div>";
  html += "<p>Au fond.</p><p>Encore.</p>";
  for (int i = 0; i < 300; ++i) html += "</div>";
  html += "<p>Après.</p></body></html>";
  const HtmlPage page = read_html(html);
  EXPECT_EQ(page.paragraphs, (Strings{"Au fond.", "Encore.", "Après."}));
  EXPECT_EQ(page.warnings, Strings{});
}

TEST(ReadHtml, ReadsTextPastItsDepthBoundAsPlainTextAndSaysSo) {
  std::string html = "<html><body><p>Avant.</p>";
  for (int i = 0; i < 1100; ++i) html += "<div>";
  html += "<p>Au fond.</p><p>Encore.</p>";
  for (int i = 0; i < 1100; ++i) html += "</div>";
  html += "<p>Après.</p></body></html>";
  const HtmlPage page = read_html(html);
  EXPECT_EQ(page.paragraphs, (Strings{"Avant.", "Au fond. Encore.", "Après."}));
  EXPECT_EQ(page.warnings,
            Strings{"HTML nested deeper than 1024 elements: the text below that depth is "
                    "read as plain text"});
}

TEST(ReadHtml, ReportsABinaryFile) {
  const HtmlPage page = read_html(std::string("\x00\x01\x02\xFF\xFE\xFD", 6));
  EXPECT_EQ(page.error, "binary file");
}

}  // namespace
}  // namespace kiosque
