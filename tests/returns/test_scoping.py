"""Who may import, read and export workforce returns (SPEC §8 "Who"), for the fixed cast."""

import pytest

from tests.factories import PersonFactory, PostFactory
from workforce.models import Person, Post, WorkforceReturn

from .helpers import DOCTOR, VACANCY, as_csv, upload

pytestmark = pytest.mark.django_db

EXPECTED_STATUS = {
    "anonymous": 401,
    "nhse_analyst": 403,
    "funding_manager": 403,
    "board_a": 403,
    "editor_b": 403,
    "editor_a": 201,
    "admin": 201,
}


@pytest.mark.parametrize(("persona", "status"), EXPECTED_STATUS.items())
def test_only_administrators_and_the_trusts_editors_import(client_for, persona, status):
    answer = upload(client_for(persona), as_csv([DOCTOR, VACANCY]))
    assert answer.status_code == status
    assert Post.objects.count() == (2 if status == 201 else 0)


def test_a_file_naming_another_trust_is_refused_whole(client_for, trust_b):
    answer = upload(client_for("editor_a"), as_csv([DOCTOR, {**VACANCY, "trust": "RBB"}]))
    assert answer.status_code == 403
    assert "RBB" in answer.json()["detail"]
    assert (Post.objects.count(), Person.objects.count(), WorkforceReturn.objects.count()) == (0, 0, 0)


def test_an_editor_cannot_make_someone_another_trusts_employee(client_for, trust_b):
    answer = upload(client_for("editor_a"), as_csv([{**DOCTOR, "employing_trust": "RBB"}]))
    assert answer.status_code == 403
    assert Person.objects.count() == 0


def test_an_editor_cannot_change_a_person_of_no_trust_of_theirs(client_for, trust_b):
    PostFactory(trust=trust_b, person__registration_number="1234567", person__employing_trust=trust_b)
    answer = upload(
        client_for("editor_a"), as_csv([{**DOCTOR, "employing_trust": "RBB", "given_name": "Augusta"}])
    )
    assert answer.status_code == 403
    assert Person.objects.get().given_name == "Ada"


def test_an_editor_may_give_their_post_to_another_trusts_employee_unchanged(client_for, trust_b):
    person = PersonFactory(
        given_name="Ada", family_name="Lovelace", registration_number="1234567", employing_trust=trust_b
    )
    row = {**DOCTOR, "employing_trust": "RBB", "credentials": ""}
    assert upload(client_for("editor_a"), as_csv([row])).status_code == 201
    assert Post.objects.get().person == person


def test_returns_are_read_by_those_who_may_read_the_trusts_people(client_for):
    upload(client_for("editor_a"), as_csv([DOCTOR]))
    seen = {
        persona: client_for(persona).get("/api/v1/workforce-returns/").json()["count"]
        for persona in ["admin", "nhse_analyst", "editor_a", "board_a", "editor_b"]
    }
    assert seen == {"admin": 1, "nhse_analyst": 1, "editor_a": 1, "board_a": 1, "editor_b": 0}
    assert client_for("admin").get("/api/v1/workforce-returns/?trust=RBB").json()["count"] == 0
