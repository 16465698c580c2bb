from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from trusts.models import Trust
from wachter_planner.history import audited
from wachter_planner.validation import ValidatedModel

from ..querysets import PostQuerySet
from ..rules import CLINICAL_INFORMATICS_ROLES
from .people import Person


class Role(models.TextChoices):
    CCIO = "ccio", "Chief clinical information officer"
    CMIO = "cmio", "Chief medical information officer"
    CNIO = "cnio", "Chief nursing information officer"
    CHIEF_PHARMACY_IO = "chief_pharmacy_io", "Chief pharmacy information officer"
    AHP_IO = "ahp_io", "AHP information officer"
    CLINICAL_INFORMATICIAN = "clinical_informatician", "Clinical informatician"
    CIO = "cio", "Chief information officer"
    OTHER = "other", "Other"


class ReportsTo(models.TextChoices):
    BOARD = "board", "The board"
    CEO = "ceo", "The chief executive"
    CIO = "cio", "The chief information officer"
    MEDICAL_DIRECTOR = "medical_director", "The medical director"
    OTHER = "other", "Someone else"


OTHER_ROLES = sorted(set(Role.values) - CLINICAL_INFORMATICS_ROLES)


class Post(ValidatedModel):
    """A role at a trust, filled by a person or vacant (person empty)."""

    trust = models.ForeignKey(
        Trust, on_delete=models.PROTECT, related_name="posts", help_text="The trust the post is at."
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        help_text="The person holding the post; empty while it is vacant.",
    )
    role = models.CharField(
        max_length=32,
        choices=Role.choices,
        help_text=f"The role; all but {' and '.join(OTHER_ROLES)} are clinical-informatics roles.",
    )
    time_fraction = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        validators=[
            MinValueValidator(Decimal("0.001"), "The time fraction must be more than 0."),
            MaxValueValidator(Decimal("1"), "The time fraction cannot be more than 1 (full time)."),
        ],
        help_text="Share of the holder's working time on the role, more than 0 and at most 1 "
        "(10 programmed activities = 1.000).",
    )
    reports_to = models.CharField(
        max_length=32, choices=ReportsTo.choices, help_text="Whom the post reports to."
    )
    start_date = models.DateField(help_text="The first day of the post.")
    end_date = models.DateField(
        null=True, blank=True, help_text="The last day of the post, if it ends; not before the start date."
    )
    budget_authority_gbp = models.DecimalField(
        "budget authority (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "The budget authority cannot be negative.")],
        help_text="Budget the post holder controls, in pounds, if any.",
    )

    history = audited()
    objects = PostQuerySet.as_manager()
    constraint_fields = {
        "post_time_fraction_in_range": "time_fraction",
        "post_end_not_before_start": "end_date",
        "post_budget_authority_not_negative": "budget_authority_gbp",
    }

    class Meta:
        ordering = ["trust__name", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_fraction__gt=0) & Q(time_fraction__lte=1),
                name="post_time_fraction_in_range",
                violation_error_message="The time fraction must be more than 0 and at most 1.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="post_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(budget_authority_gbp__isnull=True) | Q(budget_authority_gbp__gte=0),
                name="post_budget_authority_not_negative",
                violation_error_message="The budget authority cannot be negative.",
            ),
        ]

    def __str__(self):
        holder = self.person or "vacant"
        return f"{self.get_role_display()} at {self.trust.ods_code} ({holder})"
