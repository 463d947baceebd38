from datetime import datetime
from functools import lru_cache

from django import template
from django.utils import dateformat
from django.utils.formats import get_format, number_format
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

from ..base_template import inspect as inspect_base_template
from ..conf import kb_settings
from ..ratings.popular import popular_articles
from ..reach import jsonld

register = template.Library()


@register.filter
def kb_initials(title):
    """Up to two initials of a title, for the topic grid's badge ("Getting started" → "GS")."""
    words = [word for word in str(title).split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper()


@register.filter
def kb_number(value):
    """A whole number as the active language writes it, digits grouped: 2,000 · 2.000 · 2 000.

    Like ``intcomma`` (without needing ``django.contrib.humanize``): grouped whatever the site's
    ``USE_THOUSAND_SEPARATOR``. For a plural, count with the number and show this:
    ``{% blocktranslate count counter=n with articles=n|kb_number %}{{ articles }} article…``.
    """
    if value in (None, ""):
        return value
    return number_format(value, force_grouping=True)


@register.filter
def kb_day(value):
    """The day of a date or datetime (in the current time zone) as the active language writes
    it: ``|date:"DATE_FORMAT"``, remembered per day and language, as a page of search results
    formats ten of them and Django's formatting takes a tenth of a millisecond each."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = template_localtime(value).date()
    return _formatted_day(value, get_language(), get_format("DATE_FORMAT"))


@lru_cache(maxsize=4096)
def _formatted_day(day, language, date_format):
    return dateformat.format(day, date_format)


# The site's base template -------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def kb_base_template(context):
    """What the site's base template offers (``wagtail_kb.base_template.BaseTemplate``).

    ``{% kb_base_template as kb_base %}``: ``kb_base.head`` / ``kb_base.js`` (whether it has the
    ``extra_head`` / ``extra_js`` blocks), ``kb_base.main`` (which KB element is the main
    landmark: "kb", "column" or "" when the site has its own) and ``kb_base.main_attrs``.
    """
    return inspect_base_template(context)


@register.simple_tag(takes_context=True)
def kb_meta_description(context):
    """The meta description the KB adds to the page, or "" when the site's template prints one.

    The page's intro, else its search description (the KB home: else its subtitle).
    """
    page = context.get("page")
    if page is None or inspect_base_template(context).prints_description(page):
        return ""
    text = getattr(page, "intro", "") or page.search_description
    if not text and hasattr(page, "get_subtitle"):
        text = page.get_subtitle()
    return " ".join(str(text).split())


@register.inclusion_tag("wagtail_kb/includes/head.html", takes_context=True)
def kb_head(context, structured_data_only=False):
    """Canonical link, Open Graph, the Markdown twin's link and the JSON-LD script.

    ``structured_data_only``: just the script (for base templates without ``extra_head``).
    """
    return {**jsonld.head(context), "structured_data_only": structured_data_only}


@register.simple_tag
def kb_setting(name):
    """A ``WAGTAILKB_*`` setting's value: ``{% kb_setting "SHOW_BREADCRUMB" as show %}``."""
    return getattr(kb_settings, name)


@register.simple_tag
def kb_popular_articles(kb_home):
    """``{% kb_popular_articles page as popular %}``: the KB's most viewed articles lately.

    ``WAGTAILKB_POPULAR_ARTICLES`` of them (0: none), public ones only, cached (see
    ``wagtail_kb.ratings.popular``).
    """
    return popular_articles(kb_home)
