"""Cells of the spreadsheets the admin exports (the audit trail, the statistics, the
routing rules): text a spreadsheet shows, never a formula it runs.

It lives in the toolkit layer so every exporter, whichever app it is in, uses this one
function (OWASP, "CSV Injection").
"""

from django.utils.encoding import force_str

# A cell starting with one of these is read as a formula (or as the start of one) by
# Excel, LibreOffice and Google Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def cell_neutralise(value):
    """The value as a spreadsheet cell: text that a spreadsheet could take for a formula
    gets a leading «'»; numbers, dates and None are kept as they are. Objects become
    their text, so this also serves Wagtail's `custom_field_preprocess`."""
    value = force_str(value, strings_only=True)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return TEXT_MARK + value
    return value
