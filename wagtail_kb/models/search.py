"""The search log: committed KB searches and the results readers opened.

One ``SearchLogEntry`` per committed search (the HTML results page, or an instant search the
reader committed by opening a result); one ``SearchClick`` per result opened from it. Nothing here
identifies a reader: no IP address, no user, no session, and the day rather than the time.
Rows are written by ``wagtail_kb.search`` when ``WAGTAILKB_SEARCH_ANALYTICS`` is on and removed by
``manage.py kb_prune_search_log``.
"""

import json

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

QUERY_MAX_LENGTH = 255  # as Wagtail's own search terms (search promotions)


class JSONTextField(models.TextField):
    """A JSON value (here a list of strings) kept in a text column.

    For the texts every search reads back for its snippets: PostgreSQL took 3–4 ms to write out
    the ``jsonb`` of ten long articles per results page, and 1.3 ms to send the same JSON kept
    as text. Nothing queries inside the value, so ``JSONField``'s lookups are not missed.
    """

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def to_python(self, value):
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))


class SearchLogEntry(models.Model):
    # Log rows are not content: never list them in pages' "Usage" (Wagtail's reference index).
    wagtail_reference_index_ignore = True

    SOURCE_PAGE = "page"
    SOURCE_INSTANT = "instant"
    SOURCE_CHOICES = [
        (SOURCE_PAGE, _("Results page")),
        (SOURCE_INSTANT, _("Instant search")),
    ]

    kb = models.ForeignKey(
        "wagtail_kb.KBHomePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("knowledge base"),
    )
    query = models.CharField(_("search terms"), max_length=QUERY_MAX_LENGTH)
    corrected_query = models.CharField(
        _("corrected to"),
        max_length=QUERY_MAX_LENGTH,
        blank=True,
        default="",
        help_text=_("The query the search corrected misspelt words to, when it did."),
    )
    result_count = models.PositiveIntegerField(_("results"))
    searched_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    source = models.CharField(
        _("source"), max_length=10, choices=SOURCE_CHOICES, default=SOURCE_PAGE
    )
    opened = models.BooleanField(
        _("result opened"), default=False, help_text=_("Whether the reader opened a result.")
    )

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        ordering = ["-searched_on", "-pk"]
        indexes = [models.Index(fields=["kb", "searched_on"], name="wagtail_kb_search_kb_day")]

    def __str__(self):
        return self.query


class SearchClick(models.Model):
    wagtail_reference_index_ignore = True

    entry = models.ForeignKey(
        SearchLogEntry, on_delete=models.CASCADE, related_name="clicks", verbose_name=_("search")
    )
    page = models.ForeignKey(
        "wagtail_kb.KBArticlePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("article"),
    )
    position = models.PositiveIntegerField(
        _("position"), null=True, blank=True, help_text=_("Rank of the result opened, from 1.")
    )

    class Meta:
        verbose_name = _("opened search result")
        verbose_name_plural = _("opened search results")

    def __str__(self):
        return f"{self.entry_id} → {self.page_id}"


# --- The KB's own word index (``wagtail_kb.search.indexing``) ----------------------------------
#
# Rows exist only for live articles readers may open (no draft, no view restriction on the
# article or an ancestor): they are written when an article is published and removed when it is
# unpublished, deleted, moved into a private section or restricted. The vocabulary spelling
# corrections come from is therefore made of public words only.


class KBSearchDocument(models.Model):
    """An article's searchable text as of its live revision, precomputed for snippets."""

    wagtail_reference_index_ignore = True

    page = models.OneToOneField(
        "wagtail_kb.KBArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    kb = models.ForeignKey("wagtail_kb.KBHomePage", on_delete=models.CASCADE, related_name="+")
    revision_id = models.BigIntegerField(null=True)
    words = models.PositiveIntegerField(default=0)
    # The reader-visible texts (intro, then the body's) and the ids of the body's documents.
    texts = JSONTextField(default=list)
    document_ids = models.JSONField(default=list)
    # The distinct words (as written, folded) counted in the vocabulary for this article.
    vocabulary = models.JSONField(default=list)

    class Meta:
        verbose_name = _("search document")

    def __str__(self):
        return str(self.page_id)


class KBSearchWord(models.Model):
    """One stem of one public article, with how much it counts there (field weights, BM25)."""

    wagtail_reference_index_ignore = True

    page = models.ForeignKey("wagtail_kb.KBArticlePage", on_delete=models.CASCADE, related_name="+")
    kb = models.ForeignKey("wagtail_kb.KBHomePage", on_delete=models.CASCADE, related_name="+")
    stem = models.CharField(max_length=40)
    weight = models.FloatField()

    class Meta:
        verbose_name = _("search word")
        # Covering the ranking query (kb, stems → page, weight) on every database.
        indexes = [
            models.Index(fields=["kb", "stem", "page", "weight"], name="wagtail_kb_word_kb_stem")
        ]

    def __str__(self):
        return self.stem


class KBSearchVocabulary(models.Model):
    """A word (as written) of a KB's public articles and in how many of them it appears."""

    wagtail_reference_index_ignore = True

    kb = models.ForeignKey("wagtail_kb.KBHomePage", on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=40)
    stem = models.CharField(max_length=40)
    articles = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("search vocabulary word")
        constraints = [
            models.UniqueConstraint(fields=["kb", "word"], name="wagtail_kb_vocabulary_word")
        ]
        indexes = [models.Index(fields=["kb", "stem"], name="wagtail_kb_vocabulary_stem")]

    def __str__(self):
        return self.word
