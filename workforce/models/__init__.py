from .academy import Cohort, Enrolment, EnrolmentStatus
from .people import Credential, CredentialKind, Person, Profession, RegistrationBody
from .policy import Policy
from .posts import Post, ReportsTo, Role
from .results import ComplianceHistory, ComplianceResult
from .returns import WorkforceReturn

__all__ = [
    "Cohort",
    "ComplianceHistory",
    "ComplianceResult",
    "Credential",
    "CredentialKind",
    "Enrolment",
    "EnrolmentStatus",
    "Person",
    "Policy",
    "Post",
    "Profession",
    "RegistrationBody",
    "ReportsTo",
    "Role",
    "WorkforceReturn",
]
