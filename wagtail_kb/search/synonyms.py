"""Editors' synonyms (``KBSynonym`` snippets) of the reader's locale, as groups of phrases.

A group of the KB's locale is used; a group that has no version in that locale is used in its
default-locale version (Wagtail's ``TranslatableMixin``: versions share a ``translation_key``).
Cached in ``WAGTAILKB_CACHE_ALIAS`` per locale until a synonym is saved or deleted
(``signals``): no query on most searches, one otherwise.
"""

from django.conf import settings
from django.core.cache import caches
from django.db.models import Q
from wagtail.coreutils import get_supported_content_language_variant

from ..cache_versions import current_version, replace_version
from ..conf import kb_settings
from ..models import KBSynonym
from ..models.synonyms import split_terms
from .language import words

VERSION_KEY = "wagtail_kb:synonyms-version"
CACHE_TIMEOUT = 60 * 60


def synonyms_changed(**kwargs):
    """Forget the cached groups (connected to ``KBSynonym``'s saves and deletions)."""
    replace_version(VERSION_KEY)


def synonym_groups(locale_id):
    """Each group as a list of phrases, each phrase a tuple of folded words (cached)."""
    cache = caches[kb_settings.CACHE_ALIAS]
    key = f"wagtail_kb:synonyms:{locale_id}:{current_version(VERSION_KEY)}"
    groups = cache.get(key)
    if groups is None:
        groups = _load_groups(locale_id)
        cache.set(key, groups, CACHE_TIMEOUT)
    return groups


def _load_groups(locale_id):
    try:
        default_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        default_language = settings.LANGUAGE_CODE
    rows = KBSynonym.objects.filter(
        Q(locale_id=locale_id) | Q(locale__language_code=default_language)
    ).values_list("translation_key", "locale_id", "terms")
    chosen = {}
    for key, row_locale, terms in rows:
        if key not in chosen or row_locale == locale_id:
            chosen[key] = terms
    groups = []
    for terms in chosen.values():
        phrases = [tuple(words(term)) for term in split_terms(terms)]
        phrases = [phrase for phrase in phrases if phrase]
        if len(phrases) > 1:
            groups.append(phrases)
    return groups
