from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock as WagtailImageBlock

from .. import private_documents
from ..embeds import document_player, resolve_embed

OPTIONAL_HEADING_HELP = _("Optional. When set it appears in the table of contents.")


class VideoBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, help_text=OPTIONAL_HEADING_HELP)
    url = blocks.URLBlock(
        label=_("Video URL"),
        help_text=_(
            "The address of the video's page on YouTube, Vimeo or any oEmbed provider. "
            "Saved without contacting the provider."
        ),
    )
    caption = blocks.CharBlock(required=False, max_length=250)
    transcript = blocks.TextBlock(
        required=False,
        help_text=_("What is said in the video. Shown under it and found by search."),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        title = value.get("heading") or value.get("caption") or _("Video")
        context["embed"] = resolve_embed(value.get("url"), title=title)
        return context

    class Meta:
        icon = "media"
        label = _("Video")
        template = "wagtail_kb/blocks/video.html"
        preview_template = "wagtail_kb/previews/media.html"
        preview_value = {
            "heading": "Watch the walkthrough",
            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "caption": "A three-minute tour",
        }
        description = _("A video from YouTube, Vimeo or another provider, with a transcript.")


class DeckBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, help_text=OPTIONAL_HEADING_HELP)
    url = blocks.URLBlock(
        required=False,
        label=_("Deck URL"),
        help_text=_("Google Slides, Speaker Deck, SlideShare or any oEmbed provider."),
    )
    document = DocumentChooserBlock(
        required=False,
        help_text=_("The slides as a file, e.g. a PDF. Readers can always download it."),
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("url") and not value.get("document"):
            message = _("Enter the deck's URL or choose a document.")
            raise blocks.StructBlockValidationError(block_errors={"url": ValidationError(message)})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        title = value.get("heading") or value.get("caption") or _("Slides")
        document = value.get("document")
        if document is not None and not private_documents.is_public(document):
            # Left out for every reader (see ``wagtail_kb.private_documents``); an editor's
            # preview says so.
            document = None
            request = (parent_context or {}).get("request")
            context["document_withheld"] = bool(getattr(request, "is_preview", False))
        context["document"] = document
        if value.get("url"):
            context["embed"] = resolve_embed(value["url"], title=title)
        elif document is not None:
            player = document_player(document, title=title)
            # A file browsers cannot show in a frame (e.g. .pptx) is offered by its download
            # link alone, not by a second card linking to the same file.
            if not player.is_fallback:
                context["embed"] = player
        return context

    class Meta:
        icon = "doc-full"
        label = _("Slide deck")
        template = "wagtail_kb/blocks/deck.html"
        preview_template = "wagtail_kb/previews/media.html"
        preview_value = {
            "heading": "Slides from the training",
            "url": "https://docs.google.com/presentation/d/EXAMPLE/edit",
            "caption": "Twelve slides, about ten minutes",
        }
        description = _("A slide deck from a URL or an uploaded PDF, always with a download link.")


class ImageBlock(WagtailImageBlock):
    class Meta:
        icon = "image"
        label = _("Image")
        template = "wagtail_kb/blocks/image.html"
        # A drawn placeholder: the preview needs no uploaded image (and no preview_value).
        preview_template = "wagtail_kb/previews/image.html"
        description = _("An image with alternative text for screen readers.")

    def get_preview_value(self):
        return None
