import re
from collections import Counter
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from funding.models import Allocation, Budget
from trusts.models import Trust
from workforce.models import Cohort, ComplianceResult, Credential, Enrolment, Person, Post
from workforce.recompute import recompute

from .factories import TrustFactory

pytestmark = pytest.mark.django_db

REGISTRATION_FORMATS = {
    "GMC": r"\d{7}",
    "NMC": r"\d{2}[A-Z]\d{4}[A-Z]",
    "HCPC": r"(AS|BS|CH|CS|DT|HAD|ODP|OR|OT|PA|PH|PO|PYL|RA|SL)\d{1,6}",
    "GPhC": r"\d{7}",
    "GDC": r"\d{1,6}",
}


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def workforce_snapshot():
    """What a user would see of the demo: people, posts, credentials, enrolments, money."""
    return {
        "people": sorted(
            Person.objects.values_list(
                "registration_body",
                "registration_number",
                "given_name",
                "family_name",
                "employing_trust__ods_code",
            )
        ),
        "posts": sorted(
            Post.objects.values_list(
                "trust__ods_code",
                "role",
                "person__registration_number",
                "time_fraction",
                "reports_to",
                "start_date",
                "end_date",
            ),
            key=str,
        ),
        "credentials": sorted(
            Credential.objects.values_list("person__registration_number", "kind", "awarded_on")
        ),
        "enrolments": sorted(
            Enrolment.objects.values_list("cohort__name", "person__registration_number", "status")
        ),
        "allocations": sorted(
            Allocation.objects.values_list(
                "financial_year", "category", "trust__ods_code", "amount_gbp", "status"
            ),
            key=str,
        ),
    }


def delete_demo():
    Allocation.objects.all().delete()
    Credential.objects.all().delete()
    Enrolment.objects.all().delete()
    Post.objects.all().delete()
    Person.objects.all().delete()
    Cohort.objects.all().delete()


@pytest.fixture
def trusts():
    return TrustFactory.create_batch(8)


def test_every_active_trust_gets_people_and_closed_ones_none(trusts):
    closed = TrustFactory(closed_on=date(2020, 3, 31))

    output = load_demo("--seed", "7")

    assert "Demo workforce loaded for 8 trusts" in output
    for trust in trusts:
        assert Person.objects.filter(employing_trust=trust).exists(), trust.ods_code
    assert not Person.objects.filter(employing_trust=closed).exists()
    assert not Post.objects.filter(trust=closed).exists()


def test_same_seed_gives_the_same_demo(trusts):
    load_demo("--seed", "7")
    first = workforce_snapshot()
    delete_demo()

    load_demo("--seed", "7")

    assert workforce_snapshot() == first
    delete_demo()
    load_demo("--seed", "8")
    assert workforce_snapshot()["people"] != first["people"]


def test_every_demo_record_passes_the_model_rules(trusts):
    load_demo("--seed", "7")

    for model in (Person, Post, Credential, Cohort, Enrolment, Allocation):
        for record in model.objects.all():
            record.full_clean()
    people = Person.objects.exclude(registration_body="")
    for body, number in people.values_list("registration_body", "registration_number"):
        assert re.fullmatch(REGISTRATION_FORMATS[body], number), (body, number)
    assert set(people.values_list("registration_body", flat=True)) >= {"GMC", "NMC", "HCPC", "GPhC"}


def test_the_demo_paints_the_wachter_picture():
    TrustFactory.create_batch(100)

    load_demo("--seed", "2016")
    recompute()

    results = ComplianceResult.objects.all()
    rag = Counter(results.values_list("rag", flat=True))
    assert 3 <= rag["green"] <= 20
    assert rag["amber"] > rag["green"] and rag["red"] > rag["green"]
    ccio_posts = Post.objects.filter(role="ccio", end_date=None).exclude(person=None)
    assert ccio_posts.filter(time_fraction__lte=Decimal("0.75")).count() > ccio_posts.count() / 3
    assert ccio_posts.filter(reports_to__in=["medical_director", "cio"]).exists()
    assert Post.objects.filter(person=None).exists()
    assert Post.objects.exclude(end_date=None).exists()
    assert Person.objects.filter(profession="non_clinical", posts__role="ccio").exists()
    assert results.filter(pipeline_count__gt=0).exists()


def test_academy_places_and_graduations_are_believable():
    TrustFactory.create_batch(20)
    today = timezone.localdate()

    load_demo("--seed", "3")

    cohorts = Cohort.objects.all()
    assert cohorts.first().start_date.year == 2018
    assert cohorts.filter(start_date__lte=today, graduation_date__gt=today).exists()
    for cohort in cohorts:
        assert cohort.enrolments.live().count() <= cohort.places
        assert cohort.graduation_date.year == cohort.start_date.year + 1
    graduated = Enrolment.objects.filter(status="graduated")
    assert graduated.exists()
    assert not graduated.filter(cohort__graduation_date__gt=today).exists()
    for enrolment in graduated:
        credential = enrolment.academy_credential
        assert (credential.person, credential.kind) == (enrolment.person, "academy_graduate")
        assert credential.awarded_on == enrolment.cohort.graduation_date
    assert Enrolment.objects.filter(status="enrolled", cohort__graduation_date__gt=today).exists()


def test_allocations_spread_the_default_budget_and_leave_some_free(trusts):
    load_demo("--seed", "7")

    budget = Budget.objects.get(is_default=True)
    allocated = budget.allocated()
    assert Decimal("35000000") < allocated <= budget.total_gbp - Decimal("2000000")
    assert set(budget.allocations.values_list("financial_year", flat=True)) == {
        "2016/17",
        "2017/18",
        "2018/19",
        "2019/20",
        "2020/21",
    }
    assert budget.allocations.filter(category="academy_places", cohort__isnull=False).exists()
    statuses = Counter(budget.allocations.values_list("status", flat=True))
    assert statuses["spent"] > statuses["committed"] + statuses["planned"] > 0


def test_loaded_trusts_are_marked_for_recompute(trusts):
    load_demo("--seed", "7")

    assert ComplianceResult.objects.filter(stale=True).count() == len(trusts)


def test_synthetic_trusts_for_scale_tests(trusts):
    output = load_demo("--seed", "7", "--trusts", "5")

    synthetic = Trust.objects.filter(ods_code__startswith="Z")
    assert sorted(synthetic.values_list("ods_code", flat=True)) == [
        "Z0001",
        "Z0002",
        "Z0003",
        "Z0004",
        "Z0005",
    ]
    for trust in synthetic:
        trust.full_clean()
        assert trust.is_active
        assert Person.objects.filter(employing_trust=trust).exists()
    assert synthetic.values("region").distinct().count() == 5
    assert "Demo workforce loaded for 13 trusts" in output


def test_second_run_loads_nothing(trusts):
    load_demo("--seed", "7")
    before = workforce_snapshot()

    output = load_demo("--seed", "9", "--trusts", "3")

    assert output.strip() == "Demo workforce already present; nothing loaded."
    assert workforce_snapshot() == before
    assert not Trust.objects.filter(ods_code__startswith="Z").exists()


def test_without_trusts_there_is_nothing_to_staff():
    output = load_demo()

    assert "No active trusts" in output
    assert not Cohort.objects.exists()
    assert not Allocation.objects.exists()


def test_a_negative_number_of_synthetic_trusts_is_refused(trusts):
    with pytest.raises(CommandError, match="--trusts must be between 0 and 9999"):
        load_demo("--trusts", "-1")
