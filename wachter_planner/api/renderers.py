import csv
import io

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

LIST_SEPARATOR = "; "
# A cell starting with one of these is a formula to a spreadsheet; quote it so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CSVRenderer(BaseRenderer):
    """Any list as CSV (`?format=csv`): one row per record, nested records flattened to
    `parent.field` columns, lists joined with "; " (SPEC §5)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:  # 204 No Content
            return b""
        records = data.get("results", [data]) if isinstance(data, dict) else data
        rows = [flatten(record) for record in records or []]
        view = (renderer_context or {}).get("view")
        if rows:
            columns = list(dict.fromkeys(column for row in rows for column in row))
        else:  # an empty list still has its header row
            columns = list(columns_of(view.get_serializer())) if view is not None else []
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
        if columns:
            writer.writeheader()
        writer.writerows(rows)
        response = (renderer_context or {}).get("response")
        if response is not None and getattr(view, "basename", None):
            response["Content-Disposition"] = f'attachment; filename="{view.basename}.csv"'
        return out.getvalue().encode(self.charset)


def columns_of(serializer, prefix=""):
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            yield from columns_of(field, prefix=f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}"


def flatten(record, prefix=""):
    row = {}
    for key, value in record.items():
        if isinstance(value, dict):
            row.update(flatten(value, prefix=f"{prefix}{key}."))
        else:
            row[f"{prefix}{key}"] = cell(value)
    return row


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell(item) for item in value)
    if isinstance(value, dict):
        return " ".join(cell(item) for item in value.values())
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
