"""Rules that must hold when many requests arrive at once (PostgreSQL row locks)."""

import threading
import time

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


def test_lowering_places_waits_for_an_enrolment_in_flight_and_then_counts_it():
    cohort = CohortFactory(places=3)
    people = PersonFactory.create_batch(3)
    for person in people[:2]:
        Enrolment.objects.create(cohort=cohort, person=person, sponsoring_trust_id=person.employing_trust_id)
    enrolment_saved = threading.Event()

    def enrol_or_lower(index):
        if index == 0:  # the third enrolment, committed only after the cohort edit has begun
            with transaction.atomic():
                person = people[2]
                Enrolment(cohort=cohort, person=person, sponsoring_trust_id=person.employing_trust_id).save()
                enrolment_saved.set()
                time.sleep(0.5)
        else:
            enrolment_saved.wait()
            lowered = Cohort.objects.get(pk=cohort.pk)
            lowered.places = 2
            lowered.save()

    refusals = in_parallel(2, enrol_or_lower)

    cohort.refresh_from_db()
    assert (cohort.places, cohort.enrolments.live().count()) == (3, 3)
    assert refusals == [{"places": ["3 places are already taken; the cohort cannot have fewer."]}]


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
