"""Reading a workforce return: CSV or XLSX, told from the content, into rows of text by column
(SPEC §8). Every problem is collected as an `Error`; a file-level one has no row."""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .columns import NAMES, REQUIRED

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
ZIP_SIGNATURE = b"PK\x03\x04"
# Text never holds these; a file that does is some other binary format (PDF, image, old XLS).
BINARY_BYTES = frozenset(range(9)) | frozenset(range(14, 32))
ESCAPED_STARTS = ("=", "+", "-", "@")
NOT_A_RETURN = "The file is neither CSV nor XLSX: save the workforce return as CSV (UTF-8) or XLSX."


@dataclass(frozen=True)
class Error:
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = [f"row {self.row}" if self.row is not None else "file"]
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class ReturnRefused(Exception):
    """The return was not imported; `errors` says every reason."""

    def __init__(self, errors: list[Error]):
        super().__init__("; ".join(str(error) for error in errors[:5]))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    """One data row: its number as the spreadsheet shows it, and its cells by column."""

    number: int
    cells: dict[str, str]


def file_error(message: str, column: str | None = None) -> ReturnRefused:
    return ReturnRefused([Error(None, column, message)])


def parse(content: bytes) -> list[Row]:
    """The data rows of a return, or ReturnRefused naming what is wrong with the file."""
    if len(content) > MAX_BYTES:
        raise file_error(f"The file is over {MAX_BYTES // (1024 * 1024)} MB: split it into smaller returns.")
    if content.startswith(ZIP_SIGNATURE):
        records = xlsx_records(content)
    else:
        records = csv_records(content)
    return read_table(records)


def csv_records(content: bytes) -> Iterator[tuple[int, list[object]]]:
    if BINARY_BYTES.intersection(content[:4096]):
        raise file_error(NOT_A_RETURN)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise file_error(
            f"The file is not in UTF-8 (byte {error.start + 1} is not): save it as 'CSV UTF-8'."
        ) from error
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
    except csv.Error as error:
        raise file_error(f"The file is not valid CSV: {error}.") from error


def xlsx_records(content: bytes) -> Iterator[tuple[int, list[object]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise file_error(NOT_A_RETURN) from error
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield number, [xlsx_value(cell) for cell in cells]
    finally:
        workbook.close()


class Formula(str):
    """An XLSX cell holding a formula rather than a value."""


def xlsx_value(cell) -> object:
    if getattr(cell, "data_type", None) == "f":
        return Formula(cell.value)
    return cell.value


def text_of(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # Undo `escape_formula`, so an exported "'=name" comes back as the "=name" it was.
    if text.startswith("'") and text[1:2] in ESCAPED_STARTS:
        return text[1:]
    return text


def read_table(records: Iterable[tuple[int, list[object]]]) -> list[Row]:
    records = iter(records)
    header = next(((n, cells) for n, cells in records if any(text_of(cell) for cell in cells)), None)
    if header is None:
        raise file_error("The file is empty: the first row must name the columns.")
    positions = columns_of(header[1])
    rows: list[Row] = []
    errors: list[Error] = []
    for number, cells in records:
        texts = [text_of(cell) for cell in cells]
        if not any(texts):
            continue
        if len(rows) == MAX_ROWS:
            raise file_error(f"The file has more than {MAX_ROWS:,} rows: split it into smaller returns.")
        row = {name: texts[position] if position < len(texts) else "" for name, position in positions.items()}
        errors.extend(
            Error(number, name, "A formula is not accepted here: type the value itself.")
            for name, position in positions.items()
            if position < len(cells) and isinstance(cells[position], Formula)
        )
        if any(texts[len(header[1]) :]):
            errors.append(Error(number, None, "This row has more cells than the header names columns."))
        rows.append(Row(number, row))
    if not rows:
        raise file_error("The file has a header but no data rows.")
    if errors:
        raise ReturnRefused(errors)
    return rows


def columns_of(header: list[object]) -> dict[str, int]:
    """Each known column's position, found by name (case and surrounding spaces ignored)."""
    positions: dict[str, int] = {}
    errors = []
    for position, cell in enumerate(header):
        name = text_of(cell).lower()
        if not name:
            continue
        if name in positions:
            errors.append(Error(None, name, f"The column '{name}' appears more than once."))
        elif name not in NAMES:
            errors.append(Error(None, name, f"Unknown column '{name}': the columns are {', '.join(NAMES)}."))
        else:
            positions[name] = position
    errors.extend(
        Error(None, name, f"The required column '{name}' is missing.")
        for name in REQUIRED
        if name not in positions
    )
    if errors:
        raise ReturnRefused(errors)
    return positions
