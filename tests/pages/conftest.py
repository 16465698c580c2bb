"""The cast of the page tests: an administrator, an NHS England analyst, a board member of the
amber trust and one of another trust, over the scenario's trusts."""

import pytest

from tests.factories import make_user

from . import scenario as scenarios
from .cast import PASSWORD, signed_in


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scenario(db):
    return scenarios.build()


@pytest.fixture
def cast(scenario):
    return {
        "admin": make_user("admin", "admin", password=PASSWORD),
        "analyst": make_user("analyst", "nhse_analyst", password=PASSWORD),
        "board_amber": make_user("board_amber", "board_member", [scenario.amber], password=PASSWORD),
        "board_red": make_user("board_red", "board_member", [scenario.red], password=PASSWORD),
    }


@pytest.fixture
def client_for(cast):
    """persona -> a test client signed in as that persona."""
    return lambda persona: signed_in(cast[persona])
