"""Editors' synonyms (``KBSynonym`` snippets) of the reader's locale, as groups of phrases.

A group of the KB's locale is used; a group that has no version in that locale is used in its
default-locale version (Wagtail's ``TranslatableMixin``: versions share a ``translation_key``).
One query.
"""

from django.conf import settings
from django.db.models import Q
from wagtail.coreutils import get_supported_content_language_variant

from ..models import KBSynonym
from ..models.synonyms import split_terms
from .language import words


def synonym_groups(locale_id):
    """Each group as a list of phrases, each phrase a tuple of folded words."""
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
