"""The fixed cast of every API test (STYLE 17): an administrator, the two national roles, and
a trust editor and board member of trust A, and a trust editor of trust B."""

import io

import pytest
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import TrustFactory, make_user  # noqa: F401  (re-exported to the API tests)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_xlsx(response):
    """The rows of a one-sheet XLSX answer, header first, as tuples of typed values."""
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 1
    return list(book.active.iter_rows(values_only=True))


# persona: (role, trust) — the role "admin" is a superuser, the others Django groups.
CAST = {
    "admin": ("admin", None),
    "nhse_analyst": ("nhse_analyst", None),
    "funding_manager": ("funding_manager", None),
    "editor_a": ("trust_editor", "a"),
    "board_a": ("board_member", "a"),
    "editor_b": ("trust_editor", "b"),
}
PERSONAS = ["anonymous", *CAST]


def token_client(user):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


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
