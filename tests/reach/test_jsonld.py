"""Structured data and the head: one JSON-LD script per KB page, valid for schema.org and Google.

The tables below are the properties each type must have: schema.org's own expectations plus
Google's required and recommended properties for the rich result (Article, Breadcrumb, Video,
and the site's search), as documented by Google Search Central. A property listed is required
here, whatever the source calls it, because the KB always has the data for it.
"""

import json
import re
from datetime import datetime
from io import StringIO
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.test import TestCase, override_settings

from tests.reach.base import ReachTestCase
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import KBArticlePage, KBHomePage

# type -> properties that must be present and not empty.
REQUIRED = {
    # Google (Article, applies to TechArticle): headline, datePublished, dateModified, author
    # when known (opt-in here), image when the article has one; the contract adds the rest.
    "TechArticle": (
        "headline",
        "description",
        "datePublished",
        "dateModified",
        "inLanguage",
        "url",
        "isPartOf",
    ),
    # Google (Breadcrumb): itemListElement with at least two ListItems.
    "BreadcrumbList": ("itemListElement",),
    # Google (Breadcrumb): position, name, item (item may be left out only on the last one).
    "ListItem": ("position", "name", "item"),
    # Google (Video): name, thumbnailUrl, uploadDate required; description, embedUrl recommended.
    "VideoObject": ("name", "description", "thumbnailUrl", "uploadDate", "embedUrl"),
    # schema.org WebSite + SearchAction (the site's search box).
    "WebSite": ("name", "url"),
    "SearchAction": ("target", "query-input"),
    "EntryPoint": ("urlTemplate",),
    "CollectionPage": ("name", "url"),
}
DATE_PROPERTIES = ("datePublished", "dateModified", "uploadDate")
URL_PROPERTIES = ("url", "item", "embedUrl")


