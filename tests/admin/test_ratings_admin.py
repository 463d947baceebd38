"""Ratings and feedback in the Wagtail admin: reports, exports, edit-view summary, permissions."""

import csv
import datetime
import io

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu

from tests.utils import make_article, make_home, make_topic, publish
from wagtail_kb import ratings
from wagtail_kb.models import FeedbackComment, RatingVote, RatingWidget

RATINGS_URL = "/admin/wagtail_kb/ratingvote/"
FEEDBACK_URL = "/admin/wagtail_kb/feedbackcomment/"
SET_STATUS_URL = "/admin/wagtail_kb/feedbackcomment/set_status/"
SNIPPETS_URL = "/admin/snippets/wagtail_kb/ratingwidget/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def vote(article, stars, n, when=None, revision_id=None):
    when = when or timezone.now()
    return RatingVote.objects.create(
        article=article,
        visitor_hash=ratings.visitor_hash(f"{article.pk}-{n}"),
        stars=stars,
        revision_id=revision_id or article.live_revision_id,
        created_at=when,
        updated_at=when,
    )


def make_user(username, *perms, superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", "pw")
    user = User.objects.create_user(username, f"{username}@example.com", "pw")
    codenames = ["access_admin", *perms]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


class AdminTestCase(TestCase):
    def setUp(self):
        self.home = make_home()
        self.accounts = make_topic(self.home, "Accounts")
        self.billing = make_topic(self.home, "Billing")
        self.reset = make_article(self.accounts, "Reset your password")
        self.invoice = make_article(self.billing, "Download an invoice")
        self.admin = make_user("admin", superuser=True)
        self.client.force_login(self.admin)


class RatingsReportTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        old_revision = self.reset.live_revision_id
        last_month = timezone.now() - datetime.timedelta(days=30)
        for n, stars in enumerate([1, 2, 2]):
            vote(self.reset, stars, n, when=last_month, revision_id=old_revision)
        self.reset.intro = "Rewritten"
        publish(self.reset)
        for n, stars in enumerate([5, 4, 5], start=10):
            vote(self.reset, stars, n)
        vote(self.invoice, 3, 1)

    def rows(self, response):
        table = soup(response).find("table", class_="kb-report")
        result = {}
        for tr in table.find("tbody").find_all("tr"):
            cells = tr.find_all("td")
            result[cells[0].find("a").get_text(strip=True)] = {
                "edit": cells[0].find("a")["href"],
                "topic": cells[1].get_text(strip=True),
                "votes": cells[2].get_text(strip=True),
                "average": cells[3].get_text(strip=True),
                "positive": cells[4].get_text(strip=True),
                "distribution": " ".join(cells[5].get_text(" ", strip=True).split()),
                "last_vote": cells[6].get_text(strip=True),
                "live_votes": cells[7].get_text(strip=True),
                "live_average": cells[8].get_text(" ", strip=True),
            }
        return result, [tr.find("td").get_text(strip=True) for tr in table.tbody.find_all("tr")]

    def test_one_row_per_article_all_time_and_since_last_published_change(self):
        response = self.client.get(RATINGS_URL)
        self.assertEqual(response.status_code, 200)
        rows, order = self.rows(response)
        reset = rows["Reset your password"]
        self.assertEqual(reset["votes"], "6")
        self.assertEqual(reset["average"], "3.2")
        self.assertEqual(reset["positive"], "50%")
        self.assertIn("5★ 2 (33%)", reset["distribution"])
        self.assertIn("1★ 1 (17%)", reset["distribution"])
        self.assertEqual(reset["topic"], "Accounts")
        self.assertEqual(reset["live_votes"], "3")
        self.assertTrue(reset["live_average"].startswith("4.7"))
        self.assertEqual(reset["edit"], reverse("wagtailadmin_pages:edit", args=[self.reset.pk]))
        self.assertEqual(rows["Download an invoice"]["votes"], "1")
        self.assertEqual(order[0], "Reset your password")  # most votes first

    def test_sorting(self):
        _, order = self.rows(self.client.get(RATINGS_URL + "?o=average"))
        self.assertEqual(order, ["Download an invoice", "Reset your password"])
        _, order = self.rows(self.client.get(RATINGS_URL + "?o=-average"))
        self.assertEqual(order, ["Reset your password", "Download an invoice"])
        _, order = self.rows(self.client.get(RATINGS_URL + "?o=title"))
        self.assertEqual(order, ["Download an invoice", "Reset your password"])
        self.assertEqual(self.client.get(RATINGS_URL + "?o=bogus").status_code, 200)

    def test_filter_by_topic(self):
        rows, _ = self.rows(self.client.get(RATINGS_URL + f"?topic={self.billing.pk}"))
        self.assertEqual(list(rows), ["Download an invoice"])

    def test_filter_by_date_range(self):
        week_ago = (timezone.now() - datetime.timedelta(days=7)).date().isoformat()
        rows, _ = self.rows(self.client.get(RATINGS_URL + f"?from={week_ago}"))
        self.assertEqual(rows["Reset your password"]["votes"], "3")
        self.assertEqual(rows["Reset your password"]["average"], "4.7")
        rows, _ = self.rows(self.client.get(RATINGS_URL + f"?to={week_ago}"))
        self.assertEqual(rows["Reset your password"]["votes"], "3")
        self.assertEqual(rows["Download an invoice"]["votes"], "0")
        self.assertEqual(self.client.get(RATINGS_URL + "?from=garbage").status_code, 200)

    def test_report_runs_a_constant_number_of_queries(self):
        self.client.get(RATINGS_URL)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            self.client.get(RATINGS_URL)
        for i in range(5):
            article = make_article(self.billing, f"More {i}")
            vote(article, 4, i)
        with CaptureQueriesContext(connection) as more:
            self.client.get(RATINGS_URL)
        self.assertEqual(len(few), len(more))


class EditViewSummaryTests(AdminTestCase):
    def test_edit_view_shows_all_time_and_since_last_published_change(self):
        old = self.reset.live_revision_id
        vote(self.reset, 1, 1, revision_id=old)
        vote(self.reset, 2, 2, revision_id=old)
        self.reset.intro = "Better"
        publish(self.reset)
        vote(self.reset, 5, 3)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.reset.pk]))
        self.assertEqual(response.status_code, 200)
        page = soup(response)
        all_time = page.find(attrs={"data-kb-summary": "all-time"}).get_text(" ", strip=True)
        since = page.find(attrs={"data-kb-summary": "since"}).get_text(" ", strip=True)
        self.assertEqual(all_time, "2.7 out of 5 stars from 3 votes (33% gave 4–5 stars)")
        self.assertEqual(since, "5.0 out of 5 stars from 1 vote (100% gave 4–5 stars)")
        links = page.find(attrs={"data-kb-rating-summary": True}).find_all("a")
        self.assertIn(f"{FEEDBACK_URL}?article={self.reset.pk}", [a["href"] for a in links])

    def test_no_votes_yet_and_new_pages(self):
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.invoice.pk]))
        self.assertContains(response, "No votes yet.")
        add_url = reverse(
            "wagtailadmin_pages:add", args=["wagtail_kb", "kbarticlepage", self.accounts.pk]
        )
        response = self.client.get(add_url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "data-kb-rating-summary")


