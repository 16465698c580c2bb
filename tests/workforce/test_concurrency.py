"""Rules that must hold when many requests arrive at once (PostgreSQL row locks)."""

import pytest
from django.db import connection, transaction

from tests.concurrency import in_parallel
from tests.factories import CohortFactory, PersonFactory, PostFactory, TrustFactory
from workforce.models import Cohort, ComplianceResult, Enrolment, Person
from workforce.recompute import recompute

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_enrolments_never_take_more_places_than_the_cohort_has():
    assert connection.vendor == "postgresql"
    cohort = CohortFactory(places=3)
    people = PersonFactory.create_batch(20)

    def enrol(index):
        person = people[index]
        Enrolment(
            cohort=cohort, person=person, sponsoring_trust_id=person.employing_trust_id, status="enrolled"
        ).save()

    refusals = in_parallel(20, enrol)

    assert Enrolment.objects.filter(cohort=cohort).count() == 3
    assert refusals == [{"cohort": ["This cohort's 3 places are all taken."]}] * 17


def test_simultaneous_registrations_of_one_number_save_one_and_explain_the_rest():
    trust = TrustFactory()

    def register(index):
        Person(
            given_name="Ada",
            family_name=f"Twin{index}",
            profession="doctor",
            registration_body="GMC",
            registration_number="8888888",
            employing_trust=trust,
        ).save()

    refusals = in_parallel(20, register)

    assert Person.objects.filter(registration_number="8888888").count() == 1
    assert (
        refusals == [{"registration_number": ["Another person already has this registration number."]}] * 19
    )


def test_edits_racing_national_recomputes_never_fail():
    """A new cohort marks every active trust (its cost prices every gap) while recomputes
    store the same rows: both lock them in trust order, so neither deadlocks."""
    trusts = TrustFactory.create_batch(60)
    for trust in trusts:
        PostFactory(trust=trust, role="ccio")
    recompute()

    def add_cohort_or_recompute(index):
        if index % 2:
            recompute()
            return
        with transaction.atomic():
            CohortFactory()

    for _ in range(3):
        in_parallel(8, add_cohort_or_recompute)

    assert Cohort.objects.count() == 12
    recompute()
    assert not ComplianceResult.objects.filter(stale=True).exists()
