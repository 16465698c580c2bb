"""factory_boy factories shared by every test module. Defaults make a valid record."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from funding.models import Allocation, Budget
from trusts.models import Region, Trust, TrustMembership
from workforce.models import Cohort, Credential, Enrolment, Person, Post


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    ods_code = factory.Sequence(lambda n: f"T{n:02d}"[-3:] if n < 100 else f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Test Hospitals NHS Trust {n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="Y56"))
    trust_type = "acute"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = "Ada"
    family_name = factory.Sequence(lambda n: f"Clinician{n}")
    profession = "doctor"
    registration_body = "GMC"
    registration_number = factory.Sequence(lambda n: f"{7000000 + n}")
    employing_trust = factory.SubFactory(TrustFactory)


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credential

    person = factory.SubFactory(PersonFactory)
    kind = "fci_member"
    awarded_on = date(2015, 1, 1)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    trust = factory.SubFactory(TrustFactory)
    person = factory.SubFactory(PersonFactory, employing_trust=factory.SelfAttribute("..trust"))
    role = "clinical_informatician"
    time_fraction = Decimal("0.500")
    reports_to = "ceo"
    start_date = date(2016, 1, 1)
    end_date = None


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    programme = "Digital Health Leadership"
    partner = "Imperial College London"
    start_date = date(2026, 9, 1)
    graduation_date = date(2027, 8, 31)
    places = 20
    cost_per_place_gbp = Decimal("13300.00")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(PersonFactory)
    sponsoring_trust = factory.SelfAttribute("person.employing_trust")
    status = "enrolled"


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    name = factory.Sequence(lambda n: f"Budget {n}")
    total_gbp = Decimal("1000000.00")
    start_date = date(2016, 4, 1)
    end_date = date(2021, 3, 31)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    budget = factory.SubFactory(BudgetFactory)
    category = "academy_places"
    financial_year = "2018/19"
    amount_gbp = Decimal("13300.00")
    status = "planned"


def make_user(username, role, trusts=(), password=None):
    """A user of `role` ("admin" is a superuser; the others are groups) linked to `trusts`."""
    user = get_user_model().objects.create_user(
        username, password=password, is_superuser=role == "admin", is_staff=role == "admin"
    )
    if role != "admin":
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    for trust in trusts:
        TrustMembership.objects.create(user=user, trust=trust)
    return user