class RatingWidgetSnippetTests(AdminTestCase):
    def test_listing_and_search(self):
        RatingWidget.objects.create(name="Tutorials", question="Was this tutorial clear?")
        RatingWidget.objects.create(name="Reference", ask_for_comment="never")
        response = self.client.get(SNIPPETS_URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Was this tutorial clear?")
        self.assertContains(response, "Was this article helpful?")  # blank → default wording
        self.assertContains(response, "Never")
        response = self.client.get(SNIPPETS_URL + "?q=Tutor")
        self.assertContains(response, "Tutorials")
        self.assertNotContains(response, "Reference")

    def test_create_through_the_admin(self):
        response = self.client.post(
            SNIPPETS_URL + "add/",
            {
                "name": "Default",
                "question": "",
                "feedback_prompt": "",
                "thank_you": "Thanks!",
                "ask_for_comment": "low",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(RatingWidget.objects.get().thank_you, "Thanks!")


class FeedbackReportTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.evil = FeedbackComment.objects.create(
            article=self.reset,
            stars=1,
            comment='<script>alert("x")</script> =HYPERLINK("http://evil")',
        )
        self.formula = FeedbackComment.objects.create(article=self.reset, stars=2, comment="=1+2")
        self.fine = FeedbackComment.objects.create(
            article=self.invoice,
            stars=4,
            comment="Could use an example.",
            status=FeedbackComment.Status.RESOLVED,
        )

    def test_listing_escapes_comments(self):
        response = self.client.get(FEEDBACK_URL)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, '<script>alert("x")</script>')
        self.assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
        self.assertContains(response, "Could use an example.")
        self.assertContains(response, reverse("wagtailadmin_pages:edit", args=[self.reset.pk]))

    def test_inspect_view_escapes_the_comment(self):
        response = self.client.get(f"{FEEDBACK_URL}inspect/{self.evil.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, '<script>alert("x")</script>')
        self.assertContains(response, "&lt;script&gt;")
        self.assertContains(response, "Reset your password")

    def test_filters_and_search(self):
        response = self.client.get(FEEDBACK_URL + "?status__exact=resolved")
        self.assertContains(response, "Could use an example.")
        self.assertNotContains(response, "=1+2")
        response = self.client.get(FEEDBACK_URL + f"?topic={self.billing.pk}")
        self.assertContains(response, "Could use an example.")
        self.assertNotContains(response, "=1+2")
        response = self.client.get(FEEDBACK_URL + f"?article={self.reset.pk}")
        self.assertContains(response, "=1+2")
        self.assertNotContains(response, "Could use an example.")
        response = self.client.get(FEEDBACK_URL + "?q=example")
        self.assertContains(response, "Could use an example.")
        self.assertNotContains(response, "=1+2")
        response = self.client.get(FEEDBACK_URL + "?stars__exact=2")
        self.assertContains(response, "=1+2")
        self.assertNotContains(response, "Could use an example.")

    def test_unknown_lookups_are_ignored(self):
        response = self.client.get(FEEDBACK_URL + "?article__owner__password__startswith=md5")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Could use an example.")

    def test_bulk_mark_resolved(self):
        response = self.client.get(FEEDBACK_URL)
        form = soup(response).find("form", id="kb-feedback-bulk")
        self.assertEqual(form["action"], SET_STATUS_URL)
        boxes = soup(response).find_all("input", attrs={"name": "ids", "form": "kb-feedback-bulk"})
        self.assertEqual(len(boxes), 3)
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
        response = self.client.post(
            SET_STATUS_URL, {"ids": [self.fine.pk], "next": "https://evil.example/"}
        )
        self.assertRedirects(response, FEEDBACK_URL, fetch_redirect_response=False)
        self.assertEqual(self.client.get(SET_STATUS_URL).status_code, 405)

    def test_csv_export_is_formula_safe_and_plain_text(self):
        response = self.client.get(FEEDBACK_URL + "?export=csv")
        self.assertEqual(response.status_code, 200)
        content = b"".join(response.streaming_content).decode()
        rows = list(csv.DictReader(io.StringIO(content)))
        by_stars = {row["Stars"]: row for row in rows}
        self.assertEqual(by_stars["2"]["Comment"], "'=1+2")
        self.assertEqual(
            by_stars["1"]["Comment"], '<script>alert("x")</script> =HYPERLINK("http://evil")'
        )
        self.assertEqual(by_stars["4"]["Status"], "Resolved")
        self.assertEqual(by_stars["4"]["Article"], "Download an invoice")
        for row in rows:
            for value in row.values():
                self.assertFalse(value.startswith(("=", "+", "-", "@")), value)

    def test_xlsx_export_writes_text_cells(self):
        from openpyxl import load_workbook

        response = self.client.get(FEEDBACK_URL + "?export=xlsx")
        self.assertEqual(response.status_code, 200)
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        sheet = workbook.active
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        formula_cell = next(c for c in cells if c.value == "=1+2")
        self.assertEqual(formula_cell.data_type, "s")

    def test_edit_view_changes_only_the_status(self):
        url = f"{FEEDBACK_URL}edit/{self.formula.pk}/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        response = self.client.post(url, {"status": "resolved", "comment": "tampered"})
        self.assertEqual(response.status_code, 302)
        self.formula.refresh_from_db()
        self.assertEqual((self.formula.status, self.formula.comment), ("resolved", "=1+2"))

    def test_nobody_creates_feedback_in_the_admin(self):
        self.assertEqual(self.client.get(f"{FEEDBACK_URL}create/").status_code, 403)
        self.assertEqual(self.client.get(f"{RATINGS_URL}create/").status_code, 403)


class PermissionTests(AdminTestCase):
    def menu_names(self, user):
        request = RequestFactory().get("/admin/")
        request.user = user
        names = {}
        for item in admin_menu.menu_items_for_request(request):
            children = getattr(getattr(item, "menu", None), "menu_items_for_request", None)
            names[item.name] = [c.label for c in children(request)] if children else []
        return names

    def kb_menu(self, user):
        return self.menu_names(user).get("knowledge-base")

    def test_superuser_sees_the_reports(self):
        menu = self.kb_menu(self.admin)
        self.assertIn("Ratings", [str(label) for label in menu])
        self.assertIn("Feedback", [str(label) for label in menu])

    def test_editor_without_permissions_sees_nothing_and_gets_403(self):
        editor = make_user("editor")
        self.assertIsNone(self.kb_menu(editor))
        self.client.force_login(editor)
        comment = FeedbackComment.objects.create(article=self.reset, stars=1, comment="x")
        for url in (
            RATINGS_URL,
            FEEDBACK_URL,
            FEEDBACK_URL + "?export=csv",
            f"{FEEDBACK_URL}inspect/{comment.pk}/",
            f"{FEEDBACK_URL}edit/{comment.pk}/",
            f"{FEEDBACK_URL}delete/{comment.pk}/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.post(SET_STATUS_URL, {"ids": [comment.pk]})
        self.assertEqual(response.status_code, 403)
        comment.refresh_from_db()
        self.assertEqual(comment.status, "new")

    def test_each_report_follows_its_own_permission(self):
        moderator = make_user("moderator", "view_feedbackcomment")
        menu = [str(label) for label in self.kb_menu(moderator)]
        self.assertIn("Feedback", menu)
        self.assertNotIn("Ratings", menu)
        self.client.force_login(moderator)
        self.assertEqual(self.client.get(FEEDBACK_URL).status_code, 200)
        self.assertEqual(self.client.get(RATINGS_URL).status_code, 403)
        # Viewing is not changing: no bulk form, and the bulk URL refuses.
        self.assertIsNone(soup(self.client.get(FEEDBACK_URL)).find("form", id="kb-feedback-bulk"))
        self.assertEqual(self.client.post(SET_STATUS_URL, {"ids": ["1"]}).status_code, 403)

        analyst = make_user("analyst", "view_ratingvote")
        menu = [str(label) for label in self.kb_menu(analyst)]
        self.assertIn("Ratings", menu)
        self.assertNotIn("Feedback", menu)
        self.client.force_login(analyst)
        self.assertEqual(self.client.get(RATINGS_URL).status_code, 200)
        self.assertEqual(self.client.get(FEEDBACK_URL).status_code, 403)

    def test_anonymous_users_are_sent_to_log_in(self):
        self.client.logout()
        response = self.client.get(RATINGS_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])


class GroupPermissionTests(AdminTestCase):
    def test_permissions_granted_through_a_group(self):
        group = Group.objects.create(name="Support")
        group.permissions.set(
            Permission.objects.filter(
                codename__in=["access_admin", "view_feedbackcomment", "change_feedbackcomment"]
            )
        )
        user = get_user_model().objects.create_user("support", "s@example.com", "pw")
        user.groups.add(group)
        comment = FeedbackComment.objects.create(article=self.reset, stars=1, comment="x")
        self.client.force_login(user)
        response = self.client.post(SET_STATUS_URL, {"ids": [comment.pk], "status": "resolved"})
        self.assertEqual(response.status_code, 302)
        comment.refresh_from_db()
        self.assertEqual(comment.status, "resolved")
