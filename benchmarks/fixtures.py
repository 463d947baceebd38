"""Content for the benchmarks: the demo article, its bare twin, votes, large KB trees built fast."""

import io
import random
import re
import time
import uuid
from contextlib import redirect_stdout

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail_kb.models import KBArticlePage, KBHomePage, KBTopicPage

from .common import log, ratings_available

DEMO_ARTICLE = "getting-started-guide"


# --- benchmark 1: the demo article and the same text in a plain Wagtail page ------------------


def load_demo():
    """Load the demo KB (``load_kb_demo``) and return its long benchmark article."""
    from django.core.management import call_command

    started = time.perf_counter()
    with redirect_stdout(io.StringIO()):
        call_command("load_kb_demo")
    log(f"demo loaded in {time.perf_counter() - started:.1f}s")
    return KBArticlePage.objects.get(slug=DEMO_ARTICLE)


def _bare_stream(kb_stream):
    """The KB body's text in stock blocks: heading, rich text, lists, image, document.

    Videos and decks become their heading, a paragraph linking to the media's page and the
    transcript as text: the bare page gets the same words without a player, which is the
    cheaper side of the comparison.
    """
    out = []

    def add(block_type, value):
        out.append({"type": block_type, "value": value, "id": str(uuid.uuid4())})

    def items(value):
        return [item["value"] if isinstance(item, dict) else item for item in value["items"]]

    for block in kb_stream:
        kind, value = block["type"], block["value"]
        if kind in ("heading", "paragraph"):
            add(kind, value)
        elif kind == "callout":
            if value.get("heading"):
                add("paragraph", f"<p><b>{value['heading']}</b></p>")
            add("paragraph", value["text"])
        elif kind in ("highlights", "takeaways"):
            if value.get("heading"):
                add("heading", value["heading"])
            add("bullets" if kind == "highlights" else "numbered", items(value))
        elif kind in ("video", "deck"):
            if value.get("heading"):
                add("heading", value["heading"])
            if value.get("url"):
                label = value.get("caption") or value["url"]
                add("paragraph", f'<p><a href="{value["url"]}">{label}</a></p>')
            elif value.get("caption"):
                add("paragraph", f"<p>{value['caption']}</p>")
            if value.get("transcript"):
                add("paragraph", "".join(f"<p>{p}</p>" for p in value["transcript"].split("\n\n")))
            if value.get("document"):
                add("document", value["document"])
        elif kind == "image":
            add("image", value)
        else:
            raise ValueError(f"no bare equivalent for block {kind!r}")
    return out


BARE_HOST = "bare.localhost"


def make_bare_twin(article):
    """A ``BarePage`` with the article's text, at the article's depth in a plain Wagtail tree.

    The bare pages get a site of their own (``bare.localhost``: bare home / section / page), so
    Wagtail routes them exactly as it routes any page, through no KB page, with as many URL
    levels as the article has. Fetch it with ``HTTP_HOST=BARE_HOST``.
    """
    from .bareapp.models import BarePage

    levels = article.depth - article.get_site().root_page.depth  # URL components of the article
    parent = Page.get_first_root_node().add_child(
        instance=BarePage(title="Bare home", slug="bare-home")
    )
    parent.save_revision().publish()
    Site.objects.create(hostname=BARE_HOST, port=80, root_page=parent, site_name="Bare")
    for level in range(levels - 1):
        parent = parent.add_child(
            instance=BarePage(title=f"Bare section {level}", slug=f"bare-section-{level}")
        )
        parent.save_revision().publish()
    pages = []
    for slug, plain in (("bare-article", False), ("bare-article-plain-links", True)):
        body = _bare_stream(article.body.raw_data)
        if plain:
            body = _with_plain_links(body)
        page = parent.add_child(instance=BarePage(title=article.title, slug=slug, body=body))
        page.save_revision().publish()
        page.refresh_from_db()
        pages.append(page)
    return pages


RICH_LINK = re.compile(r'<a linktype="(page|document)" id="(\d+)">')


def _with_plain_links(stream):
    """The stream with rich-text links to pages and documents as plain ``href``s.

    Wagtail resolves such links at every render (a query per link type and rich-text value);
    a page whose editors pasted plain URLs instead does not: the strictest baseline.
    """
    from wagtail.documents import get_document_model

    def plain(match):
        kind, pk = match.groups()
        if kind == "page":
            url = Page.objects.get(pk=pk).specific.url
        else:
            url = get_document_model().objects.get(pk=pk).url
        return f'<a href="{url}">'

    def convert(value):
        if isinstance(value, str):
            return RICH_LINK.sub(plain, value)
        if isinstance(value, list):
            return [convert(item) for item in value]
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        return value

    return [dict(block, value=convert(block["value"])) for block in stream]


def bare_path(page):
    """The path of a page of the bare site, for the test client with ``HTTP_HOST=BARE_HOST``."""
    return page.get_url_parts()[2]


