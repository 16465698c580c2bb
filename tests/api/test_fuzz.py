"""Schemathesis against the published schema: every operation, generated input (valid and
not), an administrator's token. No answer may be a server error or break the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.factories import AllocationFactory, EnrolmentFactory, PostFactory, TrustFactory, make_user
from workforce import recompute

SEED = 2016
EXAMPLES_PER_OPERATION = 20
CONFIG = {
    "seed": SEED,
    "generation": {"max-examples": EXAMPLES_PER_OPERATION, "mode": "all"},
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
}


@pytest.fixture
def admin_token(db):
    """An administrator's token, and records for the generated requests to find."""
    trust = TrustFactory(ods_code="RGT")
    PostFactory(trust=trust)
    EnrolmentFactory(person__employing_trust=trust)
    AllocationFactory(trust=trust)
    recompute.recompute()
    return Token.objects.create(user=make_user("fuzzer", "admin")).key


@pytest.fixture
def wsgi_app(db):
    """The whole Django stack, inside the test's transaction: as Django's own test client
    does, keep the start and end of a request from closing the database connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=schemathesis.Config.from_dict(CONFIG)
)


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the data is shared on purpose
def test_no_operation_errors_or_breaks_its_schema(case, admin_token, wsgi_app):
    case.call_and_validate(
        app=wsgi_app,
        headers={"Authorization": f"Token {admin_token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
