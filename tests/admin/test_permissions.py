"""Every URL of every report needs that report's permission; a refusal is a 403, nothing else.

The URLs are read from the admin's URLconf (every pattern modeladmin registers for the reports),
so a view added later is covered without touching this file.
"""

from django.contrib.auth.models import Permission
from django.test import RequestFactory, TestCase
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.contrib.search_promotions.models import Query

from tests.admin.helpers import (
    REPORT_PERMISSIONS,
    REPORT_URL_PREFIXES,
    SET_STATUS_URL,
    make_user,
    registered_urls,
)
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import FeedbackComment, RatingVote, SearchLogEntry

REPORTS = ("ratings", "feedback", "searches")
SECRET_COMMENT = "The staff door code is 4711"
SECRET_QUERY = "salary of the ceo"
# What a POST to each action would change, were it allowed.
POST_DATA = {
    "edit": {"status": "spam"},
    "set_status": {"status": "spam"},
    "promote": {"query": SECRET_QUERY},
}


class ReportURLTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.article = make_article(make_topic(home, "Accounts"), "Reset your password")
        cls.vote = RatingVote.objects.create(
            article=cls.article,
            visitor_hash="v1",
            stars=2,
            revision_id=cls.article.live_revision_id,
        )
        cls.comment = FeedbackComment.objects.create(
            article=cls.article, stars=2, comment=SECRET_COMMENT
        )
        cls.search = SearchLogEntry.objects.create(kb=home, query=SECRET_QUERY, result_count=0)
        cls.rows = {"ratings": cls.vote, "feedback": cls.comment, "searches": cls.search}

    def urls(self, report):
        """``[(action, url)]`` for every URL the admin registers for ``report``."""
        result = []
        for action, pattern in sorted(registered_urls(report).items()):
            kwargs = {}
            if "instance_pk" in pattern.pattern.regex.groupindex:
                kwargs["instance_pk"] = self.rows[report].pk
            result.append(
                (action, reverse(f"{REPORT_URL_PREFIXES[report]}_{action}", kwargs=kwargs))
            )
        return result

    def requests(self, report):
        """``[(label, send)]``: GET (and both exports on the listings) and POST of every URL."""
        for action, url in self.urls(report):
            yield f"GET {url}", lambda url=url: self.client.get(url)
            if action in ("index", "results"):
                for export in ("csv", "xlsx"):
                    yield (
                        f"GET {url}?export={export}",
                        lambda u=url, e=export: self.client.get(u, {"export": e}),
                    )
            data = {**POST_DATA.get(action, {}), "ids": [self.comment.pk]}
            yield f"POST {url}", lambda url=url, data=data: self.client.post(url, data)

    def assertNothingChanged(self):
        self.assertEqual(RatingVote.objects.count(), 1)
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, FeedbackComment.Status.NEW)
        self.assertEqual(SearchLogEntry.objects.count(), 1)
        self.assertFalse(Query.objects.filter(query_string=SECRET_QUERY).exists())


class RegisteredURLTests(ReportURLTestCase):
    def test_the_loop_below_sees_every_view_of_each_report(self):
        self.assertEqual(
            set(registered_urls("feedback")),
            {
                "index",
                "results",
                "create",
                "edit",
                "delete",
                "inspect",
                "history",
                "set_status",
                "page_comment",
            },
        )
        self.assertEqual(
            set(registered_urls("ratings")), {"index", "results", "create", "edit", "delete"}
        )
        self.assertEqual(
            set(registered_urls("searches")),
            {"index", "results", "create", "edit", "delete", "promote"},
        )


class RefusalTests(ReportURLTestCase):
    def test_wagtail_editors_get_403_on_every_url_of_every_report(self):
        # Wagtail's own "Editors" group: admin access and page permissions, no report permission.
        self.client.force_login(make_user("editor", groups=["Editors"]))
        for report in REPORTS:
            for label, send in self.requests(report):
                with self.subTest(label):
                    response = send()
                    self.assertEqual(response.status_code, 403)
                    self.assertNotContains(response, SECRET_COMMENT, status_code=403)
                    self.assertNotContains(response, SECRET_QUERY, status_code=403)
        self.assertNothingChanged()

    def test_another_reports_permission_or_actions_without_view_are_not_enough(self):
        for report in REPORTS:
            others = [REPORT_PERMISSIONS[other] for other in REPORTS if other != report]
            model = REPORT_PERMISSIONS[report].removeprefix("view_")
            actions = [f"{action}_{model}" for action in ("add", "change", "delete")]
            self.client.force_login(make_user(f"other-{report}", *others, *actions))
            for label, send in self.requests(report):
                with self.subTest(label):
                    self.assertEqual(send().status_code, 403)
        self.assertNothingChanged()

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for report in REPORTS:
            for label, send in self.requests(report):
                with self.subTest(label):
                    response = send()
                    self.assertEqual(response.status_code, 302)
                    self.assertTrue(response["Location"].startswith("/admin/login/"))
        self.assertNothingChanged()


