"""The fixed cast of every API test (STYLE 17), and a client that signs in with a user's token."""

from rest_framework.test import APIClient

from trusts.models import ApiToken

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
        client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user)[1]}")
    return client
