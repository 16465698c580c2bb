"""What writes through the API leave behind: refusals for records others depend on (409),
records kept within a trust editor's reach, read-only fields, and the audit history."""

import pytest

from tests.factories import (
    AllocationFactory,
    CredentialFactory,
    EnrolmentFactory,
    PersonFactory,
    PostFactory,
    TrustFactory,
)
from workforce.models import Person, Post

pytestmark = pytest.mark.django_db


def test_deleting_a_trust_others_depend_on_is_a_409_naming_them(admin_client):
    trust = TrustFactory()
    PostFactory.create_batch(3, trust=trust, person=None)
    PersonFactory.create_batch(2, employing_trust=trust)
    response = admin_client.delete(f"/api/v1/trusts/{trust.ods_code}/")
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "This trust has 2 people, 3 posts; remove them first."},
    )
    assert trust.posts.count() == 3


@pytest.mark.parametrize(
    "path, make, message",
    [
        ("people", lambda: PostFactory().person, "This person has 1 post; remove them first."),
        ("cohorts", lambda: EnrolmentFactory().cohort, "This cohort has 1 enrolment; remove them first."),
        ("budgets", lambda: AllocationFactory().budget, "This budget has 1 allocation; remove them first."),
        ("regions", lambda: TrustFactory().region, "This region has"),
    ],
)
def test_deleting_what_others_depend_on_is_a_409(admin_client, path, make, message):
    record = make()
    response = admin_client.delete(f"/api/v1/{path}/{record.pk}/")
    assert response.status_code == 409
    assert response.json()["detail"].startswith(message)
    assert type(record).objects.filter(pk=record.pk).exists()


def test_deleting_a_person_takes_their_credentials_with_them(admin_client):
    credential = CredentialFactory()
    assert admin_client.delete(f"/api/v1/people/{credential.person_id}/").status_code == 204
    assert not type(credential).objects.filter(pk=credential.pk).exists()


def test_a_trust_editor_cannot_move_a_record_to_another_trust(client_for, trust_a, trust_b):
    person = PersonFactory(employing_trust=trust_a)
    response = client_for("editor_a").patch(f"/api/v1/people/{person.pk}/", {"employing_trust": "RBB"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.employing_trust == trust_a


@pytest.mark.parametrize(
    "path, payload",
    [
        (
            "posts",
            lambda person: {"trust": "RAA", "role": "ccio", "person": person.pk, "start_date": "2026-01-01"},
        ),
        (
            "credentials",
            lambda person: {"person": person.pk, "kind": "faculty_fellow", "awarded_on": "2026-01-01"},
        ),
    ],
)
def test_creating_a_record_of_another_trust_is_refused_before_its_fields_are_checked(
    client_for, trust_a, trust_b, path, payload
):
    # The person of trust A is out of sight to B's editor; still the answer is 403, not 400.
    person = PersonFactory(employing_trust=trust_a)
    response = client_for("editor_b").post(f"/api/v1/{path}/", payload(person))
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "You may only write records of your own trust(s)."},
    )
    assert not Post.objects.exists() and not person.credentials.exists()


def test_a_trust_editor_cannot_give_their_post_to_someone_out_of_sight(client_for, trust_a, trust_b):
    outsider = PersonFactory(employing_trust=trust_b)
    post = PostFactory(trust=trust_a, person=None)
    response = client_for("editor_a").patch(f"/api/v1/posts/{post.pk}/", {"person": outsider.pk})
    assert (response.status_code, list(response.json())) == (400, ["person"])
    post.refresh_from_db()
    assert post.person is None


def test_someone_employed_elsewhere_is_of_every_trust_they_hold_a_post_at(client_for, trust_a, trust_b):
    post = PostFactory(trust=trust_a, person__employing_trust=trust_b)
    credential = CredentialFactory(person=post.person)
    enrolment = EnrolmentFactory(person=post.person)  # sponsored by B
    for persona in ("editor_a", "editor_b"):
        client = client_for(persona)
        assert client.get(f"/api/v1/people/{post.person_id}/").status_code == 200
        assert client.get(f"/api/v1/credentials/{credential.pk}/").status_code == 200
        assert client.get(f"/api/v1/enrolments/{enrolment.pk}/").status_code == 200


def test_an_enrolment_sponsored_by_a_trust_is_of_that_trust(client_for, trust_a, trust_b):
    enrolment = EnrolmentFactory(person__employing_trust=trust_b, sponsoring_trust=trust_a)
    assert client_for("board_a").get(f"/api/v1/enrolments/{enrolment.pk}/").status_code == 200
    assert client_for("board_a").get(f"/api/v1/people/{enrolment.person_id}/").status_code == 404


def test_a_filter_naming_someone_out_of_sight_is_refused_as_unknown(client_for, trust_b):
    outsider = PersonFactory(employing_trust=trust_b)
    response = client_for("editor_a").get("/api/v1/posts/", {"person": outsider.pk})
    assert response.status_code == 400


def test_people_show_their_credentials_and_derived_fields_read_only(admin_client, trust_a):
    person = PersonFactory(employing_trust=trust_a)
    CredentialFactory(person=person, kind="fci_fellow", awarded_on="2018-05-01")
    response = admin_client.patch(f"/api/v1/people/{person.pk}/", {"is_clinician": False, "credentials": []})
    assert response.status_code == 200
    body = response.json()
    assert body["is_clinician"] is True
    assert [(c["kind"], c["awarded_on"]) for c in body["credentials"]] == [("fci_fellow", "2018-05-01")]
    assert person.credentials.count() == 1


def test_every_change_is_in_the_audit_history_with_who_made_it(client_for, cast, trust_a):
    person = PersonFactory(employing_trust=trust_a)
    client_for("editor_a").patch(f"/api/v1/people/{person.pk}/", {"family_name": "Lovelace"})
    latest = Person.history.filter(id=person.pk).latest("history_date")
    assert (latest.family_name, latest.history_user, latest.history_type) == (
        "Lovelace",
        cast["editor_a"],
        "~",
    )


def test_a_refused_write_leaves_no_history(client_for, trust_b):
    post = PostFactory(trust=trust_b, person=None)
    client_for("editor_b").patch(f"/api/v1/posts/{post.pk}/", {"trust": "RAA"})
    assert Post.history.filter(id=post.pk).count() == 1
