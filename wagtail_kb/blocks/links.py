from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.coreutils import get_content_languages

from ..url_safety import safe_url


def content_language_choices():
    """The site's content languages (``WAGTAIL_CONTENT_LANGUAGES``), for a label's language."""
    return list(get_content_languages().items())


class NavigationLinkStructValue(blocks.StructValue):
    def _live_page(self):
        """The chosen page in the reader's language when it has a live translation.

        Wagtail's ``Page.localized``: the translation in the active language if it is live, else
        the chosen page; ``None`` when that is not live either. Worked out once per value and
        language (``href()`` and ``text()`` both need it).
        """
        language = translation.get_language()
        found = self.__dict__.setdefault("_localized_pages", {})
        if language not in found:
            page = self.get("page")
            if page is not None:
                page = page.localized
                page = page if page.live else None
            found[language] = page
        return found[language]

    def _translated_label(self):
        """The label for the active language, else for its base language ("de-at" → "de")."""
        language = (translation.get_language() or "").lower()
        labels = {
            (item["language"] or "").lower(): item["label"]
            for item in self.get("translations") or []
        }
        return labels.get(language) or labels.get(language.split("-")[0]) or ""

    def href(self):
        """Where the link goes, or ``""`` when it may not be rendered.

        A page that is not live gives nothing (its URL would name a draft). A URL is checked
        again here, whatever saved it (see ``wagtail_kb.url_safety``): only http(s), mailto, tel
        and relative URLs reach ``href``.
        """
        if self.get("page") is not None:
            page = self._live_page()
            return (page.url or "") if page is not None else ""
        return safe_url(self.get("url"))

    def text(self):
        page = self._live_page()
        return (
            self._translated_label()
            or self.get("label")
            or (page.title if page is not None else self.href())
        )


class NavigationLabelTranslationBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=content_language_choices)
    label = blocks.CharBlock(max_length=60)

    class Meta:
        icon = "globe"
        label = _("Label in another language")


class NavigationLinkBlock(blocks.StructBlock):
    """A link in the KB header: to a page of the site or to any URL."""

    label = blocks.CharBlock(max_length=60, help_text=_("The text of the link, e.g. 'Demos'."))
    page = blocks.PageChooserBlock(required=False, help_text=_("Link to a page of this site…"))
    url = blocks.URLBlock(required=False, help_text=_("…or to any address."))
    translations = blocks.ListBlock(
        NavigationLabelTranslationBlock(),
        default=[],
        help_text=_(
            "The label in the site's other languages; readers of a language not listed see "
            "the label above. A page link goes to the page's translation when it has one."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = bool(value.get("page")), bool(value.get("url"))
        if has_page and has_url:
            message = _("Choose a page or enter a URL, not both.")
        elif not has_page and not has_url:
            message = _("Choose a page or enter a URL.")
        else:
            self._check_languages(value)
            return value
        raise blocks.StructBlockValidationError(block_errors={"url": ValidationError(message)})

    def _check_languages(self, value):
        """Each language has one label: a second one would never be shown."""
        seen, errors = set(), {}
        for index, item in enumerate(value.get("translations") or []):
            if item["language"] in seen:
                errors[index] = ValidationError(
                    _("This language has a label already; remove one of the two.")
                )
            seen.add(item["language"])
        if errors:
            raise blocks.StructBlockValidationError(
                block_errors={"translations": blocks.ListBlockValidationError(block_errors=errors)}
            )

    class Meta:
        icon = "link"
        label = _("Link")
        description = _("A link in the knowledge base header, to a page of this site or any URL.")
        value_class = NavigationLinkStructValue
        template = "wagtail_kb/blocks/navigation_link.html"
