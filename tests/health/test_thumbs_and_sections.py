"""Thumbs ("Yes / No") rating cards and "Which part?" on the comment form, through the endpoint."""

from django.core.cache import cache
from django.test import TestCase

from tests.ratings.base import JSON, SAME_ORIGIN, add_votes, soup
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.health.sections import content_path, sections
from wagtail_kb.models import FeedbackComment, KBSettings, RatingVote, RatingWidget

BODY = [
    ("heading", "Before you begin"),
    ("paragraph", "<p>Check your connection.</p><h3>On a phone</h3><p>Open the app.</p>"),
    ("highlights", {"heading": "What you need", "items": ["<p>An account</p>"]}),
    ("heading", "Installing"),
    ("paragraph", "<p>Run the installer.</p>"),
]


class SectionTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cache.clear()
        home = make_home()
        topic = make_topic(home, "Setup")
        cls.thumbs = RatingWidget.objects.create(
            name="Yes or no", style=RatingWidget.Style.THUMBS, ask_for_comment="low"
        )
        cls.article = make_article(topic, "Install Mossbook", body=BODY, rating_widget=cls.thumbs)
        cls.rate_url = cls.article.url + "rate/"

    def setUp(self):
        cache.clear()

    def post(self, data, json=True):
        headers = {**SAME_ORIGIN, **(JSON if json else {})}
        return self.client.post(self.rate_url, data, **headers)


