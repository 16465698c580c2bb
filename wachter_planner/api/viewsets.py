from collections.abc import Mapping

from django.db import transaction
from django.db.models import ProtectedError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.relations import RelatedField
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.viewsets import GenericViewSet

from trusts.access import Access
from trusts.models import Trust

from ..history import history_of
from .exceptions import Conflict, dependants_message
from .permissions import RolePermission
from .renderers import SPREADSHEET_FORMATS, CSVRenderer, XLSXRenderer
from .serializers import HistoryEntrySerializer

OUT_OF_SCOPE = "You may only write records of your own trust(s)."


class ScopedViewSet(GenericViewSet):
    """Every API viewset's base: the queryset is cut to what the requesting user can see
    (`restrict`, SPEC §1) before anything else reads it, so no endpoint can forget to; a record
    out of sight is a 404. Lists are paginated, filtered, ordered, and also served as CSV and XLSX."""

    permission_classes = [RolePermission]
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer, XLSXRenderer]  # type: ignore[list-item]

    @property
    def writer_roles(self):
        return self.queryset.writer_roles

    def get_queryset(self):
        # What the user can see; whether they may change or delete what they see is the
        # permission's question (403), asked of the record found.
        return super().get_queryset().restrict(self.request.user, "view")

    def paginate_queryset(self, queryset):
        # A spreadsheet is the whole (filtered) list, not one page of it.
        if self.request.accepted_renderer.format in SPREADSHEET_FORMATS:
            return None
        return super().paginate_queryset(queryset)


class ScopedModelViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Read and write one model. A write must leave its record within the writer's reach (a
    trust editor cannot create or move a record to another trust: 403, nothing saved), and a
    record that others depend on is not deleted (409, naming them).

    Scope is decided before the fields are validated: a write whose owner (the trust, or the
    record of a trust, named by the queryset's `owner_fields`) is out of the writer's reach is a
    403, even when that owner is a record they cannot see, which field validation would call
    unknown (a 400)."""

    def create(self, request, *args, **kwargs):
        self.refuse_references_out_of_reach(request.data)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.refuse_references_out_of_reach(request.data)
        return super().update(request, *args, **kwargs)

    def refuse_references_out_of_reach(self, data):
        access = Access.of(self.request.user)
        if access.trust_ids is None or not isinstance(data, Mapping):
            return
        fields = self.get_serializer().fields
        for name in self.queryset.owner_fields:
            field = fields[name]
            if name not in data or not isinstance(field, RelatedField):
                continue
            model = field.queryset.model
            field.queryset = model.objects.all()  # any record, in sight or not
            try:
                named = field.to_internal_value(data[name])
            except ValidationError:
                continue  # malformed or unknown: the field's validation says so
            if not within_reach(named, access, self.request.user):
                raise PermissionDenied(OUT_OF_SCOPE)

    def perform_create(self, serializer):
        self.save_within_reach(serializer)

    def perform_update(self, serializer):
        self.save_within_reach(serializer)

    def save_within_reach(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            if (
                not type(instance)
                .objects.restrict(self.request.user, "change")
                .filter(pk=instance.pk)
                .exists()
            ):
                raise PermissionDenied(OUT_OF_SCOPE)

    @extend_schema(
        summary="The record's audit history, newest first", responses=HistoryEntrySerializer(many=True)
    )
    @action(detail=True, serializer_class=HistoryEntrySerializer)
    def history(self, request, *args, **kwargs):
        """Who changed the record, when, from where, and what changed, field by field."""
        entries = history_of(self.get_object())
        page = self.paginate_queryset(entries)
        if page is None:
            return Response(HistoryEntrySerializer(entries, many=True).data)
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError as refused:
            raise Conflict(dependants_message(instance, refused.protected_objects)) from refused


def within_reach(record, access, user):
    if isinstance(record, Trust):
        return record.pk in access.trust_ids
    return type(record).objects.restrict(user).filter(pk=record.pk).exists()
