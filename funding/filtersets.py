import django_filters
from django.core.validators import RegexValidator

from trusts.filtersets import trust_by_code
from workforce.filtersets import cohort_by_id

from .models import Allocation, Budget

FINANCIAL_YEAR_FORMAT = RegexValidator(r"^[0-9]{4}/[0-9]{2}$", "A financial year looks like 2017/18.")


class BudgetFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", max_length=200, label="Name"
    )

    class Meta:
        model = Budget
        fields = ["search"]


class AllocationFilterSet(django_filters.FilterSet):
    """Allocations by budget, category, status, financial year, trust and cohort."""

    budget = django_filters.ModelChoiceFilter(queryset=Budget.objects.all(), label="Budget (id)")
    cohort = cohort_by_id()
    trust = trust_by_code()
    financial_year = django_filters.CharFilter(
        validators=[FINANCIAL_YEAR_FORMAT], label="Financial year (2017/18)"
    )
    search = django_filters.CharFilter(
        field_name="note", lookup_expr="icontains", max_length=200, label="Note"
    )

    class Meta:
        model = Allocation
        fields = ["budget", "category", "status", "financial_year", "trust", "cohort"]
