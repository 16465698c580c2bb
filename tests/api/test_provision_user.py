"""`manage.py provision_user USERNAME --role ROLE [--trust ODS …]`."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from trusts.models import TrustMembership

from .resources import resource_at

PEOPLE = resource_at("people")

pytestmark = pytest.mark.django_db


def provision(*args):
    out = StringIO()
    call_command("provision_user", *args, stdout=out)
    return out.getvalue().splitlines()


def test_creates_a_trust_editor_whose_token_reaches_only_their_trust(trust_a, trust_b):
    lines = provision("ada", "--role", "trust_editor", "--trust", "RAA")
    user = get_user_model().objects.get(username="ada")
    assert [group.name for group in user.groups.all()] == ["trust_editor"]
    assert list(TrustMembership.objects.filter(user=user).values_list("trust__ods_code", flat=True)) == [
        "RAA"
    ]
    assert not user.is_superuser and not user.has_usable_password()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {lines[-1]}")
    assert client.post("/api/v1/people/", PEOPLE.payload(trust_a)).status_code == 201
    assert (
        client.post(
            "/api/v1/people/", {**PEOPLE.payload(trust_b), "registration_number": "12A3456F"}
        ).status_code
        == 403
    )
    assert client.get("/api/v1/compliance/RBB/").status_code == 200


def test_updating_replaces_role_and_trusts_and_keeps_the_token(trust_a, trust_b):
    first_token = provision("ada", "--role", "board_member", "--trust", "RAA", "RBB")[-1]
    lines = provision("ada", "--role", "trust_editor", "--trust", "RBB")
    user = get_user_model().objects.get(username="ada")
    assert [group.name for group in user.groups.all()] == ["trust_editor"]
    assert list(user.trust_memberships.values_list("trust__ods_code", flat=True)) == ["RBB"]
    assert lines == ["Updated ada: trust_editor of RBB.", first_token]


def test_admin_is_a_superuser_in_no_group(trust_a):
    provision("root", "--role", "trust_editor", "--trust", "RAA")
    lines = provision("root", "--role", "admin")
    user = get_user_model().objects.get(username="root")
    assert user.is_superuser and user.is_staff
    assert not user.groups.exists() and not user.trust_memberships.exists()
    assert len(lines[-1]) == 40


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role", "trust_editor"], "needs at least one --trust"),
        (["--role", "nhse_analyst", "--trust", "RAA"], "Only board_member and trust_editor belong to trusts"),
        (["--role", "board_member", "--trust", "RAA", "RZZ"], "No trust has the ODS code RZZ"),
    ],
)
def test_refuses_bad_input_and_saves_nothing(trust_a, args, message):
    with pytest.raises(CommandError, match=message):
        provision("ada", *args)
    assert not get_user_model().objects.filter(username="ada").exists()


def test_refuses_an_invalid_username(trust_a):
    with pytest.raises(CommandError, match="username"):
        provision("no spaces allowed", "--role", "nhse_analyst")
    assert not get_user_model().objects.exists()


def test_refuses_an_unknown_role():
    with pytest.raises(CommandError, match="invalid choice"):
        provision("ada", "--role", "king")
