from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from trusts.access import Role
from trusts.api.views import ODS_CODE_IN_PATH
from trusts.models import Trust
from wachter_planner.api.permissions import RolePermission
from wachter_planner.api.viewsets import ScopedModelViewSet, ScopedViewSet

from ..filtersets import (
    CohortFilterSet,
    ComplianceFilterSet,
    CredentialFilterSet,
    EnrolmentFilterSet,
    PersonFilterSet,
    PolicyFilterSet,
    PostFilterSet,
)
from ..models import Cohort, Credential, Enrolment, Person, Policy, Post
from ..recompute import request_recompute
from ..selectors import compliance_rows, history_rows
from . import examples
from .serializers import (
    CohortSerializer,
    ComplianceDetailSerializer,
    ComplianceSerializer,
    CredentialSerializer,
    EnrolmentSerializer,
    PersonSerializer,
    PolicySerializer,
    PostSerializer,
    RecomputeAcceptedSerializer,
    RecomputeRequestSerializer,
)


class PersonViewSet(ScopedModelViewSet):
    """People in, or training for, clinical-informatics roles, with their credentials."""

    queryset = Person.objects.select_related("employing_trust").prefetch_related("credentials")
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["id", "family_name", "given_name", "profession"]


class CredentialViewSet(ScopedModelViewSet):
    """Informatics credentials; one awarded on or before a date makes its holder trained."""

    queryset = Credential.objects.all()
    serializer_class = CredentialSerializer
    filterset_class = CredentialFilterSet
    ordering_fields = ["id", "awarded_on", "kind"]


class PostViewSet(ScopedModelViewSet):
    """Clinical-informatics and IT leadership posts at trusts, filled or vacant."""

    queryset = Post.objects.select_related("trust")
    serializer_class = PostSerializer
    filterset_class = PostFilterSet
    ordering_fields = ["id", "start_date", "end_date", "time_fraction", "role", "budget_authority_gbp"]


class CohortViewSet(ScopedModelViewSet):
    """NHS Digital Academy cohorts."""

    queryset = Cohort.objects.all()
    serializer_class = CohortSerializer
    filterset_class = CohortFilterSet
    ordering_fields = ["id", "name", "start_date", "graduation_date", "places", "cost_per_place_gbp"]


class EnrolmentViewSet(ScopedModelViewSet):
    """Places on Academy cohorts, each sponsored by a trust."""

    queryset = Enrolment.objects.select_related("sponsoring_trust")
    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilterSet
    ordering_fields = ["id", "status"]


class PolicyViewSet(ScopedModelViewSet):
    """The target rules, versioned; `?active=true` gives the one in force."""

    queryset = Policy.objects.all()
    serializer_class = PolicySerializer
    filterset_class = PolicyFilterSet
    ordering_fields = ["id", "code"]


@extend_schema(parameters=[ODS_CODE_IN_PATH])
@extend_schema_view(
    list=extend_schema(
        summary="Every active trust's current result",
        examples=examples.COMPLIANCE_LISTED,
    ),
    retrieve=extend_schema(
        summary="One trust's current result and its history",
        examples=[examples.COMPLIANCE_DETAIL],
    ),
)
class ComplianceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Stored gap-to-target results (SPEC §3), one per active trust, read straight from the
    table the recompute writes: a trust never computed shows `stale: true` and nulls."""

    queryset = Trust.objects.active()
    serializer_class = ComplianceSerializer
    filterset_class = ComplianceFilterSet
    lookup_field = "ods_code"
    ordering = ["trust_name"]
    ordering_fields = [
        "ods_code",
        "trust_name",
        "region",
        "trust_type",
        "ccio_time_fraction",
        "team_count",
        "team_target",
        "team_gap",
        "pipeline_count",
        "projected_team_count",
        "projected_compliance_date",
        "cost_to_close_gbp",
        "computed_at",
    ]

    def get_queryset(self):
        return compliance_rows(super().get_queryset())

    def get_serializer_class(self):
        return ComplianceDetailSerializer if self.action == "retrieve" else ComplianceSerializer

    def retrieve(self, request, *args, **kwargs):
        row = self.get_object()
        row["history"] = list(history_rows(row["id"]))
        return Response(self.get_serializer(row).data)


class ComplianceRecomputeView(GenericAPIView):
    """Ask for results to be recomputed now: the trusts named, or every active trust."""

    permission_classes = [RolePermission]
    writer_roles = frozenset({Role.NHSE_ANALYST})
    serializer_class = RecomputeRequestSerializer

    @extend_schema(
        summary="Recompute results now",
        responses={202: RecomputeAcceptedSerializer},
        examples=[examples.RECOMPUTE_REQUEST, examples.RECOMPUTE_ACCEPTED],
    )
    def post(self, request):
        asked = self.get_serializer(data=request.data)
        asked.is_valid(raise_exception=True)
        task_id = request_recompute(asked.validated_data.get("trusts"))
        return Response({"task_id": task_id}, status=status.HTTP_202_ACCEPTED)
