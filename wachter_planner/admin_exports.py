"""Admin actions on every changelist: the selected rows as CSV or XLSX, with the changelist's
columns (`list_display`)."""

import csv
import io

from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.http import HttpResponse
from django.utils.text import capfirst

from .spreadsheets import native_cell, text_cell, workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns_of(modeladmin, request):
    return [name for name in modeladmin.get_list_display(request) if name != "action_checkbox"]


def rows_of(modeladmin, request, queryset):
    names = columns_of(modeladmin, request)
    header = [capfirst(str(label_for_field(name, queryset.model, modeladmin))) for name in names]
    rows = ([lookup_field(name, record, modeladmin)[2] for name in names] for record in queryset)
    return header, rows


def download(content, content_type, modeladmin, extension):
    response = HttpResponse(content, content_type=content_type)
    filename = f"{modeladmin.model._meta.model_name}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.action(description="Export selected %(verbose_name_plural)s as CSV")
def export_csv(modeladmin, request, queryset):
    header, rows = rows_of(modeladmin, request, queryset)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([text_cell(value) for value in row] for row in rows)
    return download(out.getvalue(), "text/csv; charset=utf-8", modeladmin, "csv")


@admin.action(description="Export selected %(verbose_name_plural)s as XLSX")
def export_xlsx(modeladmin, request, queryset):
    header, rows = rows_of(modeladmin, request, queryset)
    typed = ([native_cell(value) for value in row] for row in rows)
    title = str(modeladmin.model._meta.verbose_name_plural)
    return download(workbook(header, typed, title=title), XLSX_TYPE, modeladmin, "xlsx")
