from django.utils.translation import gettext_lazy as _
from wagtail import blocks

CELL_FEATURES = ["bold", "italic", "link", "document-link", "code"]


class TableBlock(blocks.StructBlock):
    """A table an editor can change cell by cell (rich text cannot hold tables).

    Imports put every ``<table>`` here; the rows are lists of cells, each a short rich text.
    """

    caption = blocks.CharBlock(
        required=False, max_length=250, help_text=_("Optional. Says what the table shows.")
    )
    header_row = blocks.BooleanBlock(
        required=False, default=True, label=_("The first row holds the column headings")
    )
    rows = blocks.ListBlock(
        blocks.ListBlock(
            blocks.RichTextBlock(features=CELL_FEATURES, required=False, label=_("Cell")),
            label=_("Cells"),
        ),
        min_num=1,
        label=_("Rows"),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        rows = list(value.get("rows") or [])
        has_header = bool(value.get("header_row")) and len(rows) > 1
        context["header"] = rows[0] if has_header else None
        context["body_rows"] = rows[1:] if has_header else rows
        return context

    class Meta:
        icon = "table"
        label = _("Table")
        template = "wagtail_kb/blocks/table.html"
        preview_template = "wagtail_kb/previews/block.html"
        preview_value = {
            "caption": "Plans at a glance",
            "header_row": True,
            "rows": [
                ["<p>Plan</p>", "<p>Price</p>"],
                ["<p>Solo</p>", "<p>Free</p>"],
                ["<p>Team</p>", "<p>6 € per person</p>"],
            ],
        }
        description = _("Rows and columns of short text, with an optional heading row.")