def json_ld(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"{len(scripts)} JSON-LD scripts"
    return json.loads(scripts[0].string)


def nodes(data):
    """Every typed node of a JSON-LD document, nested ones included."""
    if isinstance(data, dict):
        if "@type" in data:
            yield data
        for value in data.values():
            yield from nodes(value)
    elif isinstance(data, list):
        for item in data:
            yield from nodes(item)


def is_absolute_url(value):
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class Validator:
    def __init__(self, test):
        self.test = test

    def check(self, data):
        self.test.assertEqual(data["@context"], "https://schema.org")
        found = list(nodes(data["@graph"]))
        for node in found:
            self.check_node(node)
        return found

    def check_node(self, node):
        kind = node["@type"]
        for name in REQUIRED.get(kind, ()):
            self.test.assertTrue(node.get(name), f"{kind} without {name}: {node}")
        for name in DATE_PROPERTIES:
            if name in node:
                moment = datetime.fromisoformat(node[name])
                self.test.assertIsNotNone(moment.tzinfo, f"{kind}.{name} has no time zone")
        for name in URL_PROPERTIES:
            if name in node:
                self.test.assertTrue(is_absolute_url(node[name]), f"{kind}.{name}: {node[name]}")
        if kind == "VideoObject":
            for url in node["thumbnailUrl"]:
                self.test.assertTrue(is_absolute_url(url), url)
        if kind == "BreadcrumbList":
            items = node["itemListElement"]
            self.test.assertGreaterEqual(len(items), 2)
            self.test.assertEqual(
                [item["position"] for item in items], list(range(1, len(items) + 1))
            )
        if kind == "EntryPoint":
            self.test.assertIn("{search_term_string}", node["urlTemplate"])
        if kind == "SearchAction":
            self.test.assertEqual(node["query-input"], "required name=search_term_string")


class DemoArticleStructuredDataTests(TestCase):
    """The seed-like demo (``load_kb_demo``): its longest article, every kind of block."""

    @classmethod
    def setUpTestData(cls):
        caches["default"].clear()
        call_command("load_kb_demo", stdout=StringIO())
        cls.article = KBArticlePage.objects.get(slug="getting-started-guide")
        cls.home = KBHomePage.objects.get()

    def test_article_holds_a_valid_tech_article_breadcrumb_and_videos(self):
        response = self.client.get(self.article.url)
        found = Validator(self).check(json_ld(response))
        kinds = [node["@type"] for node in found]
        self.assertEqual(kinds.count("TechArticle"), 1)
        self.assertEqual(kinds.count("BreadcrumbList"), 1)
        videos = [block for block in self.article.body if block.block_type == "video"]
        self.assertEqual(kinds.count("VideoObject"), len(videos))
        self.assertGreaterEqual(len(videos), 1)
        article = next(node for node in found if node["@type"] == "TechArticle")
        self.assertEqual(article["headline"], self.article.title)
        self.assertEqual(article["description"], self.article.intro)
        self.assertEqual(article["url"], self.article.full_url)
        self.assertEqual(article["inLanguage"], "en")
        self.assertEqual(article["isPartOf"]["url"], self.home.full_url)
        self.assertEqual(
            datetime.fromisoformat(article["datePublished"]),
            self.article.first_published_at.replace(microsecond=0),
        )
        self.assertEqual(
            datetime.fromisoformat(article["dateModified"]),
            self.article.last_published_at.replace(microsecond=0),
        )
        self.assertNotIn("author", article)  # off unless the site opts in
        crumbs = next(node for node in found if node["@type"] == "BreadcrumbList")
        names = [item["name"] for item in crumbs["itemListElement"]]
        self.assertEqual(names[0], self.home.title)
        self.assertEqual(names[-1], self.article.title)
        video = next(node for node in found if node["@type"] == "VideoObject")
        first = videos[0].value
        self.assertEqual(video["embedUrl"], "https://www.youtube-nocookie.com/embed/mB7kq2NoTe4")
        self.assertEqual(
            video["thumbnailUrl"], ["https://i.ytimg.com/vi/mB7kq2NoTe4/hqdefault.jpg"]
        )
        self.assertEqual(video["transcript"], first["transcript"])
        self.assertEqual({"@id": video["@id"]}, article["video"][0])

    def test_home_holds_a_website_with_a_search_action(self):
        found = Validator(self).check(json_ld(self.client.get(self.home.url)))
        website = next(node for node in found if node["@type"] == "WebSite")
        template = website["potentialAction"]["target"]["urlTemplate"]
        self.assertEqual(template, self.home.full_url + "search/?q={search_term_string}")
        # The template works: the search it names answers.
        response = self.client.get(
            urlsplit(template.replace("{search_term_string}", "sync")).path + "?q=sync"
        )
        self.assertEqual(response.status_code, 200)

    def test_topic_holds_a_collection_page_and_breadcrumb(self):
        topic = self.article.get_parent()
        found = Validator(self).check(json_ld(self.client.get(topic.url)))
        self.assertEqual(
            sorted(node["@type"] for node in found if node["@type"] != "ListItem"),
            ["BreadcrumbList", "CollectionPage", "WebSite"],
        )

    def test_one_description_canonical_and_open_graph_each(self):
        soup = BeautifulSoup(self.client.get(self.article.url).content.decode(), "html.parser")
        self.assertEqual(len(soup.find_all("meta", attrs={"name": "description"})), 1)
        canonical = soup.find_all("link", rel="canonical")
        self.assertEqual([link["href"] for link in canonical], [self.article.full_url])
        for name in ("og:title", "og:description", "og:url", "og:type"):
            self.assertEqual(len(soup.find_all("meta", property=name)), 1, name)
        self.assertEqual(soup.find("meta", property="og:url")["content"], self.article.full_url)
        self.assertEqual(
            soup.find("meta", property="og:description")["content"], self.article.intro
        )
        alternate = soup.find("link", rel="alternate", type="text/markdown")
        self.assertEqual(alternate["href"], self.article.full_url + "index.html.md")


class StructuredDataEdgeTests(ReachTestCase):
    def test_vimeo_gets_the_kbs_placeholder_thumbnail(self):
        found = list(nodes(json_ld(self.client.get(self.article.url))["@graph"]))
        videos = [node for node in found if node["@type"] == "VideoObject"]
        self.assertEqual(len(videos), 2)
        vimeo = next(video for video in videos if "vimeo" in video["url"])
        self.assertEqual(vimeo["embedUrl"], "https://player.vimeo.com/video/76979871?dnt=1")
        self.assertEqual(
            vimeo["thumbnailUrl"], ["http://testserver/static/wagtail_kb/img/video-placeholder.png"]
        )
        self.assertNotIn("transcript", vimeo)
        for video in videos:
            Validator(self).check_node(video)

    def test_title_with_a_closing_script_tag_cannot_end_the_script(self):
        article = make_article(
            self.topic, "Fix </script><script>alert(1)</script> & <b>more</b>", slug="tricky"
        )
        html = self.client.get(article.url).content.decode()
        self.assertNotIn("<script>alert(1)", html)
        data = json_ld(self.client.get(article.url))
        headline = next(n for n in nodes(data["@graph"]) if n["@type"] == "TechArticle")["headline"]
        self.assertEqual(headline, article.title)
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(
            1
        )
        self.assertNotIn("<", script)
        self.assertNotIn(">", script)

    def test_author_only_when_the_site_opts_in_and_the_owner_has_a_name(self):
        owner = get_user_model().objects.create_user("writer", first_name="Ada", last_name="Quill")
        KBArticlePage.objects.filter(pk=self.second.pk).update(owner=owner)
        article_of = lambda: next(  # noqa: E731
            n
            for n in nodes(json_ld(self.client.get(self.second.url))["@graph"])
            if n["@type"] == "TechArticle"
        )
        self.assertNotIn("author", article_of())
        with override_settings(WAGTAILKB_JSONLD_AUTHOR=True):
            self.assertEqual(article_of()["author"], {"@type": "Person", "name": "Ada Quill"})
            owner.first_name = owner.last_name = ""
            owner.save()
            self.assertNotIn("author", article_of())  # never the login name

    def test_later_topic_pages_keep_their_page_in_the_canonical_link(self):
        with override_settings(WAGTAILKB_TOPIC_ARTICLES_PER_PAGE=1):
            soup = BeautifulSoup(self.client.get(self.topic.url + "?page=2").content, "html.parser")
        self.assertEqual(
            soup.find("link", rel="canonical")["href"], self.topic.full_url + "?page=2"
        )

    def test_search_results_have_no_canonical_or_structured_data(self):
        html = self.client.get(self.home.url + "search/?q=kit").content.decode()
        self.assertNotIn('rel="canonical"', html)
        self.assertNotIn("application/ld+json", html)

    def test_without_extra_head_the_script_is_still_printed_once(self):
        with override_settings(WAGTAILKB_BASE_TEMPLATE="host/minimal.html"):
            response = self.client.get(self.article.url)
        self.assertEqual(response.status_code, 200)
        json_ld(response)


class SecondKBTests(TestCase):
    def test_each_kb_names_itself(self):
        caches["default"].clear()
        home = make_home(title="Second help", slug="second")
        topic = make_topic(home, "Only topic")
        article = make_article(topic, "Only article", intro="Just one.")
        data = json_ld(self.client.get(article.url))
        article_node = next(n for n in nodes(data["@graph"]) if n["@type"] == "TechArticle")
        self.assertEqual(article_node["isPartOf"]["name"], "Second help")
