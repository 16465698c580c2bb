"""Workforce returns in the admin: the record of each import, and the same upload as the
editors' page."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path

from ..models import WorkforceReturn
from .forms import ReturnUploadForm
from .parsing import ReturnRefused
from .service import ReturnForbidden, do_import_return


@admin.register(WorkforceReturn)
class WorkforceReturnAdmin(admin.ModelAdmin):
    """Returns are written by imports only; an operator reads them, or uploads a new one."""

    list_display = [
        "submitted_at",
        "file_name",
        "submitted_by",
        "rows",
        "created",
        "updated",
        "deleted",
        "unchanged",
    ]
    list_select_related = ["submitted_by"]
    raw_id_fields = ["submitted_by", "trusts"]
    list_filter = ["trusts__region"]
    search_fields = ["file_name", "trusts__ods_code", "submitted_by__username", "sha256"]
    date_hierarchy = "submitted_at"
    change_list_template = "admin/workforce/workforcereturn/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload)
        return [path("upload/", upload, name="workforce_workforcereturn_upload"), *super().get_urls()]

    def upload(self, request):
        form = ReturnUploadForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": "Upload a workforce return",
        }
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                context["outcome"] = do_import_return(
                    upload.read(), upload.name, request.user, dry_run=form.cleaned_data["dry_run"]
                )
            except ReturnRefused as refused:
                context["errors"] = refused.errors
            except ReturnForbidden as forbidden:
                context["forbidden"] = str(forbidden)
        return TemplateResponse(request, "admin/workforce/workforcereturn/upload.html", context)
