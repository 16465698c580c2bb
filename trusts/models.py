import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wachter_planner.history import audited
from wachter_planner.validation import ValidatedModel

from .querysets import RegionQuerySet, TrustQuerySet, is_open_on

ODS_CODE_VALIDATOR = RegexValidator(
    r"^(?:[A-Z0-9]{3}|[A-Z0-9]{5})$",
    "An ODS code is 3 or 5 capital letters and digits, e.g. RGT or G6V2S.",
)
REGION_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z][0-9]{2}$", "A region code is a capital letter and two digits, e.g. Y56."
)


class Region(models.Model):
    """An NHS England commissioning region, keyed by its ODS national grouping code."""

    code = models.CharField(
        max_length=3,
        primary_key=True,
        validators=[REGION_CODE_VALIDATOR],
        help_text="NHS England region code, e.g. Y56 (London).",
    )
    name = models.CharField(max_length=200, help_text="The region's name.")

    history = audited()
    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class TrustType(models.TextChoices):
    ACUTE = "acute", "Acute"
    MENTAL_HEALTH = "mental_health", "Mental health"
    MENTAL_HEALTH_AND_COMMUNITY = "mental_health_and_community", "Mental health and community"
    COMMUNITY = "community", "Community"
    AMBULANCE = "ambulance", "Ambulance"
    CARE_TRUST = "care_trust", "Care trust"
    OTHER = "other", "Other"


class DigitalExemplar(models.TextChoices):
    NONE = "none", "None"
    GLOBAL_DIGITAL_EXEMPLAR = "global_digital_exemplar", "Global Digital Exemplar"
    FAST_FOLLOWER = "fast_follower", "Fast follower"


class Trust(ValidatedModel):
    """An NHS trust in England, keyed in URLs by its ODS organisation code."""

    ods_code = models.CharField(
        "ODS code",
        max_length=5,
        unique=True,
        validators=[ODS_CODE_VALIDATOR],
        help_text="ODS organisation code, 3 or 5 capital letters and digits (e.g. RGT): the URL key.",
    )
    name = models.CharField(max_length=200, help_text="The trust's name.")
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="trusts",
        help_text="The trust's NHS England region, e.g. Y56 (London).",
    )
    trust_type = models.CharField(
        max_length=32,
        choices=TrustType.choices,
        default=TrustType.OTHER,
        help_text="The kind of trust; other until a source says more.",
    )
    staff_fte = models.DecimalField(
        "staff FTE",
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Staff in post, full-time equivalent, one decimal place. Sets the team target "
        "when the policy scales by size.",
    )
    digital_exemplar = models.CharField(
        max_length=32,
        choices=DigitalExemplar.choices,
        default=DigitalExemplar.NONE,
        help_text="The trust's part in the Global Digital Exemplar programme.",
    )
    epr_supplier = models.CharField(
        "EPR supplier",
        max_length=200,
        blank=True,
        help_text="The primary electronic patient record's supplier.",
    )
    opened_on = models.DateField(null=True, blank=True, help_text="When the trust opened, if known.")
    closed_on = models.DateField(
        null=True, blank=True, help_text="When the trust closed or will close, if it does."
    )
    is_active = models.BooleanField(
        default=True,
        editable=False,
        help_text="True while the trust has no closing date or closes after today.",
    )
    # Fields a headed reference table set; an ODS etr import never overwrites them (SPEC §7).
    curated_fields = models.JSONField(default=list, blank=True, editable=False)

    history = audited(excluded_fields=["curated_fields"])
    constraint_fields = {
        "trust_staff_fte_not_negative": "staff_fte",
        "trust_closed_not_before_opened": "closed_on",
    }
    objects = TrustQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff_fte__isnull=True) | Q(staff_fte__gte=0),
                name="trust_staff_fte_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="trust_closed_not_before_opened",
                violation_error_message="A trust cannot close before it opened.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.ods_code})"

    def save(self, *args, **kwargs):
        self.is_active = is_open_on(self.closed_on, timezone.localdate())
        super().save(*args, **kwargs)


class TrustMembership(models.Model):
    """Links a trust editor or board member to a trust whose people they may see (SPEC §1)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_memberships"
    )
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="memberships")

    history = audited()

    class Meta:
        ordering = ["user", "trust__name"]
        constraints = [models.UniqueConstraint(fields=["user", "trust"], name="trust_membership_once")]

    def __str__(self):
        return f"{self.user} at {self.trust.ods_code}"


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """An API key (`Authorization: Token <key>`). Only its SHA-256 digest is stored, so a copy
    of the database gives no usable key; the key itself is shown once, when it is issued."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=8, editable=False, help_text="The key's first characters, to tell it apart."
    )
    read_only = models.BooleanField(default=False, help_text="Reads only: every write is refused.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: never expires.")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API token"
        ordering = ["user", "-created_at"]

    def __str__(self):
        return f"{self.prefix}… of {self.user}"

    @classmethod
    def issue(
        cls, user, *, expires_days: int | None = None, read_only: bool = False
    ) -> tuple["ApiToken", str]:
        """A new token for `user`, and its key: the only time the key exists outside the client."""
        key = secrets.token_hex(20)
        expires_at = timezone.now() + timedelta(days=expires_days) if expires_days is not None else None
        token = cls.objects.create(
            user=user, digest=token_digest(key), prefix=key[:8], read_only=read_only, expires_at=expires_at
        )
        return token, key

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
