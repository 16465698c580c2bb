"""Exactly one policy is in force (SPEC §2), whatever the API is asked."""

import pytest

from tests.factories import make_user
from workforce.models import Policy

from .cast import token_client

pytestmark = pytest.mark.django_db


def test_the_policy_in_force_cannot_be_deleted():
    admin = token_client(make_user("root", "admin"))
    policy = Policy.objects.get(is_active=True)
    response = admin.delete(f"/api/v1/policies/{policy.pk}/")
    assert response.status_code == 400
    assert "make another policy active first" in response.json()["is_active"][0]
    assert Policy.objects.filter(pk=policy.pk, is_active=True).exists()


def test_activating_another_policy_retires_the_one_in_force_and_none_can_simply_be_switched_off():
    admin = token_client(make_user("root2", "admin"))
    wachter = Policy.objects.get(is_active=True)
    off = admin.patch(f"/api/v1/policies/{wachter.pk}/", {"is_active": False}, format="json")
    assert off.status_code == 400
    assert "make another policy active" in off.json()["is_active"][0]

    body = {
        "code": "scaled",
        "name": "Scaled by size",
        "ccio_reports_to": ["board", "ceo"],
        "scale_by_size": True,
    }
    created = admin.post("/api/v1/policies/", {**body, "is_active": True}, format="json")
    assert created.status_code == 201, created.content
    assert list(Policy.objects.filter(is_active=True).values_list("code", flat=True)) == ["scaled"]
    back = admin.patch(f"/api/v1/policies/{wachter.pk}/", {"is_active": True}, format="json")
    assert back.status_code == 200
    assert list(Policy.objects.filter(is_active=True).values_list("code", flat=True)) == ["wachter-2016"]
