"""The columns of a workforce return (SPEC §8), as the template, the export and the import read
them."""

from dataclasses import dataclass

from ..models import CredentialKind, Profession, RegistrationBody, ReportsTo, Role


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: str
    choices: tuple[str, ...] = ()
    is_date: bool = False


CREDENTIAL_EXAMPLE = "fci_member:2020-03-01; fedip_senior:2021-06-30"

COLUMNS = (
    Column("trust", True, "ODS code of the post's trust, e.g. RGT."),
    Column("role", True, "The post's role.", tuple(Role.values)),
    Column(
        "time_fraction",
        True,
        "Share of the holder's working time on the role: more than 0, at most 1, up to three "
        "decimal places (10 programmed activities = 1).",
    ),
    Column("reports_to", True, "Whom the post reports to.", tuple(ReportsTo.values)),
    Column("start_date", True, "When the post started, YYYY-MM-DD.", is_date=True),
    Column("end_date", False, "When the post ends or ended, YYYY-MM-DD; blank if open.", is_date=True),
    Column("budget_authority_gbp", False, "The budget the post holder controls, in pounds; blank if none."),
    Column("given_name", False, "The holder's given name; blank for a vacancy."),
    Column("family_name", False, "The holder's family name; blank for a vacancy."),
    Column("profession", False, "The holder's profession; blank for a vacancy.", tuple(Profession.values)),
    Column(
        "registration_body",
        False,
        "GMC for doctors, NMC for nurses and midwives, HCPC for allied health professionals and "
        "healthcare scientists, GPhC for pharmacists, GDC for dentists; blank for non-clinical staff.",
        tuple(RegistrationBody.values),
    ),
    Column(
        "registration_number",
        False,
        "GMC and GPhC 7 digits, NMC like 12A3456E, HCPC a prefix then up to 6 digits (PA12345), "
        "GDC up to 6 digits; blank for non-clinical staff.",
    ),
    Column("employing_trust", False, "ODS code of the holder's employer; blank means the post's trust."),
    Column(
        "credentials",
        False,
        f"Informatics credentials as kind:YYYY-MM-DD joined with ';', e.g. {CREDENTIAL_EXAMPLE}.",
        tuple(CredentialKind.values),
    ),
)
NAMES = tuple(column.name for column in COLUMNS)
REQUIRED = tuple(column.name for column in COLUMNS if column.required)
PERSON_COLUMNS = (
    "given_name",
    "family_name",
    "profession",
    "registration_body",
    "registration_number",
    "employing_trust",
    "credentials",
)
