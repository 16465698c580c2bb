"""The template and the export of a workforce return, as CSV or XLSX (SPEC §8). An export
imported unchanged matches every post as it is, so it writes nothing."""

import csv
import io
from collections.abc import Iterable
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from trusts.models import Trust
from wachter_planner.spreadsheets import escape_formula

from ..models import Post
from .columns import COLUMNS, NAMES

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
# Rows of an XLSX return that offer the drop-down lists, beyond those already filled.
ROWS_TO_FILL = 500


def export_rows(trust: Trust) -> list[list[object]]:
    """Every post of the trust (ended ones too: a return is the whole snapshot): 2 queries."""
    posts = (
        Post.objects.filter(trust=trust)
        .select_related("person__employing_trust")
        .prefetch_related("person__credentials")
        .order_by("role", "start_date", "id")
    )
    return [export_row(trust, post) for post in posts]


def export_row(trust: Trust, post: Post) -> list[object]:
    person = post.person
    values: dict[str, object] = {
        "trust": trust.ods_code,
        "role": post.role,
        "time_fraction": post.time_fraction,
        "reports_to": post.reports_to,
        "start_date": post.start_date,
        "end_date": post.end_date,
        "budget_authority_gbp": post.budget_authority_gbp,
    }
    if person is not None:
        values |= {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "profession": person.profession,
            "registration_body": person.registration_body,
            "registration_number": person.registration_number,
            "employing_trust": person.employing_trust.ods_code,
            "credentials": "; ".join(
                f"{credential.kind}:{credential.awarded_on:%Y-%m-%d}"
                for credential in person.credentials.all()
            ),
        }
    return [values.get(name) for name in NAMES]


def as_csv(rows: Iterable[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(NAMES)
    for row in rows:
        writer.writerow(["" if value is None else escape_formula(csv_text(value)) for value in row])
    return out.getvalue().encode("utf-8")


def csv_text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def as_xlsx(rows: list[list[object]]) -> bytes:
    """The return on its first sheet (dates as date cells, numbers as numbers, drop-down lists
    on the coded columns), a sheet describing every column, and the lists themselves."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Workforce"
    sheet.append(NAMES)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([escape_formula(value) if isinstance(value, str) else value for value in row])
    last_row = len(rows) + 1 + ROWS_TO_FILL
    lists = workbook.create_sheet("Lists")
    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(14, len(column.name) + 4)
        if column.is_date:
            for (cell,) in sheet.iter_rows(
                min_row=2, max_row=len(rows) + 1, min_col=position, max_col=position
            ):
                cell.number_format = DATE_FORMAT
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
        if column.choices and column.name != "credentials":
            add_drop_down(sheet, lists, column, letter, last_row)
    lists.sheet_state = "hidden"
    describe_columns(workbook.create_sheet("Columns", index=1))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def add_drop_down(sheet, lists, column, letter: str, last_row: int) -> None:
    lists.cell(row=1, column=lists.max_column + 1 if lists["A1"].value else 1, value=column.name)
    list_column = lists.max_column
    for offset, choice in enumerate(column.choices, start=2):
        lists.cell(row=offset, column=list_column, value=choice)
    list_letter = get_column_letter(list_column)
    validation = DataValidation(
        type="list",
        formula1=f"Lists!${list_letter}$2:${list_letter}${len(column.choices) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=f"Not a {column.name}",
        error=f"Choose one of the {column.name} values listed on the Columns sheet.",
    )
    validation.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(validation)


def describe_columns(sheet) -> None:
    sheet.append(["column", "required", "meaning", "allowed values"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        sheet.append(
            [column.name, "yes" if column.required else "no", column.meaning, ", ".join(column.choices)]
        )
    sheet.column_dimensions["C"].width = 90
    sheet.column_dimensions["D"].width = 60
