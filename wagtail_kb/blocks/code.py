from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class CodeBlock(blocks.StructBlock):
    """Preformatted text (commands, configuration, code), shown as written."""

    language = blocks.CharBlock(
        required=False,
        max_length=30,
        validators=[RegexValidator(r"^[\w+#.-]*$", _("Letters, digits and + # . - only."))],
        help_text=_("Optional, e.g. 'python' or 'shell'."),
    )
    code = blocks.TextBlock(label=_("Code"))

    class Meta:
        icon = "code"
        label = _("Code")
        template = "wagtail_kb/blocks/code.html"
        preview_template = "wagtail_kb/previews/block.html"
        preview_value = {"language": "shell", "code": "larkspur sync --now\nlarkspur status"}
        description = _("Commands or code, in a fixed-width font, exactly as typed.")
