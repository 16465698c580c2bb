from decimal import Decimal

from django.contrib import admin
from django.db.models import Sum

from wachter_planner.audit_admin import AuditedAdmin

from .models import Allocation, Budget


@admin.register(Budget)
class BudgetAdmin(AuditedAdmin):
    list_display = [
        "name",
        "total_gbp",
        "allocated_gbp",
        "unallocated_gbp",
        "start_date",
        "end_date",
        "is_default",
    ]
    list_filter = ["is_default"]
    search_fields = ["name"]
    date_hierarchy = "start_date"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(allocated=Sum("allocations__amount_gbp"))

    @admin.display(description="allocated (£)", ordering="allocated")
    def allocated_gbp(self, budget):
        return budget.allocated or Decimal("0.00")

    @admin.display(description="unallocated (£)")
    def unallocated_gbp(self, budget):
        return budget.total_gbp - self.allocated_gbp(budget)


@admin.register(Allocation)
class AllocationAdmin(AuditedAdmin):
    list_display = ["id", "budget", "financial_year", "category", "status", "amount_gbp", "trust", "cohort"]
    list_filter = ["status", "category", "financial_year", "budget"]
    search_fields = ["trust__ods_code", "trust__name", "cohort__name", "note"]
    list_select_related = ["budget", "trust", "cohort"]
    raw_id_fields = ["budget", "trust", "cohort"]
