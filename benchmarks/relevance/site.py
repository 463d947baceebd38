"""The corpus as a knowledge base: one KB home, a topic per folder, an article per document.

Pages are created and published the way an editor's would be (``add_child``, then
``save_revision().publish()``), so whatever the KB does on publishing (search index, a
vocabulary, caches) happens as on a real site; the benchmark settings run Wagtail's index
tasks at once. Folders become nested ``KBTopicPage``s titled after their ``index`` document
("topics/db" → "Models and databases"); an ``index`` document that is an article itself gets
the slug ``<folder>-overview`` ("topics/testing/index" → ``testing-overview``).
"""

import time

from ..common import log

KB_SLUG = "django-docs"
KB_TITLE = "Django documentation"


def _slug(text):
    return text.replace("_", "-").replace(".", "-").lower()


def build(docs, folder_titles):
    """Create the KB; return (kb home, {article id: doc path})."""
    from wagtail.models import Site
    from wagtail_kb.models import KBArticlePage, KBHomePage, KBTopicPage

    started = time.perf_counter()
    root = Site.objects.get(is_default_site=True).root_page
    home = root.add_child(instance=KBHomePage(title=KB_TITLE, slug=KB_SLUG))
    home.save_revision().publish()
    topics = {"": home}

    def topic(folder):
        if folder in topics:
            return topics[folder]
        parent_folder, _, name = folder.rpartition("/")
        parent = topic(parent_folder)
        title = folder_titles.get(folder) or name.replace("-", " ").capitalize()
        page = parent.add_child(instance=KBTopicPage(title=title, slug=_slug(name)))
        page.save_revision().publish()
        topics[folder] = page
        return page

    folders = {
        doc.folder.rsplit("/", n)[0] for doc in docs for n in range(doc.folder.count("/") + 1)
    }
    paths = {}
    for doc in docs:
        parent = topic(doc.folder)
        name = doc.path.rsplit("/", 1)[-1]
        slug = _slug(doc.folder.rsplit("/", 1)[-1] + "-overview" if name == "index" else name)
        if f"{doc.folder}/{name}" in folders:
            slug += "-guide"  # a document named like a sub-folder of the same folder
        article = doc.article
        page = parent.add_child(
            instance=KBArticlePage(
                title=article.title[:255], slug=slug, intro=article.intro, body=article.blocks
            )
        )
        page.save_revision().publish()
        paths[page.pk] = doc.path
    log(
        f"{len(paths)} articles in {len(topics) - 1} topics built and published "
        f"in {time.perf_counter() - started:.1f}s"
    )
    home.refresh_from_db()
    return home, paths


def live_articles(home):
    """The number of live articles of the KB; on PostgreSQL, planner statistics are gathered
    first (as autovacuum would) for the searches to come."""
    from django.db import connection
    from wagtail_kb.models import KBArticlePage

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return KBArticlePage.objects.live().descendant_of(home).count()
