"""The returns tests use the API tests' fixed cast (STYLE 17)."""

from tests.api.conftest import (  # noqa: F401
    admin_client,
    cast,
    client_for,
    trust_a,
    trust_b,
    unthrottled_anonymous,
)
