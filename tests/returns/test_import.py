"""Importing a workforce return: a snapshot per trust, people matched, credentials added,
all or nothing, and the same file twice writes nothing (SPEC §8)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from tests.factories import CredentialFactory, PersonFactory, PostFactory
from workforce.models import ComplianceResult, Credential, Person, Post, WorkforceReturn

from .helpers import DOCTOR, NURSE, VACANCY, as_csv, as_xlsx, upload

pytestmark = pytest.mark.django_db


def history_rows():
    return Person.history.count() + Post.history.count() + Credential.history.count()


def test_a_return_creates_the_trusts_posts_people_and_credentials(admin_client, trust_a):
    answer = upload(admin_client, as_csv([DOCTOR, NURSE, VACANCY]))
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert {
        key: body[key]
        for key in ("trusts", "submitted_by", "rows", "created", "updated", "deleted", "unchanged")
    } == {
        "trusts": ["RAA"],
        "submitted_by": "admin",
        "rows": 3,
        "created": 3,
        "updated": 0,
        "deleted": 0,
        "unchanged": 0,
    }
    ccio = Post.objects.get(trust=trust_a, role="ccio")
    assert (ccio.time_fraction, ccio.person.registration_number, ccio.person.employing_trust) == (
        Decimal("0.800"),
        "1234567",
        trust_a,
    )
    assert sorted(ccio.person.credentials.values_list("kind", "awarded_on")) == [
        ("fci_member", date(2020, 3, 1)),
        ("fedip_senior", date(2021, 6, 30)),
    ]
    assert Post.objects.get(role="clinical_informatician").person is None
    assert ComplianceResult.objects.get(trust=trust_a).stale


def test_the_same_file_again_writes_nothing(admin_client, trust_a):
    content = as_csv([DOCTOR, NURSE, VACANCY])
    upload(admin_client, content)
    before = history_rows()
    again = upload(admin_client, content).json()
    assert (again["created"], again["updated"], again["deleted"], again["unchanged"]) == (0, 0, 0, 3)
    assert history_rows() == before


def test_a_return_is_a_snapshot_of_each_trust_it_names(admin_client, trust_a, trust_b):
    kept = PostFactory(trust=trust_a, role="ccio", person__registration_number="1234567", time_fraction="0.5")
    gone = PostFactory(trust=trust_a, role="cmio")
    elsewhere = PostFactory(trust=trust_b)
    body = upload(admin_client, as_csv([DOCTOR, VACANCY])).json()
    assert (body["created"], body["updated"], body["deleted"], body["unchanged"]) == (1, 1, 1, 0)
    kept.refresh_from_db()
    assert kept.time_fraction == Decimal("0.800")
    assert (kept.person.given_name, kept.person.family_name) == ("Ada", "Lovelace")
    assert not Post.objects.filter(pk=gone.pk).exists()
    assert Post.history.filter(id=gone.pk, history_type="-").get().history_user.username == "admin"
    assert Post.objects.filter(pk=elsewhere.pk).exists()


def test_a_person_fills_posts_at_two_trusts_and_their_credentials_merge(admin_client, trust_a, trust_b):
    at_b = {
        **DOCTOR,
        "trust": "RBB",
        "role": "cmio",
        "employing_trust": "RAA",
        "credentials": "fci_fellow:2022-01-01",
    }
    at_a = {**DOCTOR, "employing_trust": "RAA"}
    assert upload(admin_client, as_csv([at_a, at_b])).status_code == 201
    person = Person.objects.get()
    assert set(person.posts.values_list("trust__ods_code", flat=True)) == {"RAA", "RBB"}
    assert person.credentials.count() == 3


def test_credentials_are_added_never_removed(admin_client, trust_a):
    person = PersonFactory(registration_number="1234567", employing_trust=trust_a)
    CredentialFactory(person=person, kind="masters_informatics", awarded_on=date(2010, 1, 1))
    upload(admin_client, as_csv([DOCTOR]))
    assert person.credentials.count() == 3


def test_non_clinical_people_are_matched_by_name_and_employer(admin_client, trust_a):
    manager = {
        **VACANCY,
        "role": "cio",
        "given_name": "Sam",
        "family_name": "Jones",
        "profession": "non_clinical",
    }
    upload(admin_client, as_csv([manager]))
    upload(admin_client, as_csv([{**manager, "time_fraction": "1"}]))
    assert Person.objects.count() == 1
    assert Post.objects.get().time_fraction == Decimal("1.000")


def test_a_dry_run_counts_and_writes_nothing(admin_client, trust_a):
    before = history_rows()
    answer = upload(admin_client, as_csv([DOCTOR, NURSE]), dry_run=True)
    assert answer.status_code == 200
    assert (answer.json()["id"], answer.json()["created"]) == (None, 2)
    assert (Post.objects.count(), WorkforceReturn.objects.count(), history_rows()) == (0, 0, before)


def test_an_xlsx_return_with_date_cells_imports(admin_client, trust_a):
    row = {**DOCTOR, "start_date": date(2020, 1, 1), "time_fraction": 0.8}
    answer = upload(admin_client, as_xlsx([row]), name="return.xlsx")
    assert answer.status_code == 201, answer.json()
    assert Post.objects.get().start_date == date(2020, 1, 1)


def test_the_import_is_in_the_history_as_its_submitter_from_an_import(admin_client, trust_a):
    upload(admin_client, as_csv([DOCTOR]))
    record = Post.history.get()
    assert (record.history_user.username, record.history_origin, record.history_type) == (
        "admin",
        "import",
        "+",
    )


def test_the_command_imports_and_reports_counts(trust_a, tmp_path, capsys):
    path = tmp_path / "return.csv"
    path.write_bytes(as_csv([DOCTOR, VACANCY]))
    call_command("import_workforce", str(path), "--dry-run")
    assert "2 posts created" in capsys.readouterr().out
    assert Post.objects.count() == 0
    call_command("import_workforce", str(path))
    assert Post.objects.count() == 2
    assert Post.history.first().history_origin == "command"


def test_the_command_prints_each_error_and_exits_1(trust_a, tmp_path, capsys):
    path = tmp_path / "return.csv"
    path.write_bytes(as_csv([{**DOCTOR, "time_fraction": "1.5"}, {**NURSE, "registration_number": "123"}]))
    with pytest.raises(CommandError) as refused:
        call_command("import_workforce", str(path))
    assert refused.value.returncode == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "row 2, column time_fraction: The time fraction cannot be more than 1 (full time)."
    assert out[1].startswith("row 3, column registration_number: Not a valid NMC registration number")
