"""A slug that a KB home's own routes answer (``search``, ``tags``) is refused: such a page could
never be reached (the route wins), so editors get an error naming the slug instead."""

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import KBArticlePage, KBHomePage, KBTopicPage


class RouteSlugTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Accounts")
        cls.article = make_article(cls.topic, "Sign in")

    def setUp(self):
        self.login()

    def add_url(self, model, parent):
        return reverse("wagtailadmin_pages:add", args=["wagtail_kb", model, parent.pk])

    def test_the_slugs_come_from_the_homes_routes(self):
        from wagtail_kb.models.pages_slugs import route_slugs

        self.assertEqual(route_slugs(KBHomePage), {"search", "tags"})
        self.assertEqual(route_slugs(KBTopicPage), set())

    def test_the_add_form_refuses_them_under_a_kb_home(self):
        for model, slug in [("kbtopicpage", "tags"), ("kbarticlepage", "search")]:
            with self.subTest(slug=slug):
                data = nested_form_data(
                    {"title": slug.title(), "slug": slug, "body": streamfield([])}
                )
                response = self.client.post(self.add_url(model, self.home), data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(
                    f"The slug “{slug}” is taken by the knowledge base's own pages",
                    " ".join(response.context["form"].errors["slug"]),
                )
        self.assertFalse(KBTopicPage.objects.filter(slug="tags").exists())
        self.assertFalse(KBArticlePage.objects.filter(slug="search").exists())
        # Below a topic, which has no routes, the same slug is a page like any other.
        self.assertCanCreate(self.topic, KBTopicPage, {"title": "Tags", "slug": "tags"})

    def test_the_edit_form_refuses_them(self):
        topic = make_topic(self.home, "Billing")
        url = reverse("wagtailadmin_pages:edit", args=[topic.pk])
        response = self.client.post(url, nested_form_data({"title": "Billing", "slug": "tags"}))
        self.assertEqual(response.status_code, 200)
        self.assertIn("“tags”", " ".join(response.context["form"].errors["slug"]))
        topic.refresh_from_db()
        self.assertEqual(topic.slug, "billing")

    def test_saving_in_code_refuses_them_in_the_active_language(self):
        with transaction.atomic(), self.assertRaises(ValidationError) as caught:
            self.home.add_child(instance=KBTopicPage(title="Search", slug="search"))
        self.assertIn("The slug “search” is taken", caught.exception.message_dict["slug"][0])
        with (
            translation.override("de"),
            transaction.atomic(),
            self.assertRaises(ValidationError) as caught,
        ):
            self.home.add_child(instance=KBArticlePage(title="Tags", slug="tags"))
        message = caught.exception.message_dict["slug"][0]
        self.assertIn("tags", message)
        self.assertNotIn("is taken by", message)  # translated
        self.assertFalse(KBArticlePage.objects.filter(slug__in=["search", "tags"]).exists())


class MoveAndCopyTests(WagtailPageTestCase):
    """Moving a page, or copying one, to where a KB home's routes answer its address is refused
    in the admin with the same message; elsewhere both work as before."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Accounts")
        cls.article = make_article(cls.topic, "Sign in")
        cls.tags = make_topic(cls.topic, "Tags", slug="tags")  # below a topic: a page as any

    def setUp(self):
        self.login()

    def test_moving_a_page_whose_slug_the_home_answers_is_refused(self):
        url = reverse("wagtailadmin_pages:move_confirm", args=[self.tags.pk, self.home.pk])
        for method in (self.client.get, self.client.post):
            with self.subTest(method=method.__name__):
                response = method(url)
                self.assertRedirects(
                    response,
                    reverse("wagtailadmin_pages:move", args=[self.tags.pk]),
                    fetch_redirect_response=False,
                )
                shown = [str(m) for m in get_messages(response.wsgi_request)]
                self.assertTrue(any("The slug “tags” is taken" in m for m in shown), shown)
        self.tags.refresh_from_db()
        self.assertEqual(self.tags.get_parent().pk, self.topic.pk)

    def test_other_moves_go_ahead(self):
        url = reverse("wagtailadmin_pages:move_confirm", args=[self.article.pk, self.home.pk])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.get_parent().pk, self.home.pk)

    def test_copying_to_a_slug_the_home_answers_is_refused(self):
        url = reverse("wagtailadmin_pages:copy", args=[self.article.pk])
        data = {"new_title": "Search", "new_slug": "search", "new_parent_page": self.home.pk}
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "The slug “search” is taken by the knowledge base's own pages",
            " ".join(response.context["form"].errors["new_slug"]),
        )
        self.assertFalse(KBArticlePage.objects.filter(slug="search").exists())
        data = {**data, "new_slug": "searching"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertTrue(KBArticlePage.objects.child_of(self.home).filter(slug="searching").exists())
