from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from trusts.access import Role
from trusts.api.views import ODS_CODE_IN_PATH
from trusts.models import Trust
from wachter_planner.api.ordering import NullsLastOrderingFilter
from wachter_planner.api.permissions import RolePermission
from wachter_planner.api.viewsets import ScopedModelViewSet, ScopedViewSet

from ..figures import order_rows
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
from ..recompute import load_policy, request_recompute
from ..selectors import compliance_rows, history_rows
from ..timeline import Records, peers
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
from .timeline import AS_OF_PARAMETERS, AsOfQuerySerializer, PeersSerializer


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
        summary="Every active trust's current result, or every trust's on a date or under a policy",
        parameters=AS_OF_PARAMETERS,
        examples=examples.COMPLIANCE_LISTED,
    ),
    retrieve=extend_schema(
        summary="One trust's current result and its history, or its result on a date or under a policy",
        parameters=AS_OF_PARAMETERS,
        examples=[examples.COMPLIANCE_DETAIL],
    ),
)
class ComplianceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Stored gap-to-target results (SPEC §3), one per active trust, read straight from the
    table the recompute writes: a trust never computed shows `stale: true` and nulls. With
    `?as_of=` or `?policy=` the results are computed on request instead (SPEC §9), for the
    trusts open on that date, filtered and ordered alike."""

    queryset = Trust.objects.active()
    serializer_class = ComplianceSerializer
    filterset_class = ComplianceFilterSet
    lookup_field = "ods_code"
    # Filters of the trust itself, applied in SQL before a computed answer; the rest after it.
    trust_filters = ("region", "trust_type", "epr_supplier")
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

    def list(self, request, *args, **kwargs):
        asked = AsOfQuerySerializer.asked(request)
        if asked is None:
            return super().list(request, *args, **kwargs)
        rows = self.computed_rows(*asked)
        ordering = NullsLastOrderingFilter().get_ordering(request, rows, self)
        rows = order_rows(rows, ordering or self.ordering, key=lambda row: row["id"])
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(self.get_serializer(rows, many=True).data)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        asked = AsOfQuerySerializer.asked(request)
        if asked is None:
            row = self.get_object()
            row["history"] = list(history_rows(row["id"]))
            return Response(self.get_serializer(row).data)
        trusts = Trust.objects.restrict(request.user).filter(ods_code=kwargs["ods_code"])
        rows = Records(trusts, asked[0]).rows_on(asked[0], load_policy(asked[1]), timezone.now())
        if not rows:
            raise Http404
        return Response(ComplianceSerializer(rows[0]).data)

    def computed_rows(self, day, policy):
        """Every trust open on `day` (of the filters' region, type and supplier) with its result
        on that day under `policy`, kept if it matches the filters on the result."""
        filterset = self.filterset_class(
            self.request.query_params,
            queryset=Trust.objects.restrict(self.request.user),
            request=self.request,
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        wanted = {
            name: value for name, value in filterset.form.cleaned_data.items() if value not in (None, "")
        }
        trusts = filterset.queryset.filter(
            **{name: wanted[name] for name in self.trust_filters if name in wanted}
        )
        rows = Records(trusts, day).rows_on(day, load_policy(policy), timezone.now())
        on_results = {name: value for name, value in wanted.items() if name not in self.trust_filters}
        return [row for row in rows if all(row[name] == value for name, value in on_results.items())]

    @extend_schema(summary="The trust beside its peers", responses=PeersSerializer)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def peers(self, request, *args, **kwargs):
        """The trust beside the active trusts of its type and of its region (SPEC §9)."""
        return Response(PeersSerializer(peers(self.get_object())).data)


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
