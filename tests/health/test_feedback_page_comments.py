"""Knowledge base › Feedback: sections, languages, and "Add as page comment"."""

from django.core import mail
from django.test import TestCase, override_settings
from wagtail.models import Comment, Locale, PageLogEntry, PageSubscription

from tests.admin.helpers import FEEDBACK_URL, make_user, soup, table
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import FeedbackComment

PAGE_COMMENT_URL = FEEDBACK_URL + "page_comment/"
BODY = [
    ("heading", "Before you begin"),
    ("paragraph", "<p>Check your connection.</p>"),
    ("takeaways", {"heading": "Installing", "items": ["<p>Run it.</p>"]}),
]


class PageCommentTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.topic = make_topic(home, "Setup")
        cls.article = make_article(cls.topic, "Install Mossbook", body=BODY)
        cls.sectioned = FeedbackComment.objects.create(
            article=cls.article, stars=2, comment="The installer fails.", section="installing"
        )
        cls.whole = FeedbackComment.objects.create(
            article=cls.article, stars=4, comment="Nice and short."
        )
        cls.admin = make_user("admin", superuser=True)
        cls.watcher = make_user("watcher", superuser=True)
        PageSubscription.objects.create(
            page=cls.article, user=cls.watcher, comment_notifications=True
        )
        PageSubscription.objects.create(
            page=cls.article, user=cls.admin, comment_notifications=True
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def add(self, feedback, **extra):
        return self.client.post(PAGE_COMMENT_URL, {"id": str(feedback.pk), **extra})


class FeedbackSectionColumnTests(PageCommentTestCase):
    def test_the_part_is_shown_by_its_heading_and_filterable(self):
        rows = table(self.client.get(FEEDBACK_URL))
        self.assertEqual([row["Part"] for row in rows], ["", "Installing"])
        self.assertNotIn("Language", rows[0])  # one locale: no language column
        filtered = table(self.client.get(FEEDBACK_URL, {"section": "installing"}))
        self.assertEqual([row["Part"] for row in filtered], ["Installing"])
        whole = table(self.client.get(FEEDBACK_URL, {"section": "-"}))
        self.assertEqual([row["Rating"] for row in whole], ["4"])

    def test_an_unknown_part_leaves_the_list_unfiltered_with_a_message(self):
        response = self.client.get(FEEDBACK_URL, {"section": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(table(response)), 2)
        self.assertContains(response, "data-kb-ignored-filters")


class AddAsPageCommentTests(PageCommentTestCase):
    def test_button_then_a_wagtail_comment_anchored_to_the_section(self):
        page = soup(self.client.get(FEEDBACK_URL))
        form = page.find("form", id="kb-feedback-page-comment")
        self.assertIsNotNone(form.find("input", attrs={"name": "csrfmiddlewaretoken"}))
        button = page.find(
            "button", attrs={"form": "kb-feedback-page-comment", "value": str(self.sectioned.pk)}
        )
        self.assertEqual(button.get_text(strip=True), "Add as page comment")

        response = self.add(self.sectioned)
        self.assertEqual(response.status_code, 302)
        comment = Comment.objects.get()
        block_id = self.article.body[2].id
        self.assertEqual(comment.contentpath, f"body.{block_id}.heading")
        self.assertTrue(comment.has_valid_contentpath(self.article))
        self.assertEqual(comment.user, self.admin)
        self.assertEqual(comment.page_id, self.article.pk)
        self.assertIn("“The installer fails.”", comment.text)
        self.assertIn("2 out of 5 stars", comment.text)
        self.assertIn("“Installing”", comment.text)
        self.sectioned.refresh_from_db()
        self.assertEqual(self.sectioned.page_comment, comment)
        self.assertTrue(
            PageLogEntry.objects.filter(
                page=self.article, action="wagtail.comments.create"
            ).exists()
        )

        # The row now links to the editor, and the editor shows the comment.
        page = soup(self.client.get(FEEDBACK_URL))
        self.assertEqual(len(page.select("[data-kb-page-comment]")), 1)
        editor = self.client.get(f"/admin/pages/{self.article.pk}/edit/")
        self.assertContains(editor, "The installer fails.")

    def test_subscribers_are_notified_as_wagtail_does_but_not_the_editor(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.add(self.whole)
        self.assertEqual([m.to for m in mail.outbox], [["watcher@example.com"]])
        self.assertIn("Nice and short.", mail.outbox[0].body)
        self.assertEqual(Comment.objects.get().contentpath, "title")

    def test_twice_gives_the_same_comment(self):
        self.add(self.whole)
        self.add(self.whole)
        self.assertEqual(Comment.objects.count(), 1)

    def test_get_is_refused_and_bad_ids_are_a_clear_400(self):
        self.assertEqual(self.client.get(PAGE_COMMENT_URL).status_code, 405)
        for value in ("", "abc", "99999999999999999999999", "12345"):
            with self.subTest(value=value):
                response = self.client.post(PAGE_COMMENT_URL, {"id": value})
                self.assertEqual(response.status_code, 400)
        self.assertEqual(Comment.objects.count(), 0)

    def test_needs_the_change_permission_and_edit_rights_on_the_page(self):
        viewer = make_user("viewer", "view_feedbackcomment")
        self.client.force_login(viewer)
        self.assertEqual(self.add(self.whole).status_code, 403)
        page = soup(self.client.get(FEEDBACK_URL))
        self.assertIsNone(page.find("button", attrs={"form": "kb-feedback-page-comment"}))
        changer = make_user("changer", "view_feedbackcomment", "change_feedbackcomment")
        self.client.force_login(changer)  # may change feedback, but not edit the article
        self.assertEqual(self.add(self.whole).status_code, 403)
        self.assertEqual(Comment.objects.count(), 0)

    def test_csrf_is_checked(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.admin)
        response = client.post(PAGE_COMMENT_URL, {"id": str(self.whole.pk)})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Comment.objects.count(), 0)


@override_settings(WAGTAIL_I18N_ENABLED=True)
class FeedbackLocaleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        german = Locale.objects.create(language_code="de")
        home = make_home()
        cls.english = make_article(make_topic(home, "Setup"), "Install")
        de_home = make_home(title="Hilfe", slug="hilfe", locale=german)
        cls.german = make_article(make_topic(de_home, "Einrichten"), "Installieren", locale=german)
        FeedbackComment.objects.create(article=cls.english, stars=1, comment="Broken")
        FeedbackComment.objects.create(article=cls.german, stars=1, comment="Kaputt")
        cls.german_locale = german
        cls.admin = make_user("admin", superuser=True)

    def test_language_column_and_filter(self):
        self.client.force_login(self.admin)
        rows = table(self.client.get(FEEDBACK_URL))
        self.assertEqual(sorted(row["Language"] for row in rows), ["English", "German"])
        rows = table(self.client.get(FEEDBACK_URL, {"locale": self.german_locale.pk}))
        self.assertEqual([row["Article"] for row in rows], ["Installieren"])
        response = self.client.get(FEEDBACK_URL, {"locale": "x"})
        self.assertEqual(len(table(response)), 2)
        self.assertContains(response, "data-kb-ignored-filters")
