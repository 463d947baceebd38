"""The one export path of every report: CSV and XLSX that a spreadsheet never runs as formulas.

Readers write the comments and search terms the reports export, so an export must not turn
``=HYPERLINK(…)`` or ``+cmd|…`` into a live formula in the editor's spreadsheet (CSV/formula
injection). Two rules, for both formats:

- a text cell that starts with a formula trigger (``=``, ``+``, ``-``, ``@``, tab, carriage
  return or line feed), or whose first non-blank character is one, gets a leading apostrophe;
- every CSV field is quoted, so a ``;`` or ``,`` inside a value never starts a new field in a
  spreadsheet whose list separator differs from the file's (``x;=1+1;y`` stays one cell).

Numbers and dates are left as they are (they cannot hold a formula); XLSX cells holding text are
written as text cells. Control characters that XLSX cannot hold (a reader may paste any) become
U+FFFD instead of failing the whole export.
"""

import csv

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import Echo

FORMULA_SIGNS = ("=", "+", "-", "@")
FORMULA_TRIGGERS = (*FORMULA_SIGNS, "\t", "\r", "\n")


def neutralise_formula(value):
    """``value`` with a leading apostrophe when a spreadsheet could read it as a formula."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_TRIGGERS) or value.lstrip().startswith(FORMULA_SIGNS)
    ):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For a view with Wagtail's ``SpreadsheetExportMixin``: both rules above, both formats."""

    def preprocess_field_value(self, field, value, export_format):
        value = neutralise_formula(super().preprocess_field_value(field, value, export_format))
        if export_format == self.FORMAT_XLSX and isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        return value

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, quoting=csv.QUOTE_ALL)
        yield writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))
