from rest_framework import serializers

from trusts.api.serializers import TrustCodeField
from wachter_planner.api.serializers import ModelRulesSerializer, money_field
from workforce.api.timeline import RagCountsSerializer

from ..models import Allocation, Budget


class BudgetSerializer(ModelRulesSerializer):
    class Meta:
        model = Budget
        fields = ["id", "name", "total_gbp", "start_date", "end_date", "is_default"]
        read_only_fields = ["is_default"]


class AllocationSerializer(ModelRulesSerializer):
    trust = TrustCodeField(required=False, allow_null=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "budget",
            "category",
            "trust",
            "cohort",
            "financial_year",
            "amount_gbp",
            "status",
            "note",
        ]


class FiguresSerializer(serializers.Serializer):
    trusts = serializers.IntegerField(help_text="Active trusts.")
    compliant = serializers.IntegerField(help_text="Of them, those compliant.")
    compliant_pct = serializers.FloatField(help_text="Compliant trusts as a percentage, one decimal place.")
    rag = RagCountsSerializer(help_text="Trusts by RAG rating; trusts never computed are in none.")
    team_count = serializers.IntegerField(help_text="Clinician-informaticians, summed over the trusts.")
    team_target = serializers.IntegerField(help_text="Their targets, summed.")
    team_gap = serializers.IntegerField(help_text="Their gaps, summed.")
    cost_to_close_gbp = money_field("Training cost of the gaps the pipelines leave, in pounds, summed.")


class RegionFiguresSerializer(FiguresSerializer):
    region = serializers.CharField(help_text="NHS England region code.")
    region_name = serializers.CharField(help_text="The region's name.")


class BudgetFiguresSerializer(serializers.Serializer):
    total = money_field("The budget's total.")
    planned = money_field("Allocated with status planned.")
    committed = money_field("Allocated with status committed.")
    spent = money_field("Allocated with status spent.")
    allocated = money_field("planned + committed + spent.")
    remaining = money_field("total - allocated.")


class YearFiguresSerializer(serializers.Serializer):
    financial_year = serializers.CharField(help_text='Like "2017/18": 1 April 2017 to 31 March 2018.')
    planned = money_field("Allocated in the year with status planned.")
    committed = money_field("Allocated in the year with status committed.")
    spent = money_field("Allocated in the year with status spent.")
    allocated = money_field("planned + committed + spent in the year.")
    remaining_after = money_field("What is left of the budget once this year and every earlier one are paid.")


class BudgetSummarySerializer(BudgetFiguresSerializer):
    by_financial_year = YearFiguresSerializer(many=True, help_text="Every financial year the budget spans.")
    by_category = serializers.DictField(
        child=money_field(),
        help_text="Allocated per category, every category listed.",
    )


class NationalSummarySerializer(FiguresSerializer):
    as_of = serializers.DateField(
        required=False, help_text="With ?as_of= or ?policy= only: the date the figures were computed for."
    )
    stale = serializers.IntegerField(
        help_text="Trusts whose results wait to be recomputed, or were never computed."
    )
    computed_at = serializers.DateTimeField(allow_null=True, help_text="When the oldest result was computed.")
    by_region = RegionFiguresSerializer(
        many=True, help_text="The same figures for each region, by region code."
    )
    budget = BudgetFiguresSerializer(
        allow_null=True, help_text="The default budget's money (null if none is set)."
    )
