"""Workforce returns through the API (SPEC §8): the template, a trust's export, and the import."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from trusts.models import Trust
from wachter_planner.api.viewsets import ScopedViewSet

from ..filtersets import WorkforceReturnFilterSet
from ..models import WorkforceReturn
from ..returns import files
from ..returns.parsing import MAX_BYTES, Error, ReturnRefused
from ..returns.service import ReturnForbidden, do_import_return
from ..selectors import sees_people_of


class WorkforceReturnSerializer(serializers.ModelSerializer):
    trusts: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="ods_code", help_text="ODS codes of the trusts returned."
    )
    submitted_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        read_only=True, slug_field="username", help_text="Who imported it (null for a command)."
    )

    class Meta:
        model = WorkforceReturn
        fields = [
            "id",
            "trusts",
            "submitted_by",
            "submitted_at",
            "file_name",
            "sha256",
            "rows",
            "created",
            "updated",
            "deleted",
            "unchanged",
        ]
        extra_kwargs = {
            "id": {"help_text": "The return's id (null for a dry run)."},
            "submitted_at": {"help_text": "When it was imported."},
            "file_name": {"help_text": "The name of the file uploaded."},
            "sha256": {"help_text": "SHA-256 digest of the file, to tell one file from another."},
            "rows": {"help_text": "Data rows in the file."},
            "created": {"help_text": "Posts created."},
            "updated": {"help_text": "Posts updated."},
            "deleted": {"help_text": "Posts deleted: the trust's posts missing from the file."},
            "unchanged": {"help_text": "Posts the file matched as they were."},
        }


class ReturnOptionsSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(default=False, help_text="Check and count, but write nothing.")


class ReturnUploadSerializer(ReturnOptionsSerializer):
    file = serializers.FileField(help_text="The return, CSV (UTF-8) or XLSX, at most 10 MB and 50,000 rows.")


class DownloadRenderer(JSONRenderer):
    """Negotiates `?format=csv|xlsx` for the files; a refusal is still JSON."""

    media_type = files.CSV_TYPE
    format = "csv"


class XLSXDownloadRenderer(DownloadRenderer):
    media_type = files.XLSX_TYPE
    format = "xlsx"


FORMAT_PARAMETER = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["csv", "xlsx"], description="csv (default) or xlsx."
)
ERRORS_RESPONSE = inline_serializer(
    "ReturnErrors",
    {
        "errors": serializers.ListField(
            child=serializers.DictField(), help_text="{row, column, message} each."
        )
    },
)


class WorkforceReturnViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Workforce returns: one trust's workforce as a table, loaded in one all-or-nothing step."""

    queryset = WorkforceReturn.objects.select_related("submitted_by").prefetch_related("trusts")
    serializer_class = WorkforceReturnSerializer
    filterset_class = WorkforceReturnFilterSet
    ordering_fields = ["id", "submitted_at", "rows"]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import a workforce return",
        request={"multipart/form-data": ReturnUploadSerializer},
        responses={201: WorkforceReturnSerializer, 200: WorkforceReturnSerializer, 400: ERRORS_RESPONSE},
    )
    def create(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            return refused([Error(None, "file", "Attach the return as the multipart field 'file'.")])
        if upload.size > MAX_BYTES:
            return refused([Error(None, "file", f"The file is over {MAX_BYTES // (1024 * 1024)} MB.")])
        asked = ReturnOptionsSerializer(data={"dry_run": request.data.get("dry_run", False)})
        if not asked.is_valid():
            return refused([Error(None, "dry_run", "dry_run must be true or false.")])
        dry_run = asked.validated_data["dry_run"]
        try:
            outcome = do_import_return(upload.read(), upload.name, request.user, dry_run=dry_run)
        except ReturnRefused as refusal:
            return refused(refusal.errors)
        except ReturnForbidden as forbidden:
            raise PermissionDenied(str(forbidden)) from forbidden
        if outcome.record is None:
            counts = outcome.counts.__dict__
            data = {
                "id": None,
                "trusts": outcome.trusts,
                "submitted_by": request.user.username,
                "submitted_at": None,
                "file_name": upload.name,
                "sha256": None,
                **counts,
            }
            return Response(data, status=status.HTTP_200_OK)
        return Response(self.get_serializer(outcome.record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The return's template", parameters=[FORMAT_PARAMETER], responses={200: OpenApiTypes.BINARY}
    )
    @action(
        detail=False,
        renderer_classes=[DownloadRenderer, XLSXDownloadRenderer],
        pagination_class=None,
        filterset_class=None,
    )
    def template(self, request):
        return download(request, [], "workforce-return-template")

    @extend_schema(
        summary="A trust's workforce as a return",
        parameters=[
            FORMAT_PARAMETER,
            OpenApiParameter("trust", OpenApiTypes.STR, required=True, description="ODS code."),
        ],
        responses={200: OpenApiTypes.BINARY},
    )
    @action(
        detail=False,
        renderer_classes=[DownloadRenderer, XLSXDownloadRenderer],
        pagination_class=None,
        filterset_class=None,
    )
    def export(self, request):
        code = request.query_params.get("trust")
        if not code:
            raise ValidationError({"trust": ["Name the trust to export: ?trust=ODS code."]})
        trust = get_object_or_404(Trust, ods_code=code)
        if not sees_people_of(request.user, trust):
            raise NotFound(f"No trust {code} whose workforce you may read.")
        return download(request, files.export_rows(trust), f"workforce-{trust.ods_code}")


def refused(errors: list[Error]) -> Response:
    return Response({"errors": [error.as_dict() for error in errors]}, status=status.HTTP_400_BAD_REQUEST)


def download(request, rows, name: str) -> HttpResponse:
    if request.accepted_renderer.format == "xlsx":
        response = HttpResponse(files.as_xlsx(rows), content_type=files.XLSX_TYPE)
        extension = "xlsx"
    else:
        response = HttpResponse(files.as_csv(rows), content_type=f"{files.CSV_TYPE}; charset=utf-8")
        extension = "csv"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response
