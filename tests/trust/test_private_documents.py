"""Documents in private collections stay out of public articles (issue 10, item 7).

Rule (``wagtail_kb.private_documents``): a document covered by a collection view restriction is
left out of every article for every reader — no player, link, title, file name or URL — and out
of the search index text and snippets. Readers who pass the restriction see the same article.
"""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.utils import make_article, make_home, make_topic, reload
from wagtail_kb.models import KBArticlePage

JSON = {"HTTP_ACCEPT": "application/json"}


def make_document(title, filename, collection=None):
    Document = get_document_model()
    return Document.objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 original test bytes", name=filename),
        collection=collection or Collection.get_first_root_node(),
    )


def restrict(collection, kind="password"):
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=kind,
        password="board-only" if kind == "password" else "",
    )
    if kind == "groups":
        restriction.groups.add(Group.objects.get_or_create(name="Board")[0])
    return restriction


def deck(document, heading="", url="", caption=""):
    return ("deck", {"heading": heading, "url": url, "document": document, "caption": caption})


class PrivateDocumentTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        root = Collection.get_first_root_node()
        cls.board = root.add_child(name="Board papers")
        cls.minutes = cls.board.add_child(name="Minutes")  # restricted through its parent
        cls.staff = root.add_child(name="Staff only")
        cls.committee = root.add_child(name="Committee")
        cls.open = root.add_child(name="Handouts")
        restrict(cls.board, "password")
        restrict(cls.staff, "login")
        restrict(cls.committee, "groups")
        cls.secret = make_document("Merger timeline", "secret-merger.pdf", cls.board)
        cls.minute = make_document("Quokka minutes", "quokka-minutes.pdf", cls.minutes)
        cls.staffdoc = make_document("Payroll wombat", "payroll-wombat.pdf", cls.staff)
        cls.groupdoc = make_document("Numbat strategy", "numbat-strategy.pptx", cls.committee)
        cls.public = make_document("Setup handout", "setup-handout.pdf", cls.open)
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Meetings")
        cls.article = make_article(
            cls.topic,
            "Preparing the annual meeting",
            intro="What to bring.",
            body=[
                deck(cls.secret, heading="Board slides", caption="Shown on the day"),
                deck(cls.minute),
                deck(cls.staffdoc, url="https://docs.google.com/presentation/d/1AbC_dEf/edit"),
                deck(cls.groupdoc, heading="Strategy deck"),
                deck(cls.public, heading="Printed material"),
            ],
        )
        cls.private_docs = [cls.secret, cls.minute, cls.staffdoc, cls.groupdoc]

    def setUp(self):
        caches["default"].clear()

    def body_of(self, response):
        self.assertEqual(response.status_code, 200)
        return BeautifulSoup(response.content, "html.parser").find(id="article-body")

    def assertNothingOf(self, html, documents):
        for document in documents:
            for leak in (
                document.title,
                document.filename,
                document.url,
                f"/documents/{document.pk}/",
            ):
                self.assertNotIn(leak, html)

    def search(self, q, **extra):
        return self.client.get(self.home.url + "search/", {"q": q}, **extra)


