import csv
import datetime
import io
from decimal import Decimal

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from wachter_planner.spreadsheets import text_cell, typed_cell, workbook

KIND_OF_FIELD = {
    serializers.DecimalField: Decimal,
    serializers.DateTimeField: datetime.datetime,
    serializers.DateField: datetime.date,
}


class SpreadsheetRenderer(BaseRenderer):
    """Any list as a spreadsheet (SPEC §5): one row per record, nested records flattened to
    `parent.field` columns, lists joined with "; ". An empty list still has its header row,
    from the view's serializer."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:  # 204 No Content
            return b""
        context = renderer_context or {}
        view = context.get("view")
        records = data.get("results", [data]) if isinstance(data, dict) else data
        rows = [flatten(record) for record in records or []]
        fields = dict(columns_of(view.get_serializer())) if hasattr(view, "get_serializer") else {}
        columns = list(dict.fromkeys(column for row in rows for column in row)) if rows else list(fields)
        response = context.get("response")
        name = getattr(view, "basename", None) or getattr(view, "spreadsheet_name", None)
        if response is not None and name:
            response["Content-Disposition"] = f'attachment; filename="{name}.{self.format}"'
        return self.write(columns, rows, fields, name or "export")

    def write(self, columns, rows, fields, name):
        raise NotImplementedError


class CSVRenderer(SpreadsheetRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def write(self, columns, rows, fields, name):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if columns:
            writer.writerow(columns)
        writer.writerows([text_cell(row.get(column)) for column in columns] for row in rows)
        return out.getvalue().encode(self.charset)


class XLSXRenderer(SpreadsheetRenderer):
    """The same columns as the CSV, on one sheet, with dates as dates and money as numbers."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def write(self, columns, rows, fields, name):
        kinds = [kind_of(fields.get(column)) for column in columns]
        typed_rows = (
            [typed_cell(row.get(column), kind) for column, kind in zip(columns, kinds, strict=True)]
            for row in rows
        )
        return workbook(columns, typed_rows, title=name)


SPREADSHEET_FORMATS = frozenset({CSVRenderer.format, XLSXRenderer.format})


def kind_of(field):
    for field_class, kind in KIND_OF_FIELD.items():
        if isinstance(field, field_class):
            return kind
    return None


def columns_of(serializer, prefix=""):
    """(column, field) for every column a record of this serializer flattens to."""
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            yield from columns_of(field, prefix=f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", field


def flatten(record, prefix=""):
    row = {}
    for key, value in record.items():
        if isinstance(value, dict):
            row.update(flatten(value, prefix=f"{prefix}{key}."))
        else:
            row[f"{prefix}{key}"] = value
    return row
