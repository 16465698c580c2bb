from django.db import models

from trusts.models import Trust


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class ComplianceFields(models.Model):
    """The gap-to-target figures of SPEC §3 for one trust on one as-of date."""

    as_of = models.DateField(null=True)
    ccio_in_post = models.BooleanField(null=True)
    ccio_time_fraction = models.DecimalField(max_digits=4, decimal_places=3, null=True)
    ccio_time_ok = models.BooleanField(null=True)
    ccio_reports_to_board = models.BooleanField(null=True)
    ccio_credentialed = models.BooleanField(null=True)
    team_count = models.PositiveIntegerField(null=True)
    team_target = models.PositiveIntegerField(null=True)
    team_gap = models.PositiveIntegerField(null=True)
    compliant = models.BooleanField(null=True)
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True, default="")
    actions = models.JSONField(default=list)
    pipeline_count = models.PositiveIntegerField(null=True)
    projected_team_count = models.PositiveIntegerField(null=True)
    projected_compliance_date = models.DateField(null=True)
    cost_to_close_gbp = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    eligible_for_central_investment = models.BooleanField(null=True)
    computed_at = models.DateTimeField(null=True)

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

    class Meta:
        ordering = ["trust__name"]

    def __str__(self):
        return f"{self.trust.ods_code}: {self.rag or 'not computed'}"


class ComplianceHistory(ComplianceFields):
    """A result as it was, written whenever a trust's result changes."""

    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="compliance_history")

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name_plural = "compliance history"
        indexes = [models.Index(fields=["trust", "-computed_at"])]

    def __str__(self):
        return f"{self.trust_id} at {self.computed_at:%Y-%m-%d %H:%M}: {self.rag}"