class ThumbsCardTests(SectionTestCase):
    def test_card_asks_yes_or_no_with_two_buttons_posting_five_and_one(self):
        page = soup(self.client.get(self.article.url))
        card = page.find(id="rating")
        self.assertEqual(card["data-kb-rating-style"], "thumbs")
        buttons = card.find("form", attrs={"data-kb-rating-form": True}).find_all("button")
        self.assertEqual(
            [(b.get_text(strip=True), b["name"], b["value"]) for b in buttons],
            [("Yes", "stars", "5"), ("No", "stars", "1")],
        )
        self.assertIsNone(card.find("input", attrs={"type": "radio"}))
        self.assertIn("No ratings yet.", card.get_text())

    def test_summary_says_how_many_readers_found_it_helpful(self):
        add_votes(self.article, [5, 5, 5, 1] + [5] * 1200)
        cache.clear()
        card = soup(self.client.get(self.article.url)).find(id="rating")
        self.assertEqual(
            card.find(attrs={"data-kb-rating-helpful": True}).get_text(),
            "1,203 of 1,204 readers found this helpful",
        )

    def test_no_without_javascript_then_the_comment_prompt(self):
        response = self.post({"stars": "1"}, json=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(RatingVote.objects.get().stars, 1)
        card = soup(self.client.get(response["Location"])).find(id="rating")
        feedback = card.find("form", attrs={"data-kb-rating-feedback-form": True})
        self.assertFalse(feedback.has_attr("hidden"))
        self.assertEqual(feedback.find("input", attrs={"name": "stars"})["value"], "1")
        self.assertEqual(
            card.find("button", attrs={"value": "1"})["aria-pressed"], "true"
        )  # "No" is shown as the reader's answer
        response = self.post(
            {"stars": "1", "comment": "The installer fails.", "section": "installing"},
            json=False,
        )
        self.assertEqual(response.status_code, 303)
        comment = FeedbackComment.objects.get()
        self.assertEqual((comment.stars, comment.section), (1, "installing"))
        self.assertEqual(RatingVote.objects.count(), 1)  # the same reader's vote, replaced

    def test_yes_does_not_ask_for_a_comment_with_the_after_no_policy(self):
        data = self.post({"stars": "5"}).json()
        self.assertFalse(data["ask_comment"])
        self.assertEqual(data["helpful_label"], "1 of 1 reader found this helpful")
        self.assertTrue(self.post({"stars": "1"}).json()["ask_comment"])


class SectionTests(SectionTestCase):
    def test_comment_form_offers_the_sections_of_the_table_of_contents(self):
        select = soup(self.client.get(self.article.url)).find("select", attrs={"name": "section"})
        options = [(o["value"], o.get_text(strip=True)) for o in select.find_all("option")]
        self.assertEqual(
            options,
            [
                ("", "The whole article"),
                ("before-you-begin", "Before you begin"),
                ("on-a-phone", "— On a phone"),
                ("what-you-need", "What you need"),
                ("installing", "Installing"),
            ],
        )

    def test_a_section_of_the_article_is_stored_with_the_comment(self):
        response = self.post({"stars": "1", "comment": "Which cable?", "section": "on-a-phone"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(FeedbackComment.objects.get().section, "on-a-phone")

    def test_an_unknown_section_is_refused_and_nothing_is_stored(self):
        for section in ("rating", "no-such-part", "x" * 300, "Installing"):
            with self.subTest(section=section[:20]):
                response = self.post({"stars": "1", "comment": "Lost?", "section": section})
                self.assertEqual(response.status_code, 400)
                self.assertIn("is not one of its sections", response.json()["error"])
                self.assertEqual(FeedbackComment.objects.count(), 0)
                self.assertEqual(RatingVote.objects.count(), 0)

    def test_without_javascript_the_refusal_is_a_page_saying_why(self):
        response = self.post({"stars": "1", "comment": "Lost?", "section": "nope"}, json=False)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "is not one of its sections", status_code=400)

    def test_without_javascript_the_refused_comment_is_given_back_and_can_be_sent_again(self):
        text = "Lost at step <3> & what next?"
        response = self.post({"stars": "1", "comment": text, "section": "nope"}, json=False)
        form = soup(response).find("form")
        self.assertEqual(form["action"], self.rate_url)
        self.assertEqual(form.find("textarea", attrs={"name": "comment"}).string, text)
        self.assertEqual(form.find("input", attrs={"name": "stars"})["value"], "1")
        self.assertIsNone(form.find(attrs={"name": "section"}))
        again = self.post({"stars": "1", "comment": text}, json=False)
        self.assertLess(again.status_code, 400)
        self.assertEqual(FeedbackComment.objects.get().comment, text)

    def test_no_section_is_fine(self):
        self.assertEqual(
            self.post({"stars": "1", "comment": "Meh.", "section": ""}).status_code, 200
        )
        self.assertEqual(FeedbackComment.objects.get().section, "")

    def test_sections_and_the_blocks_they_are_in(self):
        self.assertEqual(
            [heading_id for heading_id, _ in sections(self.article)],
            ["before-you-begin", "on-a-phone", "what-you-need", "installing"],
        )
        ids = [child.id for child in self.article.body]
        self.assertEqual(content_path(self.article, "before-you-begin"), f"body.{ids[0]}")
        self.assertEqual(content_path(self.article, "on-a-phone"), f"body.{ids[1]}")
        self.assertEqual(content_path(self.article, "what-you-need"), f"body.{ids[2]}.heading")
        self.assertEqual(content_path(self.article, "installing"), f"body.{ids[3]}")
        self.assertEqual(content_path(self.article, "gone"), "")


class SiteDefaultThumbsTests(SectionTestCase):
    def test_the_sites_default_widget_may_be_thumbs(self):
        other = make_article(self.article.get_parent(), "Uninstall", body=BODY[:1])
        settings = KBSettings.for_site(other.get_site())
        settings.default_rating_widget = self.thumbs
        settings.save()
        cache.clear()
        card = soup(self.client.get(other.url)).find(id="rating")
        self.assertEqual(card["data-kb-rating-style"], "thumbs")


class RatingWidgetFormTests(TestCase):
    URL = "/admin/snippets/wagtail_kb/ratingwidget/add/"

    def setUp(self):
        from tests.admin.helpers import make_user

        self.client.force_login(make_user("admin", superuser=True))

    def create(self, **fields):
        data = {"name": "W", "question": "", "feedback_prompt": "", "thank_you": "", **fields}
        response = self.client.post(self.URL, data)
        self.assertEqual(response.status_code, 302)
        return RatingWidget.objects.get(name="W")

    def test_a_new_yes_no_widget_asks_for_a_comment_after_no_by_default(self):
        page = soup(self.client.get(self.URL))
        select = page.find("select", attrs={"name": "ask_for_comment"})
        self.assertEqual(select.find("option", selected=True)["value"], "")
        widget = self.create(style="thumbs", ask_for_comment="")
        self.assertEqual(widget.ask_for_comment, RatingWidget.CommentPolicy.LOW_RATINGS)

    def test_stars_default_to_always_and_a_choice_is_kept(self):
        self.assertEqual(self.create(style="stars", ask_for_comment="").ask_for_comment, "always")
        RatingWidget.objects.all().delete()
        self.assertEqual(
            self.create(style="thumbs", ask_for_comment="always").ask_for_comment, "always"
        )

    def test_an_unknown_policy_is_refused(self):
        response = self.client.post(
            self.URL, {"name": "W", "style": "thumbs", "ask_for_comment": "sometimes"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(RatingWidget.objects.exists())
