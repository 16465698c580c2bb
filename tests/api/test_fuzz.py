"""Schemathesis against the published schema: every operation, generated input (valid and
not), then sequences of calls that follow one answer's ids into the next (the stateful phase),
with an administrator's token. No answer may be a server error or break the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.factories import AllocationFactory, EnrolmentFactory, PostFactory, TrustFactory, make_user
from trusts.models import ApiToken
from workforce import recompute

SEED = 2016
EXAMPLES_PER_OPERATION = 20
SEQUENCES, STEPS_PER_SEQUENCE = 15, 8
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
CONFIG = {
    "seed": SEED,
    "generation": {"max-examples": EXAMPLES_PER_OPERATION, "mode": "all"},
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": True}},
}


@pytest.fixture
def admin_token(db):
    """An administrator's token, and records for the generated requests to find."""
    trust = TrustFactory(ods_code="RGT")
    PostFactory(trust=trust)
    EnrolmentFactory(person__employing_trust=trust)
    AllocationFactory(trust=trust)
    recompute.recompute()
    return ApiToken.issue(make_user("fuzzer", "admin"))[1]


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
        checks=CHECKS,
    )


def test_no_sequence_of_calls_errors_or_breaks_its_schema(admin_token, wsgi_app):
    headers = {"Authorization": f"Token {admin_token}"}
    failures = []

    class Workflow(schema.as_state_machine()):
        def setup(self):
            # Every sequence starts from the same records, as Hypothesis expects of its examples.
            self.sequence = transaction.atomic()
            self.sequence.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.sequence.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"app": wsgi_app, "headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # Collected, not raised, so every failure of the run is listed.
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as failure:
                failures.append(f"{case.method} {case.formatted_path}: {failure}")

    Workflow.run(
        settings=settings(
            max_examples=SEQUENCES,
            stateful_step_count=STEPS_PER_SEQUENCE,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert failures == []
