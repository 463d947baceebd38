"""A German reader of the bilingual KB stays in German: wording, URLs, lists, breadcrumb, TOC."""

from .base import BilingualTestCase, soup, texts


class UrlsTests(BilingualTestCase):
    def test_each_tree_has_its_language_prefix(self):
        self.assertEqual(self.kb.home.url, "/en/help/")
        self.assertEqual(self.kb.home_de.url, "/de/hilfe/")
        self.assertEqual(
            self.kb.article_de("reset-password").url, "/de/hilfe/konto/passwort-zuruecksetzen/"
        )


class GermanWordingTests(BilingualTestCase):
    def test_german_kb_home_speaks_german(self):
        response = self.get(self.kb.home_de)
        self.assertContains(response, "Wie können wir helfen?")
        self.assertNotContains(response, "How can we help?")
        self.assertEqual(soup(response).html["lang"], "de")

    def test_english_kb_home_speaks_english(self):
        response = self.get(self.kb.home)
        self.assertContains(response, "How can we help?")
        self.assertNotContains(response, "Wie können wir helfen?")

    def test_german_article_speaks_german(self):
        response = self.get(self.kb.article_de("reset-password"))
        for text in ("Inhaltsverzeichnis", "Alle Themen", "War dieser Artikel hilfreich?"):
            self.assertContains(response, text)
        for text in ("Table of contents", "All topics", "Was this article helpful?"):
            self.assertNotContains(response, text)

    def test_topic_grid_lists_the_german_topics_and_counts_german_articles(self):
        page = soup(self.get(self.kb.home_de))
        cards = texts(page.select(".kb-topic-card__title"))
        self.assertEqual(sorted(cards), ["Abrechnung", "Konto"])
        counts = texts(page.select(".kb-topic-card__count"))
        self.assertIn("3 Artikel", counts)  # Konto: three of the four English ones translated
        links = [a["href"] for a in page.select(".kb-main a[href]")]
        self.assertTrue(links)
        self.assertFalse([href for href in links if href.startswith("/en/")], links)


class GermanArticleTests(BilingualTestCase):
    def setUp(self):
        super().setUp()
        self.page = soup(self.get(self.kb.article_de("change-email")))

    def test_breadcrumb(self):
        crumbs = self.page.select(".kb-breadcrumb a")
        self.assertEqual(texts(crumbs), ["Hilfe", "Konto"])
        self.assertEqual([a["href"] for a in crumbs], ["/de/hilfe/", "/de/hilfe/konto/"])

    def test_previous_and_next_stay_in_german_and_skip_the_untranslated_article(self):
        previous = self.page.select_one(".kb-pager__link--previous")
        following = self.page.select_one(".kb-pager__link--next")
        self.assertEqual(previous["href"], self.kb.article_de("reset-password").url)
        # "Close your account" has no German version: the German next is the one after it.
        self.assertEqual(following["href"], self.kb.article_de("two-step").url)
        self.assertIn("Anmeldung in zwei Schritten", following.get_text())

    def test_side_list_lists_the_german_articles_of_the_topic(self):
        side = self.page.select_one(".kb-topic-articles")
        self.assertEqual(
            texts(side.select("li")),
            ["Passwort zurücksetzen", "E-Mail-Adresse ändern", "Anmeldung in zwei Schritten"],
        )
        self.assertIn("In Konto", side.get_text())

    def test_no_link_leads_out_of_the_german_tree(self):
        links = [a["href"] for a in self.page.select(".kb a[href]")]
        self.assertFalse([href for href in links if href.startswith("/en/")], links)


class TableOfContentsWithUmlautsTests(BilingualTestCase):
    def test_heading_ids_keep_their_umlauts_and_the_toc_links_to_them(self):
        page = soup(self.get(self.kb.article_de("reset-password")))
        ids = [h["id"] for h in page.select("#article-body h2")]
        self.assertEqual(ids, ["überblick-für-käufer", "ein-neues-passwort-wählen"])
        self.assertEqual([a["href"] for a in page.select(".kb-toc a")], [f"#{i}" for i in ids])

    def test_english_and_german_ids_differ_per_translation(self):
        english = soup(self.get(self.kb.article("reset-password")))
        self.assertEqual(
            [h["id"] for h in english.select("#article-body h2")],
            ["ask-for-a-reset-link", "choose-a-new-password"],
        )


class MarkdownAndLlmsTests(BilingualTestCase):
    def test_llms_txt_of_the_german_kb_lists_its_articles(self):
        response = self.client.get(self.kb.home_de.url + "llms.txt")
        self.assertEqual(response.status_code, 200)
        text = response.content.decode()
        self.assertIn("# Hilfe", text)
        self.assertIn(self.kb.article_de("reset-password").url, text)
        self.assertNotIn("Reset your password", text)

    def test_the_german_articles_markdown(self):
        response = self.client.get(self.kb.article_de("reset-password").url + "index.html.md")
        self.assertEqual(response.status_code, 200)
        self.assertIn("# Passwort zurücksetzen", response.content.decode())
