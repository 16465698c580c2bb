from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q

from wachter_planner.history import audited
from wachter_planner.validation import ValidatedModel

from ..querysets import IN_FORCE_NOT_DELETED, PolicyQuerySet
from .posts import ReportsTo


def default_reports_to():
    return [ReportsTo.BOARD.value, ReportsTo.CEO.value]


class Policy(ValidatedModel):
    """A versioned set of target rules; exactly one is active and drives every result."""

    code = models.SlugField(max_length=50, unique=True, help_text="A short unique code, e.g. wachter-2016.")
    name = models.CharField(max_length=200, help_text="The policy's name.")
    team_min = models.PositiveIntegerField(
        default=5,
        validators=[MinValueValidator(1)],
        help_text="The least number of clinician-informaticians a trust needs.",
    )
    ccio_min_time_fraction = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.750"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="The CCIO's time fraction must be strictly greater than this.",
    )
    ccio_reports_to = models.JSONField(
        default=default_reports_to, help_text="The reporting lines that satisfy the CCIO reporting test."
    )
    scale_by_size = models.BooleanField(
        default=False, help_text="Scale the team target with the trust's staff FTE."
    )
    reference_staff_fte = models.DecimalField(
        max_digits=9,
        decimal_places=1,
        default=Decimal("4444"),
        validators=[MinValueValidator(1)],
        help_text="The staff FTE of the trust that needs exactly team_min.",
    )
    cost_per_informatician_gbp = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Cost of training one clinician-informatician, in pounds; left empty (null), the mean cost "
        "per place of every Academy cohort.",
    )
    is_active = models.BooleanField(
        default=False, help_text="The policy in force; making one active retires the other."
    )

    history = audited()
    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "policies"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="policy_one_active"
            ),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        if self.pk and not self.is_active and Policy.objects.filter(pk=self.pk, is_active=True).exists():
            raise ValidationError(
                {"is_active": "One policy is always in force: make another policy active to retire this one."}
            )
        allowed = set(ReportsTo.values)
        if not isinstance(self.ccio_reports_to, list) or not set(self.ccio_reports_to) <= allowed:
            raise ValidationError({"ccio_reports_to": f"A list drawn from: {', '.join(ReportsTo.values)}."})

    def delete(self, *args, **kwargs):
        if self.is_active:
            raise ValidationError({"is_active": IN_FORCE_NOT_DELETED})
        return super().delete(*args, **kwargs)

    def save(self, *args, **kwargs):
        # Activating one policy retires the one in force, in the same transaction.
        with transaction.atomic():
            if self.is_active:
                Policy.objects.filter(is_active=True).exclude(pk=self.pk).update(is_active=False)
            super().save(*args, **kwargs)
