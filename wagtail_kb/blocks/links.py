from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..url_safety import safe_url


class NavigationLinkStructValue(blocks.StructValue):
    def _live_page(self):
        page = self.get("page")
        return page if page is not None and page.live else None

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
        return self.get("label") or (page.title if page is not None else self.href())


class NavigationLinkBlock(blocks.StructBlock):
    """A link in the KB header: to a page of the site or to any URL."""

    label = blocks.CharBlock(max_length=60, help_text=_("The text of the link, e.g. 'Demos'."))
    page = blocks.PageChooserBlock(required=False, help_text=_("Link to a page of this site…"))
    url = blocks.URLBlock(required=False, help_text=_("…or to any address."))

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = bool(value.get("page")), bool(value.get("url"))
        if has_page and has_url:
            message = _("Choose a page or enter a URL, not both.")
        elif not has_page and not has_url:
            message = _("Choose a page or enter a URL.")
        else:
            return value
        raise blocks.StructBlockValidationError(block_errors={"url": ValidationError(message)})

    class Meta:
        icon = "link"
        label = _("Link")
        description = _("A link in the knowledge base header, to a page of this site or any URL.")
        value_class = NavigationLinkStructValue
        template = "wagtail_kb/blocks/navigation_link.html"
