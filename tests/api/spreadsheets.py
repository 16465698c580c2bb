"""Reading the API's spreadsheet answers in tests."""

import io

from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_xlsx(response):
    """The rows of a one-sheet XLSX answer, header first, as tuples of typed values."""
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 1
    return list(book.active.iter_rows(values_only=True))
