import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q, Sum
from simple_history.models import HistoricalRecords

from trusts.models import Trust
from wachter_planner.validation import ValidatedModel
from workforce.models import Cohort


def pounds(amount):
    return f"£{amount:,.2f}"


class Budget(ValidatedModel):
    """A pot of money, such as the £42M Wachter clinical-informatics leadership fund."""

    name = models.CharField(max_length=200)
    total_gbp = models.DecimalField(
        "total (£)", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField()
    end_date = models.DateField()
    is_default = models.BooleanField(default=False, help_text="The budget the national summary reports.")

    history = HistoricalRecords()
    constraint_fields = {"budget_end_after_start": "end_date"}

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="budget_end_after_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="budget_one_default"),
        ]

    def __str__(self):
        return self.name

    def allocated(self):
        return self.allocations.aggregate(total=Sum("amount_gbp"))["total"] or Decimal("0.00")

    def clean(self):
        if self.pk and self.total_gbp is not None:
            allocated = self.allocated()
            if self.total_gbp < allocated:
                raise ValidationError(
                    {"total_gbp": f"{pounds(allocated)} is already allocated from this budget; the total cannot be less."}
                )

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.pk:
                lock_budgets([self.pk])
            super().save(*args, **kwargs)


def lock_budgets(budget_ids):
    """Row-lock budgets, in id order so two movers never deadlock, until the transaction ends."""
    ids = sorted({budget_id for budget_id in budget_ids if budget_id})
    list(Budget.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


class Category(models.TextChoices):
    ACADEMY_PLACES = "academy_places", "Academy places"
    POST_FUNDING = "post_funding", "Post funding"
    BACKFILL = "backfill", "Backfill"
    PROFESSIONAL_BODIES = "professional_bodies", "Professional bodies"
    NATIONAL_LEADERSHIP = "national_leadership", "National leadership"
    OTHER = "other", "Other"


class AllocationStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    COMMITTED = "committed", "Committed"
    SPENT = "spent", "Spent"


FINANCIAL_YEAR = re.compile(r"(\d{4})/(\d{2})")


def financial_year_bounds(label):
    """'2017/18' -> (1 April 2017, 31 March 2018), or None if the label is malformed."""
    match = FINANCIAL_YEAR.fullmatch(label or "")
    if not match:
        return None
    first = int(match[1])
    if int(match[2]) != (first + 1) % 100:
        return None
    return date(first, 4, 1), date(first + 1, 3, 31)


class Allocation(ValidatedModel):
    """Money earmarked from a budget. A budget's allocations never sum above its total."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="allocations")
    category = models.CharField(max_length=32, choices=Category.choices)
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations")
    financial_year = models.CharField(max_length=7, help_text="Like 2017/18: 1 April 2017 to 31 March 2018.")
    amount_gbp = models.DecimalField(
        "amount (£)",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), "The amount must be more than £0.")],
    )
    status = models.CharField(max_length=16, choices=AllocationStatus.choices, default=AllocationStatus.PLANNED)
    note = models.TextField(max_length=2000, blank=True, default="")

    history = HistoricalRecords()
    constraint_fields = {"allocation_amount_positive": "amount_gbp"}

    class Meta:
        ordering = ["financial_year", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_gbp__gt=0), name="allocation_amount_positive"),
        ]

    def __str__(self):
        return f"{pounds(self.amount_gbp)} {self.get_category_display()} {self.financial_year}"

    def clean(self):
        errors = {}
        bounds = financial_year_bounds(self.financial_year)
        if bounds is None:
            errors["financial_year"] = "A financial year looks like 2017/18 (1 April 2017 to 31 March 2018)."
        elif self.budget_id and (bounds[1] < self.budget.start_date or bounds[0] > self.budget.end_date):
            errors["financial_year"] = (
                f"{self.financial_year} falls outside the budget's dates "
                f"({self.budget.start_date:%d %B %Y} to {self.budget.end_date:%d %B %Y})."
            )
        if self.budget_id and self.amount_gbp is not None:
            total = Budget.objects.values_list("total_gbp", flat=True).get(pk=self.budget_id)
            others = self.budget.allocations.exclude(pk=self.pk).aggregate(total=Sum("amount_gbp"))["total"]
            headroom = total - (others or Decimal("0"))
            if self.amount_gbp > headroom:
                errors["amount_gbp"] = f"only {pounds(max(headroom, Decimal('0')))} of this budget is unallocated"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        with transaction.atomic():
            previous_budget = (
                Allocation.objects.filter(pk=self.pk).values_list("budget_id", flat=True).first() if self.pk else None
            )
            lock_budgets([self.budget_id, previous_budget])
            super().save(*args, **kwargs)