class ArticleRenderingTests(PrivateDocumentTestCase):
    def test_anonymous_readers_see_nothing_of_private_documents(self):
        response = self.client.get(self.article.url)
        self.assertNothingOf(response.content.decode(), self.private_docs)
        body = self.body_of(response)
        # What editors wrote stays; the public document is offered as before.
        for text in ("Board slides", "Shown on the day", "Strategy deck", "Printed material"):
            self.assertIn(text, body.get_text())
        links = [a["href"] for a in body.select(".kb-download a")]
        self.assertEqual(links, [self.public.url])
        # The deck with its own URL keeps its player (from the URL, not the document).
        self.assertEqual(
            [f["src"] for f in body.find_all("iframe")],
            ["https://docs.google.com/presentation/d/1AbC_dEf/embed", self.public.url],
        )
        # A deck left with nothing to show draws no empty section.
        self.assertEqual(len(body.select(".kb-deck")), 4)

    def test_readers_who_pass_the_restrictions_see_the_same_article(self):
        user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
        self.client.force_login(user)
        session = self.client.session
        session["passed_collection_view_restrictions"] = list(
            CollectionViewRestriction.objects.values_list("pk", flat=True)
        )
        session.save()
        response = self.client.get(self.article.url)
        self.assertNothingOf(response.content.decode(), self.private_docs)

    def test_an_editors_preview_says_the_document_is_withheld(self):
        response = reload(self.article).make_preview_request()
        html = response.render().content.decode() if hasattr(response, "render") else ""
        html = html or response.content.decode()
        self.assertNothingOf(html, self.private_docs)
        self.assertEqual(html.count("kb-download--withheld"), 4)

    def test_a_new_restriction_shows_at_once_in_cached_articles(self):
        self.assertIn(self.public.title, self.client.get(self.article.url).content.decode())
        restriction = restrict(self.open, "login")
        self.assertNothingOf(self.client.get(self.article.url).content.decode(), [self.public])
        restriction.delete()
        self.assertIn(self.public.title, self.client.get(self.article.url).content.decode())

    def test_moving_a_document_into_a_private_collection_shows_at_once(self):
        self.assertIn(self.public.title, self.client.get(self.article.url).content.decode())
        self.public.collection = self.minutes
        self.public.save()
        self.assertNothingOf(self.client.get(self.article.url).content.decode(), [self.public])


class SearchTests(PrivateDocumentTestCase):
    def titles(self, response):
        soup = BeautifulSoup(response.content, "html.parser")
        return [" ".join(h.get_text().split()) for h in soup.select(".kb-search-result__title")]

    def test_private_titles_are_not_indexed(self):
        text = reload(self.article).get_document_titles()
        self.assertIn("Setup handout", text)
        for document in self.private_docs:
            self.assertNotIn(document.title, text)

    def test_private_titles_find_nothing(self):
        for word in ("merger", "quokka", "wombat", "numbat"):
            with self.subTest(word=word):
                self.assertEqual(self.titles(self.search(word)), [])
                self.assertEqual(self.search(word, **JSON).json(), [])
        self.assertEqual(self.titles(self.search("handout")), [self.article.title])

    def test_snippets_never_show_private_titles(self):
        for q in ("annual meeting", "preparing", "handout", "slides"):
            for response in (self.search(q), self.search(q, **JSON)):
                with self.subTest(q=q):
                    self.assertEqual(response.status_code, 200)
                    self.assertNothingOf(response.content.decode(), self.private_docs)

    def test_index_follows_restrictions_at_once(self):
        self.assertEqual(self.titles(self.search("handout")), [self.article.title])
        restriction = restrict(self.open, "password")
        self.assertEqual(self.titles(self.search("handout")), [])
        self.assertNotIn("Setup handout", reload(self.article).get_document_titles())
        restriction.delete()
        self.assertEqual(self.titles(self.search("handout")), [self.article.title])

    def test_moving_a_document_updates_the_index(self):
        self.secret.collection = self.open
        self.secret.save()
        self.assertEqual(self.titles(self.search("merger")), [self.article.title])
        self.assertEqual(KBArticlePage.objects.count(), 1)


class CacheVersionTests(PrivateDocumentTestCase):
    def test_only_changes_that_can_matter_forget_cached_bodies(self):
        from wagtail_kb import private_documents

        before = private_documents.version()
        unused = make_document("Unused leaflet", "unused-leaflet.pdf")
        unused.title = "Unused leaflet, second edition"
        unused.save()
        self.assertEqual(private_documents.version(), before)  # no article uses it
        self.public.title = "Setup handout, second edition"
        self.public.save()
        after_edit = private_documents.version()
        self.assertNotEqual(after_edit, before)
        restrict(self.open, "login")  # restrictions always count, used or not
        self.assertNotEqual(private_documents.version(), after_edit)
