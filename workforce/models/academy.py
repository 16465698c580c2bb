from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from trusts.models import Trust
from wachter_planner.history import audited
from wachter_planner.validation import ValidatedModel

from ..querysets import CohortQuerySet, EnrolmentQuerySet
from .people import Credential, CredentialKind, Person


class Cohort(ValidatedModel):
    """An NHS Digital Academy cohort: a number of funded places and a graduation date."""

    name = models.CharField(max_length=200, help_text="The cohort's name.")
    programme = models.CharField(max_length=200, help_text="The programme it follows.")
    partner = models.CharField(max_length=200, help_text="The university or partner that teaches it.")
    start_date = models.DateField(help_text="When teaching starts.")
    graduation_date = models.DateField(help_text="When its students graduate; after the start date.")
    places = models.PositiveIntegerField(
        validators=[MinValueValidator(1, "A cohort needs at least one place.")],
        help_text="Funded places; offered, enrolled and graduated students never exceed them.",
    )
    cost_per_place_gbp = models.DecimalField(
        "cost per place (£)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="Cost of one place, in pounds.",
    )

    history = audited()
    objects = CohortQuerySet.as_manager()
    constraint_fields = {
        "cohort_graduates_after_start": "graduation_date",
        "cohort_has_places": "places",
        "cohort_cost_not_negative": "cost_per_place_gbp",
    }

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(graduation_date__gt=F("start_date")),
                name="cohort_graduates_after_start",
                violation_error_message="The graduation date must be after the start date.",
            ),
            models.CheckConstraint(condition=Q(places__gt=0), name="cohort_has_places"),
            models.CheckConstraint(condition=Q(cost_per_place_gbp__gte=0), name="cohort_cost_not_negative"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            # Places taken are counted under the lock enrolments take, so an enrolment in flight
            # is counted before the places can drop below it.
            Cohort.objects.select_for_update().filter(pk=self.pk).exists()
            super().save(*args, **kwargs)
            # A graduate's credential follows the cohort's graduation date.
            for credential in Credential.objects.filter(enrolment__cohort=self).exclude(
                awarded_on=self.graduation_date
            ):
                credential.awarded_on = self.graduation_date
                credential.save()

    def clean(self):
        if self.pk and self.places:
            taken = self.enrolments.live().count()
            if taken > self.places:
                raise ValidationError(
                    {"places": f"{taken} places are already taken; the cohort cannot have fewer."}
                )


class EnrolmentStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ENROLLED = "enrolled", "Enrolled"
    GRADUATED = "graduated", "Graduated"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Enrolment(ValidatedModel):
    """A person's place on a cohort, sponsored by a trust."""

    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        related_name="enrolments",
        help_text="The Academy cohort of the place.",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="enrolments",
        help_text="The person on the place; one live (not withdrawn) enrolment per person per cohort.",
    )
    sponsoring_trust = models.ForeignKey(
        Trust,
        on_delete=models.PROTECT,
        related_name="sponsored_enrolments",
        help_text="The trust that sponsors the place.",
    )
    status = models.CharField(
        max_length=16,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.OFFERED,
        help_text="Where the place stands. Graduating (allowed from the cohort's graduation date) gives "
        "the person an academy_graduate credential.",
    )

    history = audited()
    objects = EnrolmentQuerySet.as_manager()
    constraint_fields = {"enrolment_one_live_per_person_per_cohort": "person"}

    class Meta:
        ordering = ["cohort__start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person"],
                condition=~Q(status="withdrawn"),
                name="enrolment_one_live_per_person_per_cohort",
                violation_error_message="This person already has a place on this cohort.",
            ),
        ]

    def __str__(self):
        return f"{self.person} on {self.cohort} ({self.status})"

    @property
    def is_live(self):
        return self.status != EnrolmentStatus.WITHDRAWN

    def save(self, *args, **kwargs):
        with transaction.atomic():
            # Places are counted under a lock on the cohort, so concurrent enrolments queue, and
            # against the places it has once locked, not those it had when this was read.
            locked = Cohort.objects.select_for_update().filter(pk=self.cohort_id).first()
            if locked is not None:
                self.cohort = locked
            super().save(*args, **kwargs)
            self.sync_academy_credential()

    def sync_academy_credential(self):
        """Graduating gives the person an Academy credential dated the cohort's graduation;
        undoing it takes the credential away."""
        if self.status == EnrolmentStatus.GRADUATED:
            Credential.objects.update_or_create(
                enrolment=self,
                defaults={
                    "person": self.person,
                    "kind": CredentialKind.ACADEMY_GRADUATE,
                    "awarded_on": self.cohort.graduation_date,
                },
            )
        else:
            Credential.objects.filter(enrolment=self).delete()

    def clean(self):
        if not self.cohort_id:
            return
        if self.status == EnrolmentStatus.GRADUATED and timezone.localdate() < self.cohort.graduation_date:
            raise ValidationError(
                {
                    "status": f"Nobody can graduate before the cohort's graduation date, {self.cohort.graduation_date:%d %B %Y}."
                }
            )
        if self.is_live:
            others = self.cohort.enrolments.live().exclude(pk=self.pk).count()
            if others >= self.cohort.places:
                raise ValidationError({"cohort": f"This cohort's {self.cohort.places} places are all taken."})
