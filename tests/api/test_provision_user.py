"""`manage.py provision_user USERNAME --role ROLE [--trust ODS …]`."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from trusts.models import ApiToken, TrustMembership
from workforce.models import Person

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


def test_updating_replaces_role_and_trusts_and_issues_another_token(trust_a, trust_b):
    first_key = provision("ada", "--role", "board_member", "--trust", "RAA", "RBB")[-1]
    lines = provision("ada", "--role", "trust_editor", "--trust", "RBB")
    user = get_user_model().objects.get(username="ada")
    assert [group.name for group in user.groups.all()] == ["trust_editor"]
    assert list(user.trust_memberships.values_list("trust__ods_code", flat=True)) == ["RBB"]
    assert lines[0] == "Updated ada: trust_editor of RBB."
    assert lines[-1] != first_key
    for key in (first_key, lines[-1]):  # the earlier key still works until it is revoked
        assert signed_in(key).get("/api/v1/trusts/").status_code == 200


def signed_in(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_the_key_is_printed_once_and_only_its_digest_is_kept(trust_a):
    key = provision("ada", "--role", "nhse_analyst")[-1]
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.digest, token.prefix} and token.prefix == key[:8]
    assert (token.read_only, token.expires_at) == (False, None)


def test_an_expired_token_is_refused(trust_a):
    key = provision("ada", "--role", "nhse_analyst", "--expires-days", "30")[-1]
    token = ApiToken.objects.get()
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert signed_in(key).get("/api/v1/trusts/").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = signed_in(key).get("/api/v1/trusts/")
    assert (response.status_code, response.json()) == (401, {"detail": "Token has expired."})


def test_a_read_only_token_reads_and_is_refused_every_write(trust_a):
    key = provision("ada", "--role", "trust_editor", "--trust", "RAA", "--read-only")[-1]
    client = signed_in(key)
    assert client.get("/api/v1/people/").status_code == 200
    response = client.post("/api/v1/people/", PEOPLE.payload(trust_a))
    assert (response.status_code, response.json()) == (403, {"detail": "This API token is read-only."})
    assert not Person.objects.exists()


def test_a_token_revoked_in_the_admin_no_longer_signs_in(cast):
    key = provision("ada", "--role", "nhse_analyst")[-1]
    token = ApiToken.objects.get(user__username="ada")
    operator = Client()
    operator.force_login(cast["admin"])
    response = operator.post(
        reverse("admin:trusts_apitoken_changelist"),
        {"action": "delete_selected", "_selected_action": [token.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert signed_in(key).get("/api/v1/trusts/").status_code == 401


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
        (["--role", "nhse_analyst", "--expires-days", "0"], "--expires-days must be at least 1"),
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
