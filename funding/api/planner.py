"""`POST /api/v1/planner/`: what would £X buy? (SPEC §5)."""

from decimal import Decimal

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from trusts.models import Region
from wachter_planner.api.serializers import money_field

from ..planner import PlanError
from ..services import plan_from_results


@extend_schema_serializer(component_name="Planner")
class PlannerRequestSerializer(serializers.Serializer):
    amount_gbp = money_field(
        min_value=Decimal("0"), required=False, help_text="Default: what the default budget has unallocated."
    )
    cost_per_place_gbp = money_field(
        min_value=Decimal("0"),
        required=False,
        help_text="Default: the active policy's cost per informatician.",
    )
    region_min_share = serializers.DictField(
        child=serializers.DecimalField(
            max_digits=None, decimal_places=None, min_value=Decimal("0"), max_value=Decimal("1")
        ),
        required=False,
        help_text='The least share of the amount to spend in a region, by region code: {"Y56": 0.1}.',
    )

    def validate_region_min_share(self, shares):
        known = set(Region.objects.filter(code__in=shares).values_list("code", flat=True))
        unknown = sorted(set(shares) - known)
        if unknown:
            raise serializers.ValidationError(f"No region has the code {', '.join(unknown)}.")
        return shares


class PlannedPlacesSerializer(serializers.Serializer):
    ods_code = serializers.CharField(help_text="The trust's ODS code.")
    places = serializers.IntegerField(help_text="Academy places planned for the trust.")
    cost_gbp = money_field("places × cost per place.")


class PlanSerializer(serializers.Serializer):
    amount_gbp = money_field("The money the plan could spend.")
    cost_per_place_gbp = money_field("What one Academy place costs.")
    trusts_made_compliant = serializers.IntegerField(
        help_text="Trusts whose four CCIO tests pass and whose team gap the planned places close."
    )
    places = PlannedPlacesSerializer(many=True, help_text="Academy places per trust.")
    total_cost_gbp = money_field("What the planned places cost.")
    unspent_gbp = money_field("amount − total cost.")


class PlannerView(APIView):
    """The allocation of Academy places that makes the most trusts compliant."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="planner",
        summary="What would £X buy?",
        description=(
            "The allocation of NHS Digital Academy places that makes the most trusts compliant (a trust "
            "counts only if its four CCIO tests pass, so places alone close its gap); ties go to the "
            "smallest remaining national gap. Nothing is saved."
        ),
        request=PlannerRequestSerializer,
        responses={
            200: PlanSerializer,
            400: OpenApiResponse(description="Errors keyed by the field to change."),
        },
        examples=[
            OpenApiExample(
                "London gets at least 10%",
                value={
                    "amount_gbp": "1000000.00",
                    "cost_per_place_gbp": "13300.00",
                    "region_min_share": {"Y56": 0.1},
                },
                request_only=True,
            )
        ],
        tags=["planner"],
    )
    def post(self, request):
        asked = PlannerRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        try:
            plan = plan_from_results(
                amount=asked.validated_data.get("amount_gbp"),
                cost_per_place=asked.validated_data.get("cost_per_place_gbp"),
                region_min_share=asked.validated_data.get("region_min_share"),
            )
        except PlanError as refused:
            raise serializers.ValidationError({refused.field: [refused.message]}) from refused
        return Response(PlanSerializer(plan).data)
