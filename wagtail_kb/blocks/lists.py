from django.utils.translation import gettext_lazy as _
from wagtail import blocks

ITEM_FEATURES = ["bold", "italic", "link", "document-link", "code"]


class _ItemListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text=_("Optional. When set it appears in the table of contents."),
    )
    items = blocks.ListBlock(
        blocks.RichTextBlock(features=ITEM_FEATURES, label=_("Item")),
        min_num=1,
        label=_("Items"),
    )


class HighlightsBlock(_ItemListBlock):
    """Key points shown as a bulleted list."""

    class Meta:
        icon = "list-ul"
        label = _("Highlights")
        template = "wagtail_kb/blocks/highlights.html"
        preview_template = "wagtail_kb/previews/block.html"
        preview_value = {
            "heading": "Highlights",
            "items": ["<p>Works offline</p>", "<p>Syncs when you reconnect</p>"],
        }
        description = _("A bulleted list of the points that matter most.")


class TakeawaysBlock(_ItemListBlock):
    """What the reader should remember, as a numbered list."""

    class Meta:
        icon = "list-ol"
        label = _("Key takeaways")
        template = "wagtail_kb/blocks/takeaways.html"
        preview_template = "wagtail_kb/previews/block.html"
        preview_value = {
            "heading": "Key takeaways",
            "items": ["<p>Back up first</p>", "<p>Update one device at a time</p>"],
        }
        description = _("A numbered summary of what the reader should remember.")
