"""The cast of the page tests: an administrator, an NHS England analyst, a board member of the
amber trust and one of another trust, over the scenario's trusts."""

import pytest
from django.test import Client

from tests import factories

from . import scenario as scenarios

PASSWORD = "a-long-enough-test-password"


def make_user(username, role, trusts=()):
    return factories.make_user(username, role, trusts, password=PASSWORD)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scenario(db):
    return scenarios.build()


@pytest.fixture
def cast(scenario):
    return {
        "admin": make_user("admin", "admin"),
        "analyst": make_user("analyst", "nhse_analyst"),
        "board_amber": make_user("board_amber", "board_member", [scenario.amber]),
        "board_red": make_user("board_red", "board_member", [scenario.red]),
    }


@pytest.fixture
def client_for(cast):
    """persona -> a test client signed in as that persona."""
    return lambda persona: signed_in(cast[persona])
