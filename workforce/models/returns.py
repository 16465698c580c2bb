from django.conf import settings
from django.db import models
from django.utils import timezone

from trusts.models import Trust

from ..querysets import WorkforceReturnQuerySet


class WorkforceReturn(models.Model):
    """One imported workforce return (SPEC §8): who sent which file for which trusts, and how
    many posts it created, updated, deleted and left unchanged."""

    trusts = models.ManyToManyField(Trust, related_name="workforce_returns")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    rows = models.PositiveIntegerField()
    created = models.PositiveIntegerField()
    updated = models.PositiveIntegerField()
    deleted = models.PositiveIntegerField()
    unchanged = models.PositiveIntegerField()

    objects = WorkforceReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.submitted_at:%Y-%m-%d %H:%M})"
