"""The baseline of the benchmarks: a plain Wagtail page with a StreamField of stock blocks.

Nothing of wagtail-kb is used here. It is what a site would write in ten minutes following
Wagtail's tutorial: headings, rich text, bulleted and numbered lists, images and documents,
rendered by one template that loops over the blocks.
"""

from django.db import models
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page


class BarePage(Page):
    body = StreamField(
        [
            ("heading", blocks.CharBlock()),
            ("paragraph", blocks.RichTextBlock()),
            ("bullets", blocks.ListBlock(blocks.RichTextBlock())),
            ("numbered", blocks.ListBlock(blocks.RichTextBlock())),
            ("image", ImageBlock()),
            ("document", DocumentChooserBlock()),
        ],
        blank=True,
    )

    template = "bareapp/bare_page.html"


class BareVote(models.Model):
    """The row the bare view of benchmark 3 inserts: what one vote costs without any rules."""

    page_id = models.IntegerField()
    stars = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
