"""Knowledge base › Needs attention: scores, reasons in words, filters, constant query count."""

import datetime

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from tests.admin.helpers import make_user, soup, table
from tests.ratings.base import add_votes
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.health.attention import attention_rows, describe
from wagtail_kb.models import ArticleViewDay, FeedbackComment, KBArticlePage

ATTENTION_URL = "/admin/kb/attention/"
BODY = [("heading", "Installing"), ("paragraph", "<p>Run it.</p>")]


def age(article, days):
    """Pretend ``article`` was last published ``days`` ago."""
    moment = timezone.now() - datetime.timedelta(days=days)
    Page.objects.filter(pk=article.pk).update(last_published_at=moment)


def add_views(article, views, day=None):
    ArticleViewDay.objects.create(article=article, day=day or timezone.localdate(), views=views)


class AttentionTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.setup = make_topic(cls.home, "Setup")
        cls.billing = make_topic(cls.home, "Billing")
        cls.install = make_article(cls.setup, "Install", body=BODY)
        cls.fine = make_article(cls.setup, "Uninstall", body=BODY)
        cls.invoice = make_article(cls.billing, "Invoices", body=BODY)
        # Install: 5 of 8 votes unhelpful since its last change, 410 views.
        add_votes(cls.install, [1, 1, 2, 1, 2, 5, 4, 5])
        add_views(cls.install, 410)
        for _ in range(4):
            FeedbackComment.objects.create(
                article=cls.install, stars=1, comment="Fails.", section="installing"
            )
        FeedbackComment.objects.create(article=cls.install, stars=2, comment="Slow.")
        # Resolved or positive feedback does not count.
        FeedbackComment.objects.create(
            article=cls.install, stars=1, comment="Old.", status=FeedbackComment.Status.RESOLVED
        )
        FeedbackComment.objects.create(article=cls.fine, stars=5, comment="Great.")
        add_votes(cls.fine, [5, 5, 5, 5, 5, 1])
        # Invoices: old, nothing else.
        age(cls.invoice, 430)
        cls.admin = make_user("admin", superuser=True)


class ScoreTests(AttentionTestCase):
    def test_articles_with_reasons_most_in_need_first(self):
        rows = attention_rows(KBArticlePage.objects.all())
        self.assertEqual([row.title for row in rows], ["Install", "Invoices"])
        install = rows[0]
        self.assertEqual((install.votes_since, install.unhelpful_since), (8, 5))
        self.assertEqual((install.views_since, install.negative_feedback), (410, 5))
        self.assertGreater(install.score, rows[1].score)

    def test_reasons_in_words(self):
        rows = describe(attention_rows(KBArticlePage.objects.all()))
        day = timezone.localtime(self.install.last_published_at)
        from django.utils.formats import date_format

        self.assertEqual(
            rows[0].reasons,
            [
                f"62% unhelpful since {date_format(day, 'DATE_FORMAT')}, 410 views",
                "4 unresolved comments on “Installing”",
                "1 more unresolved comment",
            ],
        )
        self.assertEqual(rows[1].reasons, ["not changed for 14 months"])

    def test_votes_before_the_last_change_do_not_count(self):
        self.install.save_revision().publish()
        rows = attention_rows(KBArticlePage.objects.filter(pk=self.install.pk))
        self.assertEqual(rows[0].votes_since, 0)
        self.assertEqual(rows[0].helpfulness_points, 0)

    @override_settings(
        WAGTAILKB_ATTENTION_MIN_VOTES=10,
        WAGTAILKB_ATTENTION_STALE_DAYS=500,
        WAGTAILKB_ATTENTION_WEIGHTS={"feedback": 0},
    )
    def test_thresholds_and_weights_are_settings(self):
        self.assertEqual(attention_rows(KBArticlePage.objects.all()), [])

    def test_more_traffic_weighs_more(self):
        before = attention_rows(KBArticlePage.objects.filter(pk=self.install.pk))[0]
        add_views(
            self.install,
            10_000,
            day=timezone.localdate() + datetime.timedelta(days=1),
        )
        after = attention_rows(KBArticlePage.objects.filter(pk=self.install.pk))[0]
        self.assertGreater(after.helpfulness_points, before.helpfulness_points)


