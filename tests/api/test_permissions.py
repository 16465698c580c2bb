"""SPEC §1 for every endpoint and every member of the cast: list, read, create, change and
delete, with the status each must get, the rows each may see and what is saved."""

import pytest

from .cast import CAST, PERSONAS
from .resources import RESOURCES

pytestmark = pytest.mark.django_db
NATIONAL = {"admin", "nhse_analyst", "funding_manager"}


def sees(persona, resource, owner):
    """Whether `persona` can see a record of trust `owner` ("a" or "b")."""
    if persona == "anonymous":
        return False
    if persona in NATIONAL or not resource.scoped:
        return True
    return CAST[persona][1] == owner


def writes(persona, resource):
    return persona == "admin" or CAST[persona][0] in resource.writers


def url(resource, record=None):
    return f"/api/v1/{resource.path}/" + (f"{resource.key(record)}/" if record is not None else "")


def expected_outcomes(persona, resource):
    if persona == "anonymous":
        return {
            "list": (401, False, False),
            "detail": 401,
            **dict.fromkeys(["create", "update", "delete"], (401, False)),
        }
    sees_a, sees_b, may_write = (
        sees(persona, resource, "a"),
        sees(persona, resource, "b"),
        writes(persona, resource),
    )
    if not may_write:
        create = 403
    elif sees_a:
        create = 201
    else:
        # Writing for a trust out of reach is refused (403), even when it is named only through a
        # record of that trust the user cannot see, as a credential names its person.
        create = 403
    refusal = 404 if not sees_a else None if may_write else 403
    return {
        "list": (200, sees_a, sees_b),
        "detail": 200 if sees_a else 404,
        "create": (create, create == 201),
        "update": (refusal or 200, refusal is None),
        "delete": (refusal or 204, refusal is None),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_every_action_answers_as_the_role_allows(resource, persona, client_for, trust_a, trust_b):
    client = client_for(persona)
    outcomes = {
        "list": list_outcome(client, resource, trust_a, trust_b),
        "detail": client.get(url(resource, resource.make(trust_a))).status_code,
        "create": create_outcome(client, resource, trust_a),
        "update": update_outcome(client, resource, trust_a),
        "delete": delete_outcome(client, resource, trust_a),
    }
    assert outcomes == expected_outcomes(persona, resource)


def list_outcome(client, resource, trust_a, trust_b):
    """(status, whether A's record is listed, whether B's is)."""
    record_a, record_b = resource.make(trust_a), resource.make(trust_b)
    response = client.get(url(resource), {"page_size": 1000})
    if response.status_code != 200:
        return response.status_code, False, False
    key_field = {"regions": "code", "trusts": "ods_code"}.get(resource.path, "id")
    shown = {row[key_field] for row in response.json()["results"]}
    return 200, resource.key(record_a) in shown, resource.key(record_b) in shown


def create_outcome(client, resource, trust):
    """(status, whether a record was saved)."""
    payload = resource.payload(trust)
    before = resource.model.objects.count()
    response = client.post(url(resource), payload)
    return response.status_code, resource.model.objects.count() == before + 1


def update_outcome(client, resource, trust):
    """(status, whether the change was saved)."""
    record = resource.make(trust)
    response = client.patch(url(resource, record), resource.change)
    record.refresh_from_db()
    return response.status_code, all(
        str(getattr(record, name)) == str(value) for name, value in resource.change.items()
    )


def delete_outcome(client, resource, trust):
    """(status, whether the record is gone)."""
    record = resource.make(trust)
    response = client.delete(url(resource, record))
    return response.status_code, not type(record).objects.filter(pk=record.pk).exists()
