"""The rating block's wording: the article's ``RatingWidget``, else the site's, else built in.

A widget's ``style`` is "stars" (1 to 5) or "thumbs" ("Yes" posts 5 stars, "No" 1 star; the
summary reads "N of M readers found this helpful"). The widget is cached per site and article
choice until the tree version changes (``wagtail_kb.listing_cache``: any save or deletion of a
page, the KB settings or a rating widget replaces it), so neither an article nor a vote reads the
KB settings or the widget row.
"""

from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from wagtail.models import Site

from ..listing_cache import LISTING_CACHE_TIMEOUT, listing_cache, tree_version
from ..models import KBSettings
from ..models.snippets import RatingWidget


def get_widget(article, site_settings=None):
    """The article's own ``RatingWidget``, else the site's default, else the built-in wording.

    On a multi-language site, the chosen widget's translation in the active language when it has
    one (``RatingWidget.for_active_language``). At most one query (none when neither picks one).
    """
    widget_id = article.rating_widget_id
    if widget_id is None and site_settings is not None:
        widget_id = getattr(site_settings, "default_rating_widget_id", None)
    if widget_id is not None:
        widget = RatingWidget.for_active_language(widget_id)
        if widget is not None:
            return widget
    return RatingWidget(name="", ask_for_comment=RatingWidget.CommentPolicy.ALWAYS)


def widget_for_request(article, request, site_settings=None):
    """``get_widget`` for the site serving ``request`` and its language, cached until the tree
    changes.

    ``site_settings``: the site's ``KBSettings`` if already loaded (read only on a cache miss).
    """
    site = Site.find_for_request(request) if request is not None else None
    key = (
        f"wagtail_kb:rating-widget:{site.pk if site else 0}:"
        f"{article.rating_widget_id or 0}:{get_language() or ''}:{tree_version()}"
    )

    def compute():
        settings = site_settings
        if settings is None and site is not None:
            settings = KBSettings.for_request(request)
        return get_widget(article, settings)

    return listing_cache().get_or_set(key, compute, LISTING_CACHE_TIMEOUT)


def wants_comment(widget, stars):
    """Whether the widget asks for a comment after a vote of ``stars``."""
    policy = widget.ask_for_comment
    if policy == RatingWidget.CommentPolicy.NEVER:
        return False
    if policy == RatingWidget.CommentPolicy.LOW_RATINGS:
        return stars is not None and stars <= 3
    return True


def accepts_comments(widget):
    return widget.ask_for_comment != RatingWidget.CommentPolicy.NEVER


def is_thumbs(widget):
    """Whether the widget asks "Yes / No" (posting 5 or 1 stars) rather than for stars."""
    return widget.style == RatingWidget.Style.THUMBS


def helpful_label(summary):
    """ "N of M readers found this helpful" (4 and 5 stars count as helpful: Yes posts 5)."""
    helpful = summary.distribution[4] + summary.distribution[5]
    return ngettext(
        "%(helpful)s of %(count)s reader found this helpful",
        "%(helpful)s of %(count)s readers found this helpful",
        summary.count,
    ) % {
        "helpful": number_format(helpful, force_grouping=True),
        "count": number_format(summary.count, force_grouping=True),
    }
