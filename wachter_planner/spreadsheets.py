"""Cells for CSV and XLSX downloads (SPEC §5): text a spreadsheet cannot mistake for a formula,
and in XLSX, dates as dates and money as numbers."""

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

LIST_SEPARATOR = "; "
# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def escape_formula(value: str) -> str:
    """The text as a spreadsheet shows it, never runs it: one that would start a formula gets a
    leading apostrophe. A plain number such as -5.00 is left as it is."""
    if value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return f"'{value}"
    return value


def text_cell(value: Any) -> str:
    """A CSV cell: empty for null, true/false, lists joined with "; "."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(text_cell(item) for item in value)
    if isinstance(value, dict):
        return " ".join(text_cell(item) for item in value.values())
    return escape_formula(str(value))


def typed_cell(value: Any, kind: type | None) -> Any:
    """An XLSX cell: a value the API gives as text (`"42000000.00"`, `"2026-03-31"`) becomes
    the number or date its field (`kind`: Decimal, date or datetime) says it is."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | dict):
        return typed_cell(text_cell(value), None)
    if kind is Decimal:
        return Decimal(value)
    if kind is datetime.date:
        return datetime.date.fromisoformat(value)
    if kind is datetime.datetime:
        # Excel has no time zones: the time as it was in England.
        return timezone.localtime(datetime.datetime.fromisoformat(value)).replace(tzinfo=None)
    # XLSX cannot hold control characters at all; drop them rather than fail the download.
    return escape_formula(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def native_cell(value: Any) -> Any:
    """An XLSX cell from a Python value (as the admin reads it): dates, numbers and money as
    they are, everything else as text."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | Decimal):
        return value
    if value is None or isinstance(value, bool | int | float):
        return value
    return typed_cell(str(value), None)


def workbook(columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    """One sheet: a header row, then the rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
