"""CDN purging with ``wagtail.contrib.frontend_cache``: a recording backend (Wagtail's extension
point, a ``BaseBackend`` subclass) sees what each change purges."""

from django.contrib.auth import get_user_model
from django.test import override_settings
from wagtail.actions.unpublish_page import UnpublishPageAction

from tests.reach import backends
from tests.reach.base import ReachTestCase
from tests.utils import make_article, make_topic
from wagtail_kb.models import RatingVote
from wagtail_kb.reach import purging

RECORDING = {"recording": {"BACKEND": "tests.reach.backends.RecordingBackend"}}
BASE = "http://localhost/trail-help/"
LISTINGS = {BASE, BASE + "llms.txt", BASE + "llms-full.txt", BASE + "hiking/"}


@override_settings(WAGTAILFRONTENDCACHE=RECORDING, WAGTAILKB_TOPIC_ARTICLES_PER_PAGE=2)
class PurgeTests(ReachTestCase):
    def setUp(self):
        super().setUp()
        # Batches left by setUpTestData's publications, whose transaction never commits.
        purging._pending.batch = None
        backends.batches.clear()

    def change(self, action):
        with self.captureOnCommitCallbacks(execute=True):
            action()
        batches = list(backends.batches)
        backends.batches.clear()
        return batches

    def test_publishing_purges_the_article_its_twin_topic_pages_home_and_llms_once(self):
        self.article.title = "Pack for a long day hike"
        batches = self.change(self.republish_article)
        urls = [url for batch in batches for url in batch]
        article = BASE + "hiking/pack-for-a-day-hike/"
        # The topic lists 3 live articles (2 a page): its second page, and a third in case one
        # more article pushes the list on.
        expected = {article, article + "index.html.md", *LISTINGS, BASE + "hiking/?page=2"}
        self.assertEqual(set(urls), expected)
        self.assertEqual(len(urls), len(set(urls)), "a URL purged twice")
        # Wagtail's own batch (the page and its get_cached_paths) and the KB's listings batch.
        self.assertEqual(len(batches), 2, batches)

    def republish_article(self):
        self.republish(self.article)

    def test_unpublishing_purges_the_same(self):
        batches = self.change(self.article.unpublish)
        urls = {url for batch in batches for url in batch}
        article = BASE + "hiking/pack-for-a-day-hike/"
        self.assertTrue({article, article + "index.html.md", *LISTINGS} <= urls, urls)

    def test_unpublishing_a_topic_is_one_listing_batch(self):
        editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
        action = UnpublishPageAction(self.topic, user=editor, include_descendants=True)
        batches = self.change(lambda: action.execute(skip_permission_checks=True))
        listing_batches = [b for b in batches if BASE + "llms.txt" in b]
        self.assertEqual(len(listing_batches), 1, batches)

    def test_moving_purges_old_and_new_urls_and_both_topics(self):
        other = make_topic(self.home, "Camping")
        backends.batches.clear()
        batches = self.change(lambda: self.second.move(other, pos="last-child"))
        urls = {url for batch in batches for url in batch}
        old, new = BASE + "hiking/read-a-trail-map/", BASE + "camping/read-a-trail-map/"
        expected = {old, old + "index.html.md", new, new + "index.html.md", *LISTINGS}
        expected.add(BASE + "camping/")
        self.assertTrue(expected <= urls, expected - urls)
        # The KB's one batch; wagtail.contrib.redirects purges the old path in its own.
        self.assertEqual(len([b for b in batches if BASE + "llms.txt" in b]), 1, batches)

    def test_moving_a_topic_purges_its_articles_old_urls(self):
        parent = make_topic(self.home, "Outdoors")
        make_article(parent, "Outdoor basics")
        backends.batches.clear()
        urls = {
            u for b in self.change(lambda: parent.move(self.topic, pos="last-child")) for u in b
        }
        for url in (BASE + "outdoors/outdoor-basics/", BASE + "hiking/outdoors/outdoor-basics/"):
            self.assertIn(url, urls)
            self.assertIn(url + "index.html.md", urls)
        self.assertIn(BASE + "hiking/outdoors/", urls)

    def test_a_vote_purges_nothing(self):
        batches = self.change(
            lambda: self.client.post(
                self.article.url + "rate/",
                {"stars": "4"},
                HTTP_ACCEPT="application/json",
                HTTP_ORIGIN="http://testserver",
            )
        )
        self.assertEqual(batches, [])
        self.assertEqual(RatingVote.objects.filter(article=self.article).count(), 1)

    def test_changes_outside_the_kb_purge_only_what_wagtail_does(self):
        from wagtail.models import Page

        from tests.utils import site_root

        other = site_root().add_child(instance=Page(title="About", slug="about"))
        batches = self.change(lambda: other.save_revision().publish())
        self.assertEqual(batches, [["http://localhost/about/"]])
