"""Knowledge base › Feedback: listing, filters, search, inspect, edit, bulk status."""

from django.test import TestCase
from django.urls import reverse

from tests.admin.helpers import FEEDBACK_URL, SET_STATUS_URL, make_user, soup, table
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import FeedbackComment, RatingVote

EVIL = '<script>alert("x")</script> =HYPERLINK("http://evil")'


class FeedbackTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.accounts = make_topic(home, "Accounts")
        cls.billing = make_topic(home, "Billing")
        cls.reset = make_article(cls.accounts, "Reset your password")
        cls.invoice = make_article(cls.billing, "Download an invoice")
        cls.evil = FeedbackComment.objects.create(article=cls.reset, stars=1, comment=EVIL)
        cls.formula = FeedbackComment.objects.create(article=cls.reset, stars=2, comment="=1+2")
        cls.fine = FeedbackComment.objects.create(
            article=cls.invoice,
            stars=4,
            comment="Could use an example.",
            status=FeedbackComment.Status.RESOLVED,
        )
        cls.admin = make_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def comments(self, **params):
        response = self.client.get(FEEDBACK_URL, params)
        self.assertEqual(response.status_code, 200)
        rows = soup(response).select("table.kb-report tbody tr")
        return [row.select_one(".title-wrapper a").get_text(strip=True) for row in rows]


