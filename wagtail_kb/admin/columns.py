"""Table columns the reports share, on top of Wagtail's ``wagtail.admin.ui.tables``."""

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.models import Locale


class NumberColumn(Column):
    """A number formatted for the reader's locale; ``decimals`` fixes the decimal places.

    (Wagtail 8 has its own ``NumberColumn``; Wagtail 7.0 does not.)
    """

    empty_value_display = "–"

    def __init__(self, name, decimals=None, suffix="", **kwargs):
        kwargs.setdefault("classname", "kb-num")
        super().__init__(name, **kwargs)
        self.decimals = decimals
        self.suffix = suffix

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = self.get_value(instance)
        if value is None:
            context["value"] = self.empty_value_display
        else:
            if self.decimals is not None:
                value = round(value, self.decimals)
            value = number_format(value, self.decimals, use_l10n=True, force_grouping=True)
            context["value"] = value + self.suffix
        return context


class DayColumn(Column):
    """A day (a ``date``, not a moment: no "8 hours ago"), in the locale's short format."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return date_format(value, "SHORT_DATE_FORMAT") if value else ""


class TemplateColumn(Column):
    """A column drawn by its own cell template (``template_name``), given the row's value."""

    def __init__(self, name, template_name, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name


class SelectColumn(BaseColumn):
    """A checkbox per row (``name="ids"``) that belongs to the bulk form ``form_id``."""

    cell_template_name = "wagtail_kb/admin/cells/select.html"
    header_template_name = "wagtail_kb/admin/cells/select_header.html"

    def __init__(self, name, form_id, **kwargs):
        kwargs.setdefault("classname", "kb-select")
        super().__init__(name, **kwargs)
        self.form_id = form_id

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["form_id"] = self.form_id
        return context


class ArticleColumn(TitleColumn):
    """An article's title, linking to its edit view and marked when not live.

    ``article`` gives a row's article (the row itself by default).
    """

    cell_template_name = "wagtail_kb/admin/cells/article.html"

    def __init__(self, name, article=None, **kwargs):
        self.article = article or (lambda row: row)
        super().__init__(name, get_url=self.edit_url, **kwargs)

    def edit_url(self, row):
        return reverse("wagtailadmin_pages:edit", args=[self.article(row).pk])

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["article"] = self.article(instance)
        return context


class LocaleColumn(Column):
    """A row's language, by name ("German"); ``locale`` gives the row's ``Locale`` or its
    language code."""

    def __init__(self, name="locale", locale=None, **kwargs):
        kwargs.setdefault("label", _("Language"))
        super().__init__(name, **kwargs)
        self.locale = locale or (lambda row: row.locale)

    def get_value(self, instance):
        locale = self.locale(instance)
        if not locale:
            return ""
        if isinstance(locale, str):
            locale = Locale(language_code=locale)
        return locale.get_display_name() or locale.language_code
