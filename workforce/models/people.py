import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from trusts.models import Trust
from wachter_planner.history import audited
from wachter_planner.validation import ValidatedModel

from ..querysets import CredentialQuerySet, PersonQuerySet


class Profession(models.TextChoices):
    DOCTOR = "doctor", "Doctor"
    NURSE = "nurse", "Nurse"
    MIDWIFE = "midwife", "Midwife"
    ALLIED_HEALTH = "allied_health", "Allied health professional"
    PHARMACIST = "pharmacist", "Pharmacist"
    HEALTHCARE_SCIENTIST = "healthcare_scientist", "Healthcare scientist"
    DENTIST = "dentist", "Dentist"
    NON_CLINICAL = "non_clinical", "Non-clinical"


class RegistrationBody(models.TextChoices):
    GMC = "GMC", "General Medical Council"
    NMC = "NMC", "Nursing and Midwifery Council"
    HCPC = "HCPC", "Health and Care Professions Council"
    GPHC = "GPhC", "General Pharmaceutical Council"
    GDC = "GDC", "General Dental Council"


BODY_FOR_PROFESSION = {
    Profession.DOCTOR: RegistrationBody.GMC,
    Profession.NURSE: RegistrationBody.NMC,
    Profession.MIDWIFE: RegistrationBody.NMC,
    Profession.ALLIED_HEALTH: RegistrationBody.HCPC,
    Profession.HEALTHCARE_SCIENTIST: RegistrationBody.HCPC,
    Profession.PHARMACIST: RegistrationBody.GPHC,
    Profession.DENTIST: RegistrationBody.GDC,
    Profession.NON_CLINICAL: "",
}


def is_clinical(profession: str) -> bool:
    """A registered clinician: any profession but non-clinical."""
    return profession != Profession.NON_CLINICAL


HCPC_PREFIXES = "AS BS CH CS DT HAD ODP OR OT PA PH PO PYL RA SL".split()

REGISTRATION_FORMATS = {
    RegistrationBody.GMC: (r"\d{7}", "a GMC number is 7 digits, e.g. 1234567"),
    RegistrationBody.NMC: (r"\d{2}[A-Z]\d{4}[A-Z]", "an NMC PIN looks like 12A3456E"),
    RegistrationBody.HCPC: (
        rf"(?:{'|'.join(HCPC_PREFIXES)})\d{{1,6}}",
        "an HCPC number is a profession prefix (e.g. PA, OT, PYL) then 1 to 6 digits, e.g. PA12345",
    ),
    RegistrationBody.GPHC: (r"\d{7}", "a GPhC number is 7 digits"),
    RegistrationBody.GDC: (r"\d{1,6}", "a GDC number is 1 to 6 digits"),
}


REGISTRATION_BODY_HELP = (
    "The statutory register, decided by the profession: {}; empty for non_clinical.".format(
        "; ".join(
            f"{body} for {', '.join(p for p, b in BODY_FOR_PROFESSION.items() if b == body)}"
            for body in RegistrationBody
        )
    )
)
REGISTRATION_NUMBER_HELP = (
    "Number on that register, unique per register: {}; empty for non-clinical staff.".format(
        "; ".join(rule for _, rule in REGISTRATION_FORMATS.values())
    )
)


def registration_errors(profession, body, number):
    """The field-keyed problems with a profession, registration body and number, if any."""
    if profession not in BODY_FOR_PROFESSION:
        return {}
    expected_body = BODY_FOR_PROFESSION[profession]
    if not expected_body:
        errors = {}
        if body:
            errors["registration_body"] = "A non-clinical person has no registration body."
        if number:
            errors["registration_number"] = "A non-clinical person has no registration number."
        return errors
    if body != expected_body:
        return {
            "registration_body": f"A {Profession(profession).label.lower()} registers with the {expected_body}."
        }
    pattern, rule = REGISTRATION_FORMATS[body]
    if not number:
        return {"registration_number": f"A registered clinician needs a registration number: {rule}."}
    if not re.fullmatch(pattern, number):
        return {"registration_number": f"Not a valid {body} registration number: {rule}."}
    return {}


class Person(ValidatedModel):
    """Someone in (or being trained for) a clinical-informatics role."""

    given_name = models.CharField(max_length=200, help_text="Given name.")
    family_name = models.CharField(max_length=200, help_text="Family name.")
    profession = models.CharField(
        max_length=32,
        choices=Profession.choices,
        help_text="The person's profession; it decides the registration body.",
    )
    registration_body = models.CharField(
        max_length=4,
        choices=RegistrationBody.choices,
        blank=True,
        default="",
        help_text=REGISTRATION_BODY_HELP,
    )
    registration_number = models.CharField(
        max_length=10, blank=True, default="", help_text=REGISTRATION_NUMBER_HELP
    )
    employing_trust = models.ForeignKey(
        Trust,
        on_delete=models.PROTECT,
        related_name="employees",
        help_text="The trust that employs the person.",
    )

    history = audited()
    objects = PersonQuerySet.as_manager()
    constraint_fields = {
        "person_registration_unique_per_body": "registration_number",
        "person_registered_iff_clinical": "registration_number",
    }

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["registration_body", "registration_number"],
                condition=~Q(registration_body=""),
                name="person_registration_unique_per_body",
                violation_error_message="Another person already has this registration number.",
            ),
            models.CheckConstraint(
                condition=Q(profession="non_clinical", registration_body="", registration_number="")
                | (~Q(profession="non_clinical") & ~Q(registration_body="") & ~Q(registration_number="")),
                name="person_registered_iff_clinical",
            ),
        ]

    def __str__(self):
        return f"{self.given_name} {self.family_name}"

    @property
    def is_clinician(self):
        return is_clinical(self.profession)

    def clean(self):
        errors = registration_errors(self.profession, self.registration_body, self.registration_number)
        if errors:
            raise ValidationError(errors)


class CredentialKind(models.TextChoices):
    FCI_MEMBER = "fci_member", "Faculty of Clinical Informatics member"
    FCI_FELLOW = "fci_fellow", "Faculty of Clinical Informatics fellow"
    FEDIP_PRACTITIONER = "fedip_practitioner", "FedIP practitioner"
    FEDIP_SENIOR = "fedip_senior", "FedIP senior practitioner"
    FEDIP_ADVANCED = "fedip_advanced", "FedIP advanced practitioner"
    FEDIP_LEADING = "fedip_leading", "FedIP leading practitioner"
    ACADEMY_GRADUATE = "academy_graduate", "NHS Digital Academy graduate"
    MASTERS_INFORMATICS = "masters_informatics", "Master's in health informatics"
    OTHER_ADVANCED = "other_advanced", "Other advanced informatics training"


class Credential(ValidatedModel):
    """An informatics credential; one awarded on or before a date makes its holder trained."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="credentials", help_text="The person who holds it."
    )
    kind = models.CharField(
        max_length=32, choices=CredentialKind.choices, help_text="The informatics credential held."
    )
    awarded_on = models.DateField(
        help_text="When it was awarded; from that day the holder counts as informatics-trained."
    )
    # Set when an Academy graduation gave this credential, so undoing it removes it again.
    enrolment = models.OneToOneField(
        "workforce.Enrolment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="academy_credential",
    )

    history = audited()
    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["awarded_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.awarded_on:%Y-%m-%d})"
