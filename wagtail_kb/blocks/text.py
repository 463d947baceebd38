from django.utils.translation import gettext_lazy as _
from wagtail import blocks

PARAGRAPH_FEATURES = [
    "h3",
    "h4",
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
    "code",
    "blockquote",
]


class HeadingBlock(blocks.CharBlock):
    """A section heading: an ``<h2>`` that appears in the table of contents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", _("A section title. It appears in the table of contents."))
        super().__init__(**kwargs)

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "wagtail_kb/blocks/heading.html"
        preview_template = "wagtail_kb/previews/block.html"
        preview_value = "Before you begin"
        description = _("A section heading, listed in the article's table of contents.")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        kwargs.setdefault(
            "help_text",
            _("Text with links and lists. Sub-headings (H3) appear in the table of contents."),
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "wagtail_kb/blocks/paragraph.html"
        preview_template = "wagtail_kb/previews/block.html"
        preview_value = (
            "<p>Open <b>Settings</b>, choose <i>Accounts</i> and follow the prompts. "
            "Changes are saved as you go.</p>"
        )
        description = _("Rich text: paragraphs, links, lists and sub-headings.")


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[
            ("note", _("Note")),
            ("tip", _("Tip")),
            ("warning", _("Warning")),
        ],
        default="note",
        help_text=_("Sets the colour and the label readers see."),
    )
    heading = blocks.CharBlock(
        required=False, max_length=120, help_text=_("Optional title shown in bold.")
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "document-link", "code"])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["tone_label"] = dict(self.child_blocks["tone"].field.choices).get(value["tone"], "")
        return context

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "wagtail_kb/blocks/callout.html"
        preview_template = "wagtail_kb/previews/block.html"
        preview_value = {
            "tone": "tip",
            "heading": "Good to know",
            "text": "<p>You can undo this step at any time from the history panel.</p>",
        }
        description = _("A note, tip or warning set apart from the text.")