class AttentionReportTests(AttentionTestCase):
    def setUp(self):
        self.client.force_login(self.admin)

    def test_report_lists_reasons_and_links_to_the_editor(self):
        response = self.client.get(ATTENTION_URL)
        self.assertEqual(response.status_code, 200)
        rows = table(response)
        self.assertEqual([row["Article"] for row in rows], ["Install", "Invoices"])
        self.assertIn("4 unresolved comments on “Installing”", rows[0]["Why"])
        self.assertEqual(rows[0]["Topic"], "Setup")
        links = [a["href"] for a in soup(response).select("table.kb-report td.title a")]
        self.assertEqual(links[0], f"/admin/pages/{self.install.pk}/edit/")

    def test_filters_by_kb_and_topic(self):
        other = make_home(title="Other", slug="other")
        old = make_article(make_topic(other, "Misc"), "Ancient")
        age(old, 800)
        rows = table(self.client.get(ATTENTION_URL, {"kb": self.home.pk}))
        self.assertEqual([row["Article"] for row in rows], ["Install", "Invoices"])
        rows = table(self.client.get(ATTENTION_URL, {"topic": self.billing.pk}))
        self.assertEqual([row["Article"] for row in rows], ["Invoices"])
        rows = table(self.client.get(ATTENTION_URL, {"q": "anc"}))
        self.assertEqual([row["Article"] for row in rows], ["Ancient"])

    def test_malformed_filters_show_the_unfiltered_list_and_say_so(self):
        for params in ({"kb": "x"}, {"topic": "99999999999999999999"}, {"locale": "-1"}):
            with self.subTest(params=params):
                response = self.client.get(ATTENTION_URL, params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(table(response)), 2)
                self.assertContains(response, "data-kb-ignored-filters")

    def test_export(self):
        response = self.client.get(ATTENTION_URL, {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        text = b"".join(response.streaming_content).decode()
        self.assertIn("not changed for 14 months", text)

    def test_needs_its_permission(self):
        self.client.force_login(make_user("viewer", "view_feedbackcomment"))
        self.assertEqual(self.client.get(ATTENTION_URL).status_code, 403)
        self.client.force_login(make_user("health", "view_articleratingsummary"))
        self.assertEqual(self.client.get(ATTENTION_URL).status_code, 200)

    def queries(self):
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(ATTENTION_URL).status_code, 200)
        return len(captured)

    def test_query_count_does_not_grow_with_articles(self):
        self.queries()  # warm caches (sections of the articles shown)
        before = self.queries()
        for n in range(12):
            article = make_article(self.setup, f"More {n}", body=BODY)
            add_votes(article, [1, 1, 1, 1, 1, 2])
            FeedbackComment.objects.create(
                article=article, stars=1, comment="No.", section="installing"
            )
        self.queries()
        self.assertEqual(self.queries(), before)


@override_settings(WAGTAIL_I18N_ENABLED=True)
class AttentionLocaleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from wagtail.models import Locale

        cls.german = Locale.objects.create(language_code="de")
        english = make_article(make_topic(make_home(), "Setup"), "Install")
        de_home = make_home(title="Hilfe", slug="hilfe", locale=cls.german)
        german = make_article(make_topic(de_home, "Einrichten"), "Installieren", locale=cls.german)
        for article in (english, german):
            FeedbackComment.objects.create(article=article, stars=1, comment="No.")
        cls.admin = make_user("admin", superuser=True)

    def test_language_column_and_filter(self):
        self.client.force_login(self.admin)
        rows = table(self.client.get(ATTENTION_URL))
        self.assertEqual(sorted(row["Language"] for row in rows), ["English", "German"])
        rows = table(self.client.get(ATTENTION_URL, {"locale": self.german.pk}))
        self.assertEqual([row["Article"] for row in rows], ["Installieren"])
