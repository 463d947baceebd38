"""Which article a ``POST <article url>rate/`` (or ``seen/``) names, without walking the tree.

The site comes from ``wagtail_kb.routing.site_for_request`` (no query when warm).
``find_article``: one query, by slug, checked against ``url_path`` (the chain
of slugs from the root, so it is the page Wagtail's routing would reach), loading only what a
vote or a view needs. ``kb_dead_end``: when no article is there, whether Wagtail would answer 404
anyway because the path ends below a KB page (a topic, the KB home, a missing article).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from ..models import KBArticlePage
from ..models.compiled import CompiledQuery, Marker
from ..routing import url_path_below

# What a vote or a view reads of its article, Wagtail's serve and view-restriction check
# included; the body and the rest of the page stay in the database.
ROUTING_FIELDS = (
    "path",
    "depth",
    "url_path",
    "slug",
    "title",
    "live",
    "live_revision_id",
    "locale_id",
    "alias_of_id",
    "content_type_id",
    "ratings_enabled",
    "rating_widget_id",
)
KB_PAGE_TYPES = ("wagtail_kb.KBHomePage", "wagtail_kb.KBTopicPage", "wagtail_kb.KBArticlePage")


_SLUG, _URL_PATH = Marker("\x00kb:vote-slug\x00"), Marker("\x00kb:vote-url-path\x00")


def _article_at(depth):
    return (
        KBArticlePage.objects.only(*ROUTING_FIELDS)
        .with_view_restriction_flags(depth)
        .filter(slug=_SLUG, url_path=_URL_PATH)[:1]
    )


# Compiled once per database and depth: Django took longer to compile it than the database
# takes to answer it (benchmarks/RESULTS.md, issue 9).
ARTICLE_AT = CompiledQuery(KBArticlePage, _article_at)


def find_article(site, slugs):
    """The ``KBArticlePage`` at ``slugs`` below the site's root (live or not), or ``None``."""
    if not slugs:
        return None
    root = site.root_page.localized
    found = ARTICLE_AT.run(
        root.depth + len(slugs), {_SLUG: slugs[-1], _URL_PATH: url_path_below(root, slugs)}
    )
    return found[0] if found else None


def kb_dead_end(site, slugs, action):
    """Whether ``<slugs>/<action>/`` ends below a KB page (so Wagtail answers 404): one query.

    False when a page is there (a page whose slug is ``action``) or when the deepest page on the
    way is not a KB page: the site's own pages decide for themselves.
    """
    root = site.root_page.localized
    chain = [*slugs, action]
    paths = {url_path_below(root, chain[:n]): n for n in range(1, len(chain) + 1)}
    found = dict(
        Page.objects.filter(slug__in=set(chain), url_path__in=list(paths)).values_list(
            "url_path", "content_type_id"
        )
    )
    if url_path_below(root, chain) in found:
        return False
    kb_types = {
        ContentType.objects.get_for_model(apps.get_model(name)).pk for name in KB_PAGE_TYPES
    }
    deepest = max((paths[path] for path in found), default=0)
    if deepest == 0:
        return root.content_type_id in kb_types
    return found[url_path_below(root, chain[:deepest])] in kb_types