class ViewPermissionTests(ReportURLTestCase):
    def statuses(self, report):
        return {action: self.client.get(url).status_code for action, url in self.urls(report)}

    def test_viewing_feedback_is_not_changing_it(self):
        self.client.force_login(make_user("reader", "view_feedbackcomment"))
        self.assertEqual(
            self.statuses("feedback"),
            {
                "index": 200,
                "results": 200,
                "inspect": 200,
                "history": 200,
                "create": 403,
                "edit": 403,
                "delete": 403,
                "set_status": 405,  # GET; a POST is refused below
                "page_comment": 405,
            },
        )
        response = self.client.post(SET_STATUS_URL, {"ids": [self.comment.pk], "status": "spam"})
        self.assertEqual(response.status_code, 403)
        self.assertNothingChanged()

    def test_change_and_delete_come_on_top_of_view(self):
        self.client.force_login(
            make_user("moderator", "view_feedbackcomment", "change_feedbackcomment")
        )
        statuses = self.statuses("feedback")
        self.assertEqual((statuses["edit"], statuses["delete"]), (200, 403))
        self.client.force_login(
            make_user("cleaner", "view_feedbackcomment", "delete_feedbackcomment")
        )
        statuses = self.statuses("feedback")
        self.assertEqual((statuses["edit"], statuses["delete"]), (403, 200))

    def test_ratings_and_searches_are_read_only_even_for_superusers(self):
        self.client.force_login(make_user("admin", superuser=True))
        for report in ("ratings", "searches"):
            statuses = self.statuses(report)
            with self.subTest(report):
                self.assertEqual((statuses["index"], statuses["results"]), (200, 200))
                self.assertEqual(
                    (statuses["create"], statuses["edit"], statuses["delete"]), (403, 403, 403)
                )
        self.assertEqual(self.statuses("feedback")["create"], 403)

    def test_the_view_permission_opens_ratings_and_searches(self):
        for report in ("ratings", "searches"):
            self.client.force_login(make_user(f"viewer-{report}", REPORT_PERMISSIONS[report]))
            with self.subTest(report):
                statuses = self.statuses(report)
                self.assertEqual((statuses["index"], statuses["results"]), (200, 200))
                url = dict(self.urls(report))["index"]
                self.assertEqual(self.client.get(url, {"export": "csv"}).status_code, 200)

    def test_groups_are_offered_exactly_the_permissions_the_reports_use(self):
        from wagtail_kb.admin import KnowledgeBaseAdminGroup

        offered = {
            admin.model._meta.model_name: sorted(
                admin.get_permissions_for_registration().values_list("codename", flat=True)
            )
            for admin in KnowledgeBaseAdminGroup().modeladmin_instances
        }
        self.assertEqual(
            offered,
            {
                "articleratingsummary": ["view_articleratingsummary"],
                "ratingvote": ["view_ratingvote"],
                "feedbackcomment": [
                    "change_feedbackcomment",
                    "delete_feedbackcomment",
                    "view_feedbackcomment",
                ],
                "searchlogentry": ["view_searchlogentry"],
                # Import offers none of its own: adding pages under a KB home is what it needs.
                "importeditem": [],
            },
        )


class MenuTests(TestCase):
    def kb_menu(self, user):
        request = RequestFactory().get("/admin/")
        request.user = user
        for item in admin_menu.menu_items_for_request(request):
            if item.name == "knowledge-base":
                return [str(child.label) for child in item.menu.menu_items_for_request(request)]
        return None

    def test_each_report_is_listed_to_the_holders_of_its_permission(self):
        self.assertEqual(
            self.kb_menu(make_user("admin", superuser=True)),
            ["Needs attention", "Ratings", "Feedback", "Searches"],
        )
        self.assertIsNone(self.kb_menu(make_user("editor", groups=["Editors"])))
        self.assertEqual(self.kb_menu(make_user("moderator", "view_feedbackcomment")), ["Feedback"])
        self.assertEqual(
            self.kb_menu(make_user("analyst", "view_ratingvote", "view_searchlogentry")),
            ["Ratings", "Searches"],
        )
        # Changing without viewing does not list the report either.
        self.assertIsNone(self.kb_menu(make_user("odd", "change_feedbackcomment")))

    def test_permissions_granted_through_a_group(self):
        from django.contrib.auth.models import Group

        group = Group.objects.create(name="Support")
        group.permissions.set(
            Permission.objects.filter(codename__in=["access_admin", "view_feedbackcomment"])
        )
        self.assertEqual(self.kb_menu(make_user("support", groups=["Support"])), ["Feedback"])
