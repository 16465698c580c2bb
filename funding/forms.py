"""The planner page's forms: what would £X buy, and saving the answer as planned allocations."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError

from trusts.models import Trust
from wachter_planner.money import pounds

from .services import do_save_plan, plan_from_results


class PoundsField(forms.DecimalField):
    """An optional sum of money in pounds and pence; "£250,000" is read as 250000."""

    def __init__(self, noun, example, **kwargs):
        super().__init__(
            required=False,
            min_value=Decimal("0"),
            max_digits=14,
            decimal_places=2,
            error_messages={
                "invalid": f"Enter the {noun} as a number of pounds, like {example}",
                "min_value": f"The {noun} cannot be negative",
                "max_decimal_places": f"Enter the {noun} to the nearest penny",
                "max_digits": f"The {noun} must be less than £1,000,000,000,000",
                "max_whole_digits": f"The {noun} must be less than £1,000,000,000,000",
            },
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "")
        return super().to_python(value)


@dataclass(frozen=True)
class PlannedTrust:
    """A row of the plan's table: a trust, its places and their cost."""

    trust: Trust
    places: int
    cost_gbp: Decimal
    made_compliant: bool


class PlanForm(forms.Form):
    """What would £X buy? Both inputs may be left blank for their defaults. The plan is made from
    the stored results once both are valid, as a login form finds its user once it is valid."""

    amount_gbp = PoundsField(
        "amount",
        "250000 or 250,000.50",
        label="Amount",
        help_text="Leave blank for what the default budget has unallocated.",
    )
    cost_per_place_gbp = PoundsField(
        "cost of a place",
        "13300 or 13,300.00",
        label="Cost of an Academy place",
        help_text="Leave blank for the policy's cost per clinician-informatician.",
    )

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget

    def clean_amount_gbp(self):
        amount = self.cleaned_data["amount_gbp"]
        if amount is None and self.budget is None:
            raise ValidationError("No default budget is set, so enter an amount")
        return amount

    @cached_property
    def plan(self):
        """The plan for the amount and the cost; None until both are valid."""
        if not self.is_bound or self.has_error("amount_gbp") or self.has_error("cost_per_place_gbp"):
            return None
        return plan_from_results(self.cleaned_data["amount_gbp"], self.cleaned_data["cost_per_place_gbp"])

    @cached_property
    def planned_trusts(self):
        """The plan's places with their trusts, by trust name. One query."""
        trusts = Trust.objects.in_bulk([entry.ods_code for entry in self.plan.places], field_name="ods_code")
        rows = [
            PlannedTrust(
                trusts[entry.ods_code],
                entry.places,
                entry.cost_gbp,
                entry.ods_code in self.plan.made_compliant,
            )
            for entry in self.plan.places
        ]
        return sorted(rows, key=lambda row: row.trust.name)

    @cached_property
    def places_bought(self):
        return sum(entry.places for entry in self.plan.places)


class SavePlanForm(PlanForm):
    """The same inputs and a financial year: the plan, made afresh, saved from the default budget."""

    financial_year = forms.CharField(
        label="Financial year",
        help_text="Like 2019/20, for 1 April 2019 to 31 March 2020.",
        error_messages={"required": "Enter the financial year, like 2019/20"},
    )

    def clean(self):
        if self.budget is None:
            raise ValidationError("No default budget is set, so a plan cannot be saved")
        return super().clean()

    def save(self, user):
        """Save the plan as planned allocations, all or none. Returns them; on a refusal, returns
        nothing and the reasons become the form's errors, on the fields they name."""
        try:
            saved = do_save_plan(self.plan, self.budget, self.cleaned_data["financial_year"], user)
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return []
        if not saved:
            self.add_error(None, "The plan buys no places at a cost, so there is nothing to save")
        return saved

    @property
    def success_message(self):
        plan = self.plan
        count = len(plan.places)
        return (
            f"Saved the plan: {count} planned allocation{'s' if count != 1 else ''} of Academy places "
            f"in {self.cleaned_data['financial_year']}, {pounds(plan.total_cost_gbp)} in all."
        )
