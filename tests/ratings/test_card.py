"""The rating card under an article, and what it costs in queries."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.ratings.base import (
    RatingTestCase,
    add_votes,
    soup,
)
from tests.utils import make_article, publish
from wagtail_kb import ratings
from wagtail_kb.models import KBSettings, RatingVote, RatingWidget


class RatingCardTests(RatingTestCase):
    def card(self, url=None):
        response = self.client.get(url or self.article.url)
        self.assertEqual(response.status_code, 200)
        return soup(response).find(id="rating")

    def test_card_structure(self):
        add_votes(self.article, [5, 4, 4, 4, 4])
        card = self.card()
        self.assertEqual(card.find("h2").get_text(strip=True), "Was this article helpful?")
        form = card.find("form")
        self.assertEqual(form["method"], "post")
        self.assertEqual(form["action"], f"{self.article.url}rate/")
        fieldset = form.find("fieldset")
        self.assertIsNotNone(fieldset.find("legend"))
        radios = fieldset.find_all("input", attrs={"type": "radio", "name": "stars"})
        self.assertEqual([r["value"] for r in radios], ["1", "2", "3", "4", "5"])
        for radio in radios:
            label = radio.find_parent("label")
            self.assertIn(f"{radio['value']} out of 5 stars", label.get_text(" ", strip=True))
        self.assertIn("4.2 out of 5 stars", " ".join(card.get_text(" ").split()))
        self.assertIn("5 votes", card.get_text())
        rows = card.find_all(class_="kb-rating__row")
        self.assertEqual(
            [
                (
                    r.find(class_="kb-rating__row-label").get_text(strip=True),
                    r.find(class_="kb-rating__percent").get_text(strip=True),
                    r.find("meter")["value"],
                )
                for r in rows
            ],
            [
                ("5 stars", "20%", "20"),
                ("4 stars", "80%", "80"),
                ("3 stars", "0%", "0"),
                ("2 stars", "0%", "0"),
                ("1 star", "0%", "0"),
            ],
        )
        textarea = form.find("textarea", attrs={"name": "comment"})
        label = form.find("label", attrs={"for": textarea["id"]})
        self.assertEqual(label.get_text(strip=True), "How can we improve this article?")
        self.assertEqual(textarea["maxlength"], "2000")
        box = textarea.find_parent(attrs={"data-kb-rating-feedback": True})
        self.assertTrue(box.has_attr("hidden"))
        script = card.find("script")
        self.assertTrue(script["src"].endswith("wagtail_kb/js/rating.js"))
        self.assertTrue(script.has_attr("defer"))
        self.assertEqual(card.find(attrs={"data-kb-rating-thanks": True}).get_text(strip=True), "")

    def test_no_votes_yet(self):
        card = self.card()
        self.assertFalse(card.find(attrs={"data-kb-rating-no-votes": True}).has_attr("hidden"))
        self.assertTrue(card.find(attrs={"data-kb-rating-has-votes": True}).has_attr("hidden"))

    def test_wording_comes_from_the_article_widget_then_the_site_default(self):
        site_default = RatingWidget.objects.create(
            name="Site",
            question="Did this help?",
            feedback_prompt="Tell us more",
            thank_you="Cheers!",
        )
        settings = KBSettings.for_site(self.home.get_site())
        settings.default_rating_widget = site_default
        settings.save()
        card = self.card(f"{self.article.url}?rated=4")
        self.assertEqual(card.find("h2").get_text(strip=True), "Did this help?")
        self.assertIn("Tell us more", card.get_text())
        self.assertIn("Cheers!", card.get_text())

        own = RatingWidget.objects.create(name="Tutorials", question="Was this tutorial clear?")
        self.article.rating_widget = own
        publish(self.article)
        card = self.card()
        self.assertEqual(card.find("h2").get_text(strip=True), "Was this tutorial clear?")
        self.assertIn("How can we improve this article?", card.get_text())  # blank → default

    def test_comment_policy(self):
        widget = RatingWidget.objects.create(name="Low", ask_for_comment="low")
        self.article.rating_widget = widget
        publish(self.article)

        def feedback_hidden(url):
            return self.card(url).find(attrs={"data-kb-rating-feedback": True}).has_attr("hidden")

        self.assertTrue(feedback_hidden(f"{self.article.url}?rated=5"))
        self.assertFalse(feedback_hidden(f"{self.article.url}?rated=3"))
        self.assertEqual(self.card()["data-kb-comment-policy"], "low")

        widget.ask_for_comment = "never"
        widget.save()
        self.assertIsNone(self.card(f"{self.article.url}?rated=1").find("textarea"))

    def test_bogus_rated_flag_is_ignored(self):
        for value in ("9", "x", "<script>"):
            card = self.card(f"{self.article.url}?rated={value}")
            self.assertEqual(card["data-kb-rated"], "")
            self.assertIsNone(card.find("input", attrs={"checked": True}))

    def test_no_card_when_ratings_are_off(self):
        self.article.ratings_enabled = False
        publish(self.article)
        response = self.client.get(self.article.url)
        self.assertNotIn("rating", response.context)
        self.assertIsNone(soup(response).find(id="rating"))


class QueryCountTests(RatingTestCase):
    def render_queries(self, article):
        Client().get(article.url)  # warm caches (table of contents, site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(article.url)
        self.assertEqual(response.status_code, 200)
        return [q["sql"] for q in queries.captured_queries]

    def test_rating_adds_a_constant_number_of_queries(self):
        small = self.article
        large = make_article(self.topic, "Popular article", body=[("paragraph", "<p>Text</p>")])
        add_votes(small, [4])
        add_votes(large, [1, 2, 3, 4, 5] * 40)
        self.assertEqual(RatingVote.objects.filter(article=large).count(), 200)
        small_queries = self.render_queries(small)
        large_queries = self.render_queries(large)
        self.assertEqual(len(small_queries), len(large_queries))
        # Warm, the summary comes from the cache: no query reads the votes.
        vote_queries = [q for q in large_queries if "wagtail_kb_ratingvote" in q]
        self.assertEqual(vote_queries, [])

    def test_rating_costs_no_query_when_warm_whatever_the_widget(self):
        # The wording (article's widget, else the site's) is cached until the tree changes, the
        # summary until the next vote.
        with_rating = len(self.render_queries(self.article))
        self.article.ratings_enabled = False
        publish(self.article)
        without = len(self.render_queries(self.article))
        self.assertEqual(with_rating - without, 0)

        self.article.ratings_enabled = True
        self.article.rating_widget = RatingWidget.objects.create(name="W")
        publish(self.article)
        self.assertEqual(len(self.render_queries(self.article)) - without, 0)

    def test_cached_summary_follows_every_vote(self):
        self.assertEqual(self.card_summary(), ("0.0", "No ratings yet."))
        for visitor, stars in enumerate((5, 3, 1)):
            Client(REMOTE_ADDR=f"192.0.2.{visitor}").post(self.rate_url, {"stars": stars})
        self.assertEqual(RatingVote.objects.count(), 3)
        self.assertEqual(self.card_summary()[0], "3.0")
        # Votes written around the endpoint show once the article's summary is let go.
        add_votes(self.article, [5, 5, 5])
        self.assertEqual(self.card_summary()[0], "3.0")
        ratings.votes_changed(self.article.pk)
        self.assertEqual(self.card_summary()[0], "4.0")

    def card_summary(self):
        page = soup(Client().get(self.article.url))
        average = page.select_one("[data-kb-rating-average]")
        return (
            average.get_text() if average else "",
            "No ratings yet." if "No ratings yet." in page.get_text() else "",
        )

    def test_summary_is_one_query(self):
        add_votes(self.article, [5, 5, 1])
        with self.assertNumQueries(1):
            summary = ratings.summarise(self.article)
        self.assertEqual(summary.count, 3)
        self.assertEqual(summary.average, 3.7)
        self.assertEqual(summary.percentages, {1: 33, 2: 0, 3: 0, 4: 0, 5: 67})
        self.assertEqual(summary.positive_percent, 67)
        with self.assertNumQueries(1):
            ratings.summarise_all_time_and_live(self.article)
