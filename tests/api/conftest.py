"""The fixed cast of every API test (STYLE 17): an administrator, the two national roles, and
a trust editor and board member of trust A, and a trust editor of trust B."""

import pytest

from tests.factories import TrustFactory, make_user

from .cast import CAST, token_client


@pytest.fixture(autouse=True)
def unthrottled_anonymous(settings):
    """Every run's anonymous requests come from 127.0.0.1 and share one Redis; leave
    throttling them to the test of it."""
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": None}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.fixture
def trust_a():
    return TrustFactory(ods_code="RAA", name="Alpha Hospitals NHS Trust")


@pytest.fixture
def trust_b():
    return TrustFactory(ods_code="RBB", name="Beta Hospitals NHS Trust", region_id="Y62")


@pytest.fixture
def cast(db, trust_a, trust_b):
    """persona -> user (None for the anonymous visitor)."""
    trusts = {"a": trust_a, "b": trust_b}
    users = {
        persona: make_user(persona, role, [trusts[trust]] if trust else [])
        for persona, (role, trust) in CAST.items()
    }
    return {"anonymous": None, **users}


@pytest.fixture
def client_for(cast):
    """persona -> an API client signed in with that persona's token."""
    return lambda persona: token_client(cast[persona])


@pytest.fixture
def admin_client(client_for):
    return client_for("admin")
