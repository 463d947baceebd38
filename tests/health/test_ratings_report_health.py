"""Knowledge base › Ratings: views, helpful per 100 views, thumbs as helpful %, trends, language."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from tests.admin.helpers import RATINGS_URL, make_user, soup, table
from tests.ratings.base import add_votes
from tests.utils import make_article, make_home, make_topic, publish
from wagtail_kb.health.trends import describe_trend, trend_svg, weekly_trends
from wagtail_kb.models import ArticleRatingSummary, ArticleViewDay, RatingWidget


class RatingsHealthTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        topic = make_topic(home, "Setup")
        thumbs = RatingWidget.objects.create(name="Yes/no", style=RatingWidget.Style.THUMBS)
        cls.stars = make_article(topic, "Stars article")
        cls.thumbs = make_article(topic, "Thumbs article", rating_widget=thumbs)
        add_votes(cls.stars, [5, 4, 1, 2])
        add_votes(cls.thumbs, [5, 5, 5, 1])
        ArticleRatingSummary.objects.update_or_create(article=cls.stars, defaults={"views": 200})
        ArticleRatingSummary.objects.update_or_create(article=cls.thumbs, defaults={"views": 0})
        cls.admin = make_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def rows(self, **params):
        return {row["Article"]: row for row in table(self.client.get(RATINGS_URL, params))}

    def test_views_and_helpful_per_100_views(self):
        rows = self.rows()
        self.assertEqual(rows["Stars article"]["Views"], "200")
        self.assertEqual(rows["Stars article"]["Helpful per 100 views"], "1.0")
        self.assertEqual(rows["Thumbs article"]["Helpful per 100 views"], "–")

    def test_thumbs_articles_show_helpful_percent(self):
        rows = self.rows()
        self.assertEqual(rows["Thumbs article"]["Average"], "75% helpful")
        self.assertEqual(rows["Stars article"]["Average"], "3.0")

    def test_each_row_holds_its_trend_as_an_accessible_svg(self):
        page = soup(self.client.get(RATINGS_URL))
        svg = page.find("svg", class_="kb-trend")
        self.assertEqual(svg["role"], "img")
        title_id, desc_id = svg["aria-labelledby"].split()
        self.assertEqual(svg.find(id=title_id).get_text(), "Helpfulness and views per week")
        self.assertIn("Helpful votes:", svg.find(id=desc_id).get_text())

    def test_edit_view_panel_shows_the_trend(self):
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.stars.pk]))
        self.assertEqual(response.status_code, 200)
        figure = soup(response).find(attrs={"data-kb-trend": True})
        self.assertIsNotNone(figure.find("svg", attrs={"role": "img"}))


class TrendTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(make_topic(make_home(), "Setup"), "Install")

    def test_weeks_views_helpfulness_and_published_changes(self):
        today = timezone.localdate()
        ArticleViewDay.objects.create(article=self.article, day=today, views=30)
        ArticleViewDay.objects.create(
            article=self.article, day=today - datetime.timedelta(days=14), views=10
        )
        add_votes(self.article, [5, 1])
        publish(self.article)
        trend = weekly_trends([self.article.pk])[self.article.pk]
        self.assertEqual(sum(week.views for week in trend.weeks), 40)
        self.assertEqual(trend.weeks[-1].helpful_percent, 50)
        self.assertEqual(trend.weeks[-1].views, 30)
        self.assertEqual(trend.published, [today])
        self.assertIn("Published changes:", describe_trend(trend))
        svg = trend_svg(trend, "t")
        self.assertEqual(svg.count("kb-trend__published"), 1)
        self.assertIn("<polyline", svg)

    def test_three_queries_for_any_number_of_articles(self):
        others = [make_article(self.article.get_parent(), f"A{n}") for n in range(5)]
        with self.assertNumQueries(3):
            weekly_trends([self.article.pk, *(a.pk for a in others)])


@override_settings(WAGTAIL_I18N_ENABLED=True)
class RatingsLocaleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.german = Locale.objects.create(language_code="de")
        make_article(make_topic(make_home(), "Setup"), "Install")
        de_home = make_home(title="Hilfe", slug="hilfe", locale=cls.german)
        make_article(make_topic(de_home, "Einrichten"), "Installieren", locale=cls.german)
        cls.admin = make_user("admin", superuser=True)

    def test_language_column_and_filter(self):
        self.client.force_login(self.admin)
        rows = table(self.client.get(RATINGS_URL))
        self.assertEqual(sorted(row["Language"] for row in rows), ["English", "German"])
        rows = table(self.client.get(RATINGS_URL, {"locale": self.german.pk}))
        self.assertEqual([row["Article"] for row in rows], ["Installieren"])


@override_settings(WAGTAIL_I18N_ENABLED=True)
class SearchesLocaleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from wagtail_kb.models import SearchLogEntry

        german = Locale.objects.create(language_code="de")
        cls.german = german
        english_home = make_home()
        german_home = make_home(title="Hilfe", slug="hilfe", locale=german)
        for kb in (english_home, english_home, german_home):
            SearchLogEntry.objects.create(kb=kb, query="sso", result_count=0)
        cls.admin = make_user("admin", superuser=True)

    def test_one_row_per_language_and_the_filter(self):
        self.client.force_login(self.admin)
        rows = table(self.client.get("/admin/kb/searches/"))
        self.assertEqual(
            sorted((row["Language"], row["Searches"]) for row in rows),
            [("English", "2"), ("German", "1")],
        )
        rows = table(self.client.get("/admin/kb/searches/", {"locale": self.german.pk}))
        self.assertEqual([row["Searches"] for row in rows], ["1"])