def seed_votes(articles, per_article, *, comments=0, seed=1):
    """``per_article`` votes on each article (and ``comments`` comments in all), in bulk."""
    if not ratings_available():
        return 0
    from wagtail_kb.models.feedback import FeedbackComment, RatingVote

    rng = random.Random(seed)
    now = timezone.now()
    votes = [
        RatingVote(
            article_id=article.pk,
            visitor_hash=uuid.uuid4().hex,
            ip_hash=uuid.uuid4().hex,
            stars=rng.choice((1, 2, 3, 4, 4, 5, 5, 5)),
            revision_id=article.live_revision_id,
            created_at=now,
            updated_at=now,
        )
        for article in articles
        for _ in range(per_article)
    ]
    RatingVote.objects.bulk_create(votes, batch_size=2000)
    if comments:
        FeedbackComment.objects.bulk_create(
            [
                FeedbackComment(
                    article_id=articles[index % len(articles)].pk,
                    stars=rng.randint(1, 5),
                    comment="Seeded by the benchmark.",
                    revision_id=articles[index % len(articles)].live_revision_id,
                )
                for index in range(comments)
            ],
            batch_size=2000,
        )
    return len(votes)


# --- benchmark 2: large trees without treebeard's one-page-at-a-time add_child -----------------

SMALL_BODY = [
    ("heading", "Overview"),
    ("paragraph", "<p>What this article covers, in two sentences. It is short on purpose.</p>"),
    ("heading", "Steps"),
    ("paragraph", "<p>Open <b>Settings</b>, choose <i>Accounts</i> and follow the prompts.</p>"),
    ("highlights", {"heading": "", "items": ["<p>Works offline</p>", "<p>Syncs later</p>"]}),
    ("heading", "If it does not work"),
    ("paragraph", "<p>Sign out, sign in again and retry. Then contact support.</p>"),
]


def _small_body_json():
    import json

    data = []
    for kind, value in SMALL_BODY:
        if kind == "highlights":
            value = dict(
                value,
                items=[
                    {"type": "item", "value": item, "id": str(uuid.uuid4())}
                    for item in value["items"]
                ],
            )
        data.append({"type": kind, "value": value, "id": str(uuid.uuid4())})
    return json.dumps(data)


def make_growth_kb(topics):
    """A KB home with ``topics`` empty topics, made through Wagtail (a handful of pages)."""
    root = Site.objects.get(is_default_site=True).root_page
    home = root.add_child(instance=KBHomePage(title="Growth KB", slug="growth"))
    home.save_revision().publish()
    made = []
    for index in range(topics):
        topic = home.add_child(instance=KBTopicPage(title=f"Topic {index}", slug=f"topic-{index}"))
        topic.save_revision().publish()
        made.append(topic)
    home.refresh_from_db()
    return home, made


def add_articles(topic, count):
    """Append ``count`` live articles to ``topic`` in bulk: paths computed, ``numchild`` kept right.

    Django cannot ``bulk_create`` a multi-table model, so the ``wagtailcore_page`` rows go in with
    ``bulk_create`` and the ``KBArticlePage`` rows with one ``executemany``. No revisions are made
    (the pages are live with ``live_revision`` unset, as after a raw import) and the search index
    is not updated: the benchmark reads pages, it does not search them.
    """
    topic = Page.objects.get(pk=topic.pk)
    content_type = ContentType.objects.get_for_model(KBArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    body = _small_body_json()
    start = topic.numchild
    pages = []
    for offset in range(1, count + 1):
        position = start + offset
        slug = f"{topic.slug}-article-{position}"
        pages.append(
            Page(
                path=Page._get_path(topic.path, topic.depth + 1, position),
                depth=topic.depth + 1,
                numchild=0,
                title=f"Article {position} in {topic.title}",
                draft_title=f"Article {position} in {topic.title}",
                slug=slug,
                url_path=f"{topic.url_path}{slug}/",
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
        )
    table = KBArticlePage._meta.db_table
    quote = connection.ops.quote_name
    with transaction.atomic():
        created = Page.objects.bulk_create(pages, batch_size=1000)
        if connection.features.can_return_rows_from_bulk_insert:
            ids = [page.pk for page in created]
        else:
            paths = [page.path for page in pages]
            by_path = dict(Page.objects.filter(path__in=paths).values_list("path", "pk"))
            ids = [by_path[path] for path in paths]
        rows = [(pk, "", body, True) for pk in ids]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({quote('page_ptr_id')}, {quote('intro')}, "
                f"{quote('body')}, {quote('ratings_enabled')}) VALUES (%s, %s, %s, %s)",
                rows,
            )
        Page.objects.filter(pk=topic.pk).update(numchild=start + count)
    return ids


def grow_to(topics, per_topic):
    """Bring every topic to ``per_topic`` articles; returns the seconds it took."""
    started = time.perf_counter()
    for topic in topics:
        have = Page.objects.get(pk=topic.pk).numchild
        if per_topic > have:
            add_articles(topic, per_topic - have)
    return time.perf_counter() - started
