"""What the rating tests share: a rated article, votes written directly, signed cookies."""

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.http import HttpResponse
from django.test import TestCase
from django.utils import timezone

from tests.utils import make_article, make_home, make_topic
from wagtail_kb import ratings
from wagtail_kb.models import FeedbackComment, RatingVote

JSON = {"HTTP_ACCEPT": "application/json"}
SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
RATING_MIDDLEWARE = "wagtail_kb.middleware.RatingCsrfMiddleware"
CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def make_rated_article(title="Reset your password", **fields):
    home = make_home()
    topic = make_topic(home, "Accounts")
    article = make_article(
        topic,
        title,
        body=[("heading", "Ask for a link"), ("paragraph", "<p>Open the sign-in page.</p>")],
        **fields,
    )
    return home, topic, article


def add_votes(article, stars_list, revision_id=None):
    """Votes from distinct visitors, written directly (for summaries and query counts).

    Written around ``cast_vote``, as a data load would be, then counted into the article's
    summary row by ``rebuild_summary`` (which ``kb_rebuild_summaries`` runs).
    """
    now = timezone.now()
    RatingVote.objects.bulk_create(
        RatingVote(
            article=article,
            visitor_hash=ratings.visitor_hash(f"seed-{article.pk}-{i}"),
            stars=stars,
            revision_id=revision_id if revision_id is not None else article.live_revision_id,
            created_at=now,
            updated_at=now,
        )
        for i, stars in enumerate(stars_list)
    )
    ratings.rebuild_summary(article.pk)


def visitor_cookie(visitor_id):
    """The signed cookie value a browser would hold for ``visitor_id`` (signed as Django does)."""
    response = HttpResponse()
    response.set_signed_cookie(ratings.VISITOR_COOKIE, visitor_id, salt=ratings.VISITOR_COOKIE_SALT)
    return response.cookies[ratings.VISITOR_COOKIE].value


class RatingTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Wagtail's site root paths are cached: an earlier class's sites must not shape these URLs.
        cache.clear()
        cls.home, cls.topic, cls.article = make_rated_article()
        cls.rate_url = cls.article.url + "rate/"

    def setUp(self):
        cache.clear()

    def assertNothingStored(self):
        self.assertEqual(RatingVote.objects.count(), 0)
        self.assertEqual(FeedbackComment.objects.count(), 0)
