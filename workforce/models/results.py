from django.db import models

from trusts.models import Trust

from ..rules import CCIO_PLANNING_HORIZON


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class ComplianceFields(models.Model):
    """The gap-to-target figures of SPEC §3 for one trust on one as-of date."""

    as_of = models.DateField(null=True, help_text="The date the result is for.")
    ccio_in_post = models.BooleanField(
        null=True,
        help_text="The trust has a CCIO: the holder of its active, filled ccio post with the largest time fraction.",
    )
    ccio_time_fraction = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        null=True,
        help_text="The CCIO post's time fraction, or null without a CCIO.",
    )
    ccio_time_ok = models.BooleanField(
        null=True,
        help_text="The CCIO's time fraction is more than the policy's ccio_min_time_fraction (equal to it fails).",
    )
    ccio_reports_to_board = models.BooleanField(
        null=True, help_text="The CCIO post reports along one of the policy's ccio_reports_to lines."
    )
    ccio_credentialed = models.BooleanField(
        null=True, help_text="The CCIO is a clinician-informatician: a clinician with informatics training."
    )
    team_count = models.PositiveIntegerField(
        null=True,
        help_text="Clinician-informaticians of the trust: clinicians with training in an active "
        "clinical-informatics post there.",
    )
    team_target = models.PositiveIntegerField(null=True, help_text="How many the policy asks of this trust.")
    team_gap = models.PositiveIntegerField(null=True, help_text="max(0, team_target - team_count).")
    compliant = models.BooleanField(null=True, help_text="All four CCIO tests pass and the team gap is 0.")
    rag = models.CharField(
        max_length=5,
        choices=Rag.choices,
        blank=True,
        default="",
        help_text="green if compliant, red without a CCIO, amber otherwise.",
    )
    actions = models.JSONField(
        default=list, help_text="What would close the gap, in words a board understands."
    )
    pipeline_count = models.PositiveIntegerField(
        null=True,
        help_text="Clinicians in a clinical-informatics post here, not yet trained, enrolled in a cohort "
        "that graduates later.",
    )
    projected_team_count = models.PositiveIntegerField(null=True, help_text="team_count + pipeline_count.")
    projected_compliance_date = models.DateField(
        null=True,
        help_text="When the trust would be compliant if its pipeline graduates on time; null if never.",
    )
    cost_to_close_gbp = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        help_text="Training cost of the gap the pipeline leaves, in pounds.",
    )
    eligible_for_central_investment = models.BooleanField(
        null=True,
        help_text="The trust has a CCIO, or a ccio post active now or starting within "
        f"{CCIO_PLANNING_HORIZON.days} days.",
    )
    computed_at = models.DateTimeField(null=True, help_text="When this result was last computed.")

    class Meta:
        abstract = True


class ComplianceResult(ComplianceFields):
    """A trust's current result. `stale` and `mark_version` are the durable recompute intent:
    an edit sets and bumps them in its own transaction; a recompute records the version it read
    as `computed_version`, so a later edit keeps the result stale."""

    trust = models.OneToOneField(Trust, on_delete=models.CASCADE, related_name="compliance")
    stale = models.BooleanField(default=True)
    mark_version = models.PositiveBigIntegerField(default=0)
    computed_version = models.PositiveBigIntegerField(default=0)
    marked_at = models.DateTimeField(null=True)
    # A digest of the result's values as last written (`recompute.store`), None until then.
    values_digest = models.BigIntegerField(null=True, editable=False)

    class Meta:
        ordering = ["trust__name"]

    def __str__(self):
        return f"{self.trust.ods_code}: {self.rag or 'not computed'}"


class ComplianceHistory(ComplianceFields):
    """A result as it was, written whenever a trust's result changes."""

    # A log, copied from the result rows that hold the trust's key: like simple-history's
    # records it keeps no database constraint, so that logging 10,000 results does not lock
    # 10,000 trusts at commit. Its one index leads with the trust.
    trust = models.ForeignKey(
        Trust,
        on_delete=models.CASCADE,
        related_name="compliance_history",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name_plural = "compliance history"
        indexes = [models.Index(fields=["trust", "-computed_at"])]

    def __str__(self):
        return f"{self.trust_id} at {self.computed_at:%Y-%m-%d %H:%M}: {self.rag}"
