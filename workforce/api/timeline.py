"""Compliance on any date, under any policy, over time and against peers (SPEC §9): what the
API is asked (query serializers, each refusal a 400 on its parameter) and how it answers."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from trusts.models import DigitalExemplar, Region, Trust
from wachter_planner.api.permissions import RolePermission

from .. import timeline
from ..models import Policy, ReportsTo


def date_in_range(day):
    """A date the rules may be asked about: from 2000-01-01 to ten years after today."""
    latest = timeline.latest_date(timezone.localdate())
    if not timeline.EARLIEST <= day <= latest:
        raise serializers.ValidationError(
            f"Give a date from {timeline.EARLIEST.isoformat()} to {latest.isoformat()}."
        )
    return day


class PolicyCodeField(serializers.SlugRelatedField):
    default_error_messages = {"does_not_exist": "No policy has the code {value}."}

    def __init__(self, **kwargs):
        super().__init__(
            slug_field="code",
            queryset=Policy.objects.all(),
            required=False,
            help_text="Answer under this policy (in force or a draft); never stored.",
            **kwargs,
        )


class AsOfQuerySerializer(serializers.Serializer):
    """`?as_of=` and `?policy=`: either one makes the answer computed on request."""

    as_of = serializers.DateField(required=False, validators=[date_in_range], help_text="YYYY-MM-DD")
    policy = PolicyCodeField()

    @classmethod
    def asked(cls, request):
        """(date, policy) when the request asks for a computed answer, else None; a 400 if
        either is wrong."""
        if not {"as_of", "policy"} & set(request.query_params):
            return None
        query = cls(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data.get("as_of") or timezone.localdate(), query.validated_data.get("policy")


AS_OF_PARAMETERS = [
    OpenApiParameter(
        "as_of", str, description="YYYY-MM-DD, 2000-01-01 to today + 3,650 days: computed, not stored."
    ),
    OpenApiParameter(
        "policy", str, description="A policy's code (in force or a draft): computed, not stored."
    ),
]


class TrendQuerySerializer(serializers.Serializer):
    start = serializers.DateField(
        required=False, validators=[date_in_range], help_text="First date (default 2016-09-30)."
    )
    end = serializers.DateField(
        required=False, validators=[date_in_range], help_text="Last date (default today)."
    )
    every = serializers.ChoiceField(choices=["month", "quarter", "year"], default="month")
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), required=False, help_text="Only this region's trusts."
    )
    policy = PolicyCodeField()

    def validate(self, attrs):
        attrs.setdefault("start", timeline.REVIEW_PUBLISHED)
        attrs.setdefault("end", timezone.localdate())
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"start": "The start must not be after the end."})
        return attrs


class RagCountsSerializer(serializers.Serializer):
    green = serializers.IntegerField(help_text="Trusts rated green (compliant).")
    amber = serializers.IntegerField(help_text="Trusts with a CCIO that are not compliant.")
    red = serializers.IntegerField(help_text="Trusts without a CCIO.")


class TrendPointSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The period's last day (or the series' end).")
    trusts = serializers.IntegerField(help_text="Trusts open on that date.")
    compliant = serializers.IntegerField(help_text="Of them, those compliant on that date.")
    compliant_pct = serializers.FloatField(help_text="Compliant trusts as a percentage, one decimal place.")
    rag = RagCountsSerializer(help_text="Trusts by RAG rating on that date.")
    team_count = serializers.IntegerField(help_text="Clinician-informaticians, summed over the trusts.")
    team_target = serializers.IntegerField(help_text="Their targets, summed.")
    team_gap = serializers.IntegerField(help_text="Their gaps, summed.")
    projected_compliant = serializers.IntegerField(
        required=False,
        help_text="After today only: active trusts whose stored projected compliance date is by then.",
    )


class TrendSerializer(serializers.Serializer):
    every = serializers.CharField(help_text="month, quarter or year.")
    start = serializers.DateField(help_text="The first date asked for.")
    end = serializers.DateField(help_text="The last date asked for: the last point.")
    points = TrendPointSerializer(many=True, help_text="One point per period end, oldest first.")


class PeerGroupSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="The trust type or the region code.")
    trusts = serializers.IntegerField(help_text="Active trusts in the group, the trust included.")
    compliant = serializers.IntegerField(help_text="Of them, those compliant.")
    compliant_pct = serializers.FloatField(help_text="Compliant trusts as a percentage, one decimal place.")
    median_team_count = serializers.FloatField(
        allow_null=True, help_text="The median team (the mean of the middle two for an even count)."
    )
    median_ccio_time_fraction = serializers.DecimalField(
        max_digits=4,
        decimal_places=3,
        allow_null=True,
        help_text="Over the trusts with a CCIO; null if none.",
    )
    team_count_rank = serializers.IntegerField(
        allow_null=True,
        help_text="The trust's place by team size: 1 is the largest; ties share the best place.",
    )


class PeersSerializer(serializers.Serializer):
    ods_code = serializers.CharField(help_text="The trust's ODS code.")
    by_type = PeerGroupSerializer(help_text="The active trusts of its type.")
    by_region = PeerGroupSerializer(help_text="The active trusts of its region.")


class TimeBandsSerializer(serializers.Serializer):
    to_0_25 = serializers.IntegerField(help_text="CCIOs at 25% of their time or less.")
    to_0_50 = serializers.IntegerField(help_text="Over 25% to 50%.")
    to_0_75 = serializers.IntegerField(help_text="Over 50% to 75%.")
    over_0_75 = serializers.IntegerField(help_text="Over 75%.")


class BudgetAuthoritySerializer(serializers.Serializer):
    posts_with = serializers.IntegerField(help_text="CCIO posts with a budget above £0.")
    median_gbp = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="Their median budget; null if none."
    )


class StandingFiguresSerializer(serializers.Serializer):
    trusts = serializers.IntegerField(help_text="Active trusts.")
    with_ccio = serializers.IntegerField(help_text="Of them, those with a CCIO in post.")
    time_bands = TimeBandsSerializer(help_text="CCIOs by the time fraction of their post.")
    reports_to = serializers.DictField(
        child=serializers.IntegerField(), help_text=f"CCIOs by reporting line: {', '.join(ReportsTo.values)}."
    )
    budget_authority = BudgetAuthoritySerializer(help_text="CCIOs' posts that hold a budget.")
    credentialed = serializers.IntegerField(help_text="CCIOs who are clinician-informaticians.")


class RegionStandingSerializer(StandingFiguresSerializer):
    region = serializers.CharField(help_text="NHS England region code.")


class ExemplarStandingSerializer(StandingFiguresSerializer):
    digital_exemplar = serializers.ChoiceField(
        choices=DigitalExemplar.choices,
        help_text="The trusts' part in the Global Digital Exemplar programme.",
    )


class SupplierStandingSerializer(StandingFiguresSerializer):
    epr_supplier = serializers.CharField(help_text="The EPR supplier; empty where not known.")


class StandingSerializer(StandingFiguresSerializer):
    by_region = RegionStandingSerializer(many=True, help_text="The same figures for each region.")
    by_exemplar = ExemplarStandingSerializer(many=True, help_text="The same figures for each exemplar role.")
    by_epr_supplier = SupplierStandingSerializer(
        many=True, help_text="The same figures for each EPR supplier."
    )


class ComplianceTrendView(APIView):
    """National (or one region's) compliance at each period's end since the review."""

    permission_classes = [RolePermission]

    @extend_schema(
        summary="Compliance over time", parameters=[TrendQuerySerializer], responses=TrendSerializer
    )
    def get(self, request):
        query = TrendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        answer = timeline.cached_trend(
            asked["start"],
            asked["end"],
            asked["every"],
            timezone.localdate(),
            getattr(asked.get("region"), "code", None),
            asked.get("policy"),
        )
        return Response(TrendSerializer(answer).data)


class ComplianceStandingView(APIView):
    """What the CCIO Network survey asks, answered from the active trusts' records."""

    permission_classes = [RolePermission]

    @extend_schema(summary="CCIO standing", responses=StandingSerializer)
    def get(self, request):
        answer = timeline.standing(Trust.objects.restrict(request.user), timezone.localdate())
        return Response(StandingSerializer(answer).data)