class FeedbackListingTests(FeedbackTestCase):
    def test_listing_escapes_comments(self):
        response = self.client.get(FEEDBACK_URL)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, '<script>alert("x")</script>')
        self.assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
        self.assertContains(response, reverse("wagtailadmin_pages:edit", args=[self.reset.pk]))

    def test_newest_first_and_every_column(self):
        rows = table(self.client.get(FEEDBACK_URL))
        self.assertEqual([row["Rating"] for row in rows], ["4", "2", "1"])
        self.assertEqual(rows[0]["Article"], "Download an invoice")
        self.assertEqual(rows[0]["Status"], "Resolved")
        self.assertTrue(rows[0]["Comment"].startswith("Could use an example."))

    def test_each_row_offers_its_actions_beside_the_comment(self):
        page = soup(self.client.get(FEEDBACK_URL))
        row = page.find("input", attrs={"name": "ids", "value": str(self.fine.pk)}).find_parent(
            "tr"
        )
        select, comment = row.find_all("td")[:2]
        self.assertEqual(select.find_all(["a", "button"]), [])  # the checkbox cell holds no buttons
        self.assertEqual(comment.find("a")["href"], f"{FEEDBACK_URL}inspect/{self.fine.pk}/")
        self.assertEqual(
            {a.get_text(strip=True): a["href"] for a in comment.select("ul.actions a")},
            {
                "Edit status": f"{FEEDBACK_URL}edit/{self.fine.pk}/",
                "History": f"{FEEDBACK_URL}history/{self.fine.pk}/",
                "Delete": f"{FEEDBACK_URL}delete/{self.fine.pk}/",
            },
        )

    def test_filters_and_search(self):
        self.assertEqual(self.comments(status="resolved"), ["Could use an example."])
        self.assertEqual(self.comments(stars=2), ["=1+2"])
        self.assertEqual(self.comments(topic=self.billing.pk), ["Could use an example."])
        self.assertEqual(self.comments(article=self.reset.pk), ["=1+2", EVIL])
        self.assertEqual(self.comments(q="example"), ["Could use an example."])
        self.assertEqual(self.comments(q="invoice"), ["Could use an example."])  # article title

    def test_filter_by_the_day_sent(self):
        FeedbackComment.objects.filter(pk=self.evil.pk).update(created_at="2024-03-05T10:00Z")
        self.assertEqual(self.comments(created_at_to="2024-03-05"), [EVIL])
        self.assertEqual(
            self.comments(created_at_from="2024-03-06"), ["Could use an example.", "=1+2"]
        )

    def test_sorting(self):
        self.assertEqual(self.comments(ordering="stars"), [EVIL, "=1+2", "Could use an example."])
        self.assertEqual(self.comments(ordering="-article__title")[0], "=1+2")

    def test_unknown_lookups_are_ignored(self):
        self.assertEqual(len(self.comments(article__owner__password__startswith="md5")), 3)

    def test_inspect_view_escapes_the_comment(self):
        response = self.client.get(f"{FEEDBACK_URL}inspect/{self.evil.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, '<script>alert("x")</script>')
        self.assertContains(response, "&lt;script&gt;")
        self.assertContains(response, "Reset your password")

    def test_edit_view_changes_only_the_status(self):
        url = f"{FEEDBACK_URL}edit/{self.formula.pk}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"status": "resolved", "comment": "tampered"})
        self.assertRedirects(response, FEEDBACK_URL)
        self.formula.refresh_from_db()
        self.assertEqual((self.formula.status, self.formula.comment), ("resolved", "=1+2"))
        history = self.client.get(f"{FEEDBACK_URL}history/{self.formula.pk}/")
        self.assertEqual(history.status_code, 200)

    def test_delete_view_deletes_one_comment(self):
        url = f"{FEEDBACK_URL}delete/{self.evil.pk}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertRedirects(self.client.post(url), FEEDBACK_URL)
        self.assertEqual(FeedbackComment.objects.count(), 2)
        self.assertFalse(FeedbackComment.objects.filter(pk=self.evil.pk).exists())
        self.assertEqual(RatingVote.objects.count(), 0)


class BulkStatusTests(FeedbackTestCase):
    def test_bulk_form_and_its_checkboxes(self):
        response = self.client.get(FEEDBACK_URL, {"status": "new"})
        form = soup(response).find("form", id="kb-feedback-bulk")
        self.assertEqual(form["action"], SET_STATUS_URL)
        self.assertEqual(
            form.find("input", attrs={"name": "next"})["value"], FEEDBACK_URL + "?status=new"
        )
        boxes = soup(response).find_all("input", attrs={"name": "ids", "form": "kb-feedback-bulk"})
        self.assertEqual(
            sorted(int(box["value"]) for box in boxes), [self.evil.pk, self.formula.pk]
        )
        # The fragment the filter drawer swaps in sends the editor back to the listing.
        fragment = self.client.get(FEEDBACK_URL + "results/", {"status": "new"})
        form = soup(fragment).find("form", id="kb-feedback-bulk")
        self.assertEqual(
            form.find("input", attrs={"name": "next"})["value"], FEEDBACK_URL + "?status=new"
        )

    def test_mark_resolved_and_spam(self):
        response = self.client.post(
            SET_STATUS_URL,
            {"ids": [self.evil.pk, self.formula.pk], "status": "resolved", "next": FEEDBACK_URL},
        )
        self.assertRedirects(response, FEEDBACK_URL)
        self.assertEqual(
            set(FeedbackComment.objects.values_list("status", flat=True)), {"resolved"}
        )
        self.client.post(SET_STATUS_URL, {"ids": [self.evil.pk], "status": "spam"})
        self.evil.refresh_from_db()
        self.assertEqual(self.evil.status, "spam")

    def test_bad_input_changes_nothing_and_never_redirects_off_site(self):
        response = self.client.post(
            SET_STATUS_URL,
            {"ids": ["²", "x", "-1"], "status": "spam", "next": "https://evil.example/"},
        )
        self.assertRedirects(response, FEEDBACK_URL, fetch_redirect_response=False)
        self.assertEqual(FeedbackComment.objects.filter(status="spam").count(), 0)
        self.assertEqual(self.client.get(SET_STATUS_URL).status_code, 405)

    def test_without_the_change_permission_no_form_and_no_checkboxes(self):
        self.client.force_login(make_user("reader", "view_feedbackcomment"))
        page = soup(self.client.get(FEEDBACK_URL))
        self.assertIsNone(page.find("form", id="kb-feedback-bulk"))
        self.assertEqual(page.find_all("input", attrs={"name": "ids"}), [])
        self.assertEqual(page.select("ul.actions a")[0].get_text(strip=True), "History")
