"""The example site's demo loader (``manage.py load_kb_demo``): idempotent, complete, renders."""

from io import StringIO

from demo import content
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.test import TestCase
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from wagtail_kb.models import KBArticlePage, KBHomePage, KBSettings, KBTopicPage, RatingWidget

BODY_BLOCKS = {
    "heading",
    "paragraph",
    "video",
    "deck",
    "highlights",
    "takeaways",
    "callout",
    "image",
}


def load_demo():
    out = StringIO()
    call_command("load_kb_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "topics": KBTopicPage.objects.count(),
        "articles": KBArticlePage.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "rating widgets": RatingWidget.objects.count(),
        "sites": Site.objects.count(),
        "users": get_user_model().objects.count(),
    }


def bodies():
    return {page.pk: list(page.body.raw_data) for page in KBArticlePage.objects.all()}


class LoadKBDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first_output = load_demo()
        cls.first_counts = counts()
        cls.first_bodies = bodies()
        cls.second_output = load_demo()

    def setUp(self):
        # Rendered bodies are cached by page id and revision id, which other tests may reuse.
        caches["default"].clear()

    def test_second_run_changes_nothing(self):
        self.assertEqual(counts(), self.first_counts)
        self.assertEqual(bodies(), self.first_bodies)
        self.assertIn("0 pages created, 0 published", self.second_output)

    def test_tree(self):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        self.assertIsInstance(home, KBHomePage)
        self.assertEqual((home.heading, home.subtitle), ("", ""))  # the defaults show
        # Wagtail's welcome page is gone: the KB home is the only page under the tree root.
        self.assertEqual(list(Page.get_first_root_node().get_children()), [home.page_ptr])

        topics = KBTopicPage.objects.child_of(home)
        self.assertGreaterEqual(topics.count(), 4)
        self.assertTrue(any(KBTopicPage.objects.child_of(topic).exists() for topic in topics))
        articles = KBArticlePage.objects.descendant_of(home)
        self.assertGreaterEqual(articles.count(), 8)
        self.assertFalse(Page.objects.descendant_of(home).not_live().exists())
        self.assertFalse(Page.objects.descendant_of(home).filter(has_unpublished_changes=True))

    def test_every_body_block_is_used(self):
        used = {
            block.block_type for article in KBArticlePage.objects.all() for block in article.body
        }
        self.assertEqual(used, BODY_BLOCKS)

    def test_benchmark_article_is_long_and_complete(self):
        article = KBArticlePage.objects.get(slug=content.BENCHMARK_ARTICLE)
        kinds = [block.block_type for block in article.body]
        self.assertEqual(set(kinds), BODY_BLOCKS)
        self.assertEqual(kinds.count("heading"), 8)
        response = self.client.get(article.url)
        self.assertEqual(response.status_code, 200)
        words = len(response.context["body_html"].split())
        self.assertGreater(words, 1300)

    def test_every_article_answers_200(self):
        for article in KBArticlePage.objects.live():
            with self.subTest(article=article.slug):
                response = self.client.get(article.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, article.title)

    def test_home_shows_every_topic(self):
        home = Site.objects.get(is_default_site=True).root_page
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "How can we help?")
        for topic in KBTopicPage.objects.child_of(home).live():
            with self.subTest(topic=topic.slug):
                self.assertContains(response, topic.title)
                self.assertContains(response, topic.url)

    def test_topic_shows_its_subtopic(self):
        topic = KBTopicPage.objects.get(slug="field-work")
        response = self.client.get(topic.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "GPS and maps")

    def test_deck_without_a_player_shows_a_link(self):
        response = self.client.get(KBArticlePage.objects.get(slug="training-webinar").url)
        self.assertContains(
            response, "https://speakerdeck.com/mossbook/offline-first-field-surveys"
        )

    def test_site_settings(self):
        site = Site.objects.get(is_default_site=True)
        settings = KBSettings.for_site(site)
        links = [(link.value.text(), link.value.href()) for link in settings.navigation]
        self.assertEqual(
            links,
            [
                ("Documentation", site.root_page.url),
                ("Demos", KBTopicPage.objects.get(slug="demos-and-training").url),
                ("Support", content.SUPPORT_URL),
            ],
        )
        self.assertEqual(settings.default_rating_widget.name, "Default")
        self.assertEqual(settings.default_rating_widget.question, "")

    def test_superuser_and_urls_are_printed(self):
        user = get_user_model().objects.get(username="admin")
        self.assertTrue(user.is_superuser)
        self.assertTrue(user.check_password("admin"))
        for output in (self.first_output, self.second_output):
            self.assertIn("http://127.0.0.1:8000/", output)
            self.assertIn("http://127.0.0.1:8000/admin/", output)
            self.assertIn("password 'admin'", output)
