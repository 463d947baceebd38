"""Filters the reports share (django-filter, as Wagtail's own listings use)."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter, ModelChoiceFilter
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import DateRangeField, ModelChoiceField
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Locale

from ..models import KBArticlePage, KBTopicPage


class ChoiceByIdField(ModelChoiceField):
    """A model choice that also refuses an id too large for the database (SQLite's driver
    raises ``OverflowError`` for ``?kb=99999999999999999999``)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class TopicChoiceField(ChoiceByIdField):
    """Topics in tree order, sub-topics indented under their parents."""

    @cached_property
    def top_depth(self):
        return self.queryset.aggregate(top=Min("depth"))["top"] or 0

    def label_from_instance(self, topic):
        return "— " * (topic.depth - self.top_depth) + topic.title


class ChoiceByIdFilter(ModelChoiceFilter):
    field_class = ChoiceByIdField


class TopicFilter(ChoiceByIdFilter):
    """Rows whose article lies under the chosen topic; ``article_path`` leads to the article."""

    field_class = TopicChoiceField

    def __init__(self, article_path="", **kwargs):
        kwargs.setdefault("label", _("Topic"))
        kwargs.setdefault("queryset", KBTopicPage.objects.order_by("path"))
        super().__init__(**kwargs)
        self.article_path = article_path

    def filter(self, queryset, topic):
        if topic in EMPTY_VALUES:
            return queryset
        return queryset.filter(
            **{
                f"{self.article_path}path__startswith": topic.path,
                f"{self.article_path}depth__gt": topic.depth,
            }
        )


class ArticleChooser(AdminPageChooser):
    """Wagtail's page chooser for articles; a malformed id shows as no choice.

    (Wagtail's widget looks the bound value up as it is, and ``?article=x`` would fail there
    before the form could say the value is not valid.)
    """

    def __init__(self, **kwargs):
        super().__init__(target_models=[KBArticlePage], **kwargs)

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, OverflowError, ValidationError):
            return None


class DayRangeField(DateRangeField):
    """From one day to another, refusing a day whose moment cannot be stored.

    The range runs from the first day's midnight to the last day's end in the site's time zone;
    the database stores UTC, and 1 January of year 1 east of UTC (or 31 December 9999 west of it)
    has no UTC time.
    """

    def compress(self, data_list):
        days = super().compress(data_list)
        for moment in (days.start, days.stop) if days else ():
            try:
                if moment is not None:
                    moment.astimezone(datetime.UTC)
            except OverflowError:
                raise ValidationError(
                    _("Choose a day between the years 1 and 9999."), code="out_of_range"
                ) from None
        return days


class DayRangeFilter(DateFromToRangeFilter):
    """Rows between two days (both included), chosen with Wagtail's date range picker."""

    field_class = DayRangeField

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateRangePickerWidget)
        super().__init__(**kwargs)


class LocaleChoiceField(ChoiceByIdField):
    def label_from_instance(self, locale):
        return locale.get_display_name() or locale.language_code


class LocaleFilter(ChoiceByIdFilter):
    """Rows of one language (Wagtail's ``Locale``); ``locale_path`` leads to the locale."""

    field_class = LocaleChoiceField

    def __init__(self, locale_path="locale", **kwargs):
        kwargs.setdefault("label", _("Language"))
        kwargs.setdefault("queryset", Locale.objects.order_by("language_code"))
        kwargs.setdefault("field_name", locale_path)
        super().__init__(**kwargs)


def several_locales():
    """Whether the site has more than one locale (the reports then show a language column)."""
    return Locale.objects.count() > 1
