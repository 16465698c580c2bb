from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from trusts.models import Trust
from wachter_planner.api.permissions import RolePermission
from wachter_planner.api.renderers import SPREADSHEET_FORMATS, CSVRenderer, XLSXRenderer
from wachter_planner.api.viewsets import ScopedModelViewSet
from workforce.api.timeline import AS_OF_PARAMETERS, AsOfQuerySerializer

from ..filtersets import AllocationFilterSet, BudgetFilterSet
from ..models import Allocation, Budget
from ..selectors import budget_summary, national_summary
from .serializers import (
    AllocationSerializer,
    BudgetSerializer,
    BudgetSummarySerializer,
    NationalSummarySerializer,
    RegionFiguresSerializer,
)

NATIONAL_ROW = {"region": "", "region_name": "England"}


class BudgetViewSet(ScopedModelViewSet):
    """Budgets, such as the £42M clinical-informatics leadership fund."""

    queryset = Budget.objects.all()
    serializer_class = BudgetSerializer
    filterset_class = BudgetFilterSet
    ordering_fields = ["id", "name", "total_gbp", "start_date", "end_date"]

    @extend_schema(summary="Where the budget's money goes", responses=BudgetSummarySerializer)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request, pk=None):
        """Planned, committed and spent: in all, per financial year, and per category."""
        return Response(BudgetSummarySerializer(budget_summary(self.get_object())).data)


class AllocationViewSet(ScopedModelViewSet):
    """Money earmarked from budgets. A budget's allocations never add up to more than its total."""

    queryset = Allocation.objects.select_related("trust")
    serializer_class = AllocationSerializer
    filterset_class = AllocationFilterSet
    ordering_fields = ["id", "financial_year", "amount_gbp", "category", "status"]


SUMMARY_EXAMPLE = {
    "trusts": 2,
    "compliant": 1,
    "compliant_pct": 50.0,
    "rag": {"green": 1, "amber": 1, "red": 0},
    "team_count": 8,
    "team_target": 10,
    "team_gap": 2,
    "cost_to_close_gbp": "13300.00",
}


class ComplianceSummaryView(APIView):
    """National figures over every active trust's stored result, by region, and the default
    budget's money. As a spreadsheet (`?format=csv` or `xlsx`): one row per region, then the
    national row."""

    permission_classes = [RolePermission]
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer, XLSXRenderer]  # type: ignore[list-item]
    spreadsheet_name = "compliance-summary"

    def get_serializer(self, *args, **kwargs):
        """The columns of the spreadsheet's rows."""
        return RegionFiguresSerializer(*args, **kwargs)

    @extend_schema(
        summary="The national summary, or the figures on a date or under a policy",
        parameters=AS_OF_PARAMETERS,
        responses=NationalSummarySerializer,
        examples=[
            OpenApiExample(
                "Two trusts in one region",
                value={
                    **SUMMARY_EXAMPLE,
                    "stale": 0,
                    "computed_at": "2026-11-28T00:05:12Z",
                    "by_region": [{"region": "Y61", "region_name": "East of England", **SUMMARY_EXAMPLE}],
                    "budget": {
                        "total": "42000000.00",
                        "planned": "1330000.00",
                        "committed": "3990000.00",
                        "spent": "7980000.00",
                        "allocated": "13300000.00",
                        "remaining": "28700000.00",
                    },
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        trusts = Trust.objects.restrict(request.user)
        summary = national_summary(trusts, AsOfQuerySerializer.asked(request))
        if request.accepted_renderer.format in SPREADSHEET_FORMATS:
            rows = [*summary["by_region"], {**summary, **NATIONAL_ROW}]
            return Response([spreadsheet_row(row) for row in self.get_serializer(rows, many=True).data])
        return Response(NationalSummarySerializer(summary).data)


def spreadsheet_row(figures):
    """The region first, then its figures."""
    return {"region": figures["region"], "region_name": figures["region_name"], **figures}
