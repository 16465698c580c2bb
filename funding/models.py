import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q, Sum

from trusts.models import Trust
from wachter_planner.history import audited
from wachter_planner.money import plain_pounds
from wachter_planner.validation import ValidatedModel
from workforce.models import Cohort

from .querysets import AllocationQuerySet, BudgetQuerySet


class Budget(ValidatedModel):
    """A pot of money, such as the £42M Wachter clinical-informatics leadership fund."""

    name = models.CharField(max_length=200, help_text="The budget's name.")
    total_gbp = models.DecimalField(
        "total (£)",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="The whole budget, in pounds; never less than what is allocated from it.",
    )
    start_date = models.DateField(help_text="The first day money can be allocated for.")
    end_date = models.DateField(help_text="The last day; not before the start date.")
    is_default = models.BooleanField(default=False, help_text="The budget the national summary reports.")

    history = audited()
    objects = BudgetQuerySet.as_manager()
    constraint_fields = {"budget_end_after_start": "end_date"}

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="budget_end_after_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="budget_one_default"
            ),
        ]

    def __str__(self):
        return self.name

    def financial_years(self) -> list[str]:
        """The financial years ("2017/18") the budget's dates overlap, in order."""
        first, last = (financial_year_of(day) for day in (self.start_date, self.end_date))
        return [financial_year_label(year) for year in range(first, last + 1)]

    def allocated(self):
        return self.allocations.aggregate(total=Sum("amount_gbp"))["total"] or Decimal("0.00")

    def clean(self):
        if not self.pk:
            return
        errors = {}
        if self.total_gbp is not None:
            allocated = self.allocated()
            if self.total_gbp < allocated:
                errors["total_gbp"] = (
                    f"{plain_pounds(allocated)} is already allocated from this budget; the total cannot be less."
                )
        if self.start_date and self.end_date:
            errors.update(self._years_left_outside())
        if errors:
            raise ValidationError(errors)

    def _years_left_outside(self):
        """Errors for new dates that would strand allocations' financial years outside them."""
        years = sorted(set(self.allocations.values_list("financial_year", flat=True)))
        bounds = {year: financial_year_bounds(year) for year in years}
        before = [year for year in years if bounds[year] and bounds[year][1] < self.start_date]
        after = [year for year in years if bounds[year] and bounds[year][0] > self.end_date]
        errors = {}
        if before:
            errors["start_date"] = f"Allocations in {', '.join(before)} would fall before the budget starts."
        if after:
            errors["end_date"] = f"Allocations in {', '.join(after)} would fall after the budget ends."
        return errors

    def save(self, *args, **kwargs):
        # Rules are checked (full_clean, in super().save) only once the row lock is held.
        with transaction.atomic():
            lock_budget(self.pk)
            super().save(*args, **kwargs)


def lock_budget(budget_id):
    """Row-lock a budget until the transaction ends.

    Every write that can add money to a budget, or lower its total, takes this lock before it
    reads what is allocated, so the check and the write cannot interleave with another's.
    Writes that only take money out (deleting, lowering, moving away) need no lock.
    """
    if budget_id:
        list(Budget.objects.select_for_update().filter(pk=budget_id).values_list("pk"))


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


FINANCIAL_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")


def financial_year_of(day: date) -> int:
    """The calendar year a day's financial year starts in (it runs 1 April to 31 March)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(first_year: int) -> str:
    """2017 -> '2017/18'."""
    return f"{first_year}/{(first_year + 1) % 100:02d}"


def financial_year_bounds(label):
    """'2017/18' -> (1 April 2017, 31 March 2018), or None if the label is malformed."""
    match = FINANCIAL_YEAR.fullmatch(label or "")
    if not match:
        return None
    first = int(match[1])
    if int(match[2]) != (first + 1) % 100 or not 1 <= first < 9999:
        return None
    return date(first, 4, 1), date(first + 1, 3, 31)


class Allocation(ValidatedModel):
    """Money earmarked from a budget. A budget's allocations never sum above its total."""

    budget = models.ForeignKey(
        Budget,
        on_delete=models.PROTECT,
        related_name="allocations",
        help_text="The budget the money comes from.",
    )
    category = models.CharField(max_length=32, choices=Category.choices, help_text="What the money is for.")
    trust = models.ForeignKey(
        Trust,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        help_text="The trust the money goes to, if one.",
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        help_text="The Academy cohort the money pays for, if one.",
    )
    financial_year = models.CharField(
        max_length=7,
        help_text="Like 2017/18 (1 April 2017 to 31 March 2018); it must overlap the budget's dates.",
    )
    amount_gbp = models.DecimalField(
        "amount (£)",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), "The amount must be more than £0.")],
        help_text="More than 0, in pounds. A budget's allocations, whatever their status, never add up "
        "to more than its total.",
    )
    status = models.CharField(
        max_length=16,
        choices=AllocationStatus.choices,
        default=AllocationStatus.PLANNED,
        help_text="planned, committed or spent.",
    )
    note = models.TextField(
        max_length=2000, blank=True, default="", help_text="Anything worth knowing, up to 2,000 characters."
    )

    history = audited()
    objects = AllocationQuerySet.as_manager()
    constraint_fields = {"allocation_amount_positive": "amount_gbp"}

    class Meta:
        ordering = ["financial_year", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_gbp__gt=0), name="allocation_amount_positive"),
        ]

    def __str__(self):
        return f"{plain_pounds(self.amount_gbp)} {self.get_category_display()} {self.financial_year}"

    def clean(self):
        # The budget is read afresh: under the lock taken by save() it is the committed row.
        budget = Budget.objects.filter(pk=self.budget_id).first() if self.budget_id else None
        errors = {}
        bounds = financial_year_bounds(self.financial_year)
        if bounds is None:
            errors["financial_year"] = "A financial year looks like 2017/18 (1 April 2017 to 31 March 2018)."
        elif budget and (bounds[1] < budget.start_date or bounds[0] > budget.end_date):
            errors["financial_year"] = (
                f"{self.financial_year} falls outside the budget's dates "
                f"({budget.start_date:%d %B %Y} to {budget.end_date:%d %B %Y})."
            )
        if budget and self.amount_gbp is not None:
            most = self.most_it_could_be(budget)
            if self.amount_gbp > most:
                errors["amount_gbp"] = unallocated_message(most)
        if errors:
            raise ValidationError(errors)

    def most_it_could_be(self, budget):
        """What the budget has free, counting this allocation's own amount as free."""
        others = budget.allocations.exclude(pk=self.pk).aggregate(total=Sum("amount_gbp"))["total"]
        return max(budget.total_gbp - (others or Decimal("0")), Decimal("0.00"))

    def save(self, *args, **kwargs):
        # Lock the budget the allocation will be in, then check (full_clean, in super().save)
        # and write. The budget and amount checked are always the ones written, even when
        # update_fields names neither: another request may have moved the row meanwhile.
        if kwargs.get("update_fields"):
            kwargs["update_fields"] = {*kwargs["update_fields"], "budget", "amount_gbp"}
        with transaction.atomic():
            lock_budget(self.budget_id)
            super().save(*args, **kwargs)


def unallocated_message(amount):
    return f"only {plain_pounds(amount)} of this budget is unallocated"
