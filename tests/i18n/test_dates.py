"""Days reach readers as their language writes them, in the site's time zone."""

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.test import SimpleTestCase, override_settings
from django.utils import timezone, translation

DAY = Template("{% load wagtail_kb_tags %}{{ value|kb_day }}")
DJANGO = Template('{{ value|date:"DATE_FORMAT" }}')


class DayTests(SimpleTestCase):
    def render(self, template, value):
        return template.render(Context({"value": value}))

    def test_as_djangos_date_filter_writes_it_in_each_language(self):
        moments = [datetime(2026, 12, 1, 23, 30, tzinfo=UTC), date(2026, 3, 9)]
        for language in ("en", "de", "fr", "es"):
            for value in moments:
                with self.subTest(language=language, value=value), translation.override(language):
                    self.assertEqual(self.render(DAY, value), self.render(DJANGO, value))
        with translation.override("de"):
            self.assertEqual(self.render(DAY, date(2026, 3, 9)), "9. März 2026")
        with translation.override("en"):
            self.assertEqual(self.render(DAY, date(2026, 3, 9)), "March 9, 2026")

    @override_settings(TIME_ZONE="Pacific/Auckland")
    def test_the_day_is_the_current_time_zones(self):
        late = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # already 2 December in Auckland
        with translation.override("en"), timezone.override("Pacific/Auckland"):
            self.assertEqual(self.render(DAY, late), "Dec. 2, 2026")
            self.assertEqual(self.render(DAY, late), self.render(DJANGO, late))

    def test_a_changed_format_is_not_served_from_memory(self):
        day = date(2026, 3, 9)
        with translation.override("xx"):  # no locale formats: the DATE_FORMAT setting applies
            with override_settings(DATE_FORMAT="j.n.Y"):
                self.assertEqual(self.render(DAY, day), "9.3.2026")
            with override_settings(DATE_FORMAT="Y-m-d"):
                self.assertEqual(self.render(DAY, day), "2026-03-09")

    def test_nothing_for_no_day(self):
        self.assertEqual(self.render(DAY, None), "")
        self.assertEqual(self.render(DAY, ""), "")
