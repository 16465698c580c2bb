"""The OpenAPI schema and its interactive docs, open to anyone and served whole by the app."""

import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db
ENDPOINTS = [
    "trusts",
    "people",
    "credentials",
    "posts",
    "cohorts",
    "enrolments",
    "budgets",
    "allocations",
    "regions",
    "policies",
]
LOOKUPS = {"trusts": "ods_code", "regions": "code"}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3_with_every_endpoint(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for endpoint in ENDPOINTS:
        lookup = LOOKUPS.get(endpoint, "id")
        assert {f"/api/v1/{endpoint}/", f"/api/v1/{endpoint}/{{{lookup}}}/"} <= paths
    assert {
        "/api/v1/compliance/",
        "/api/v1/compliance/{ods_code}/",
        "/api/v1/compliance/summary/",
        "/api/v1/compliance/recompute/",
    } <= paths
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_every_field_and_parameter_is_described(schema):
    undescribed = [
        f"{component}.{name}"
        for component, body in schema["components"]["schemas"].items()
        for name, field in body.get("properties", {}).items()
        if not field.get("description")
    ]
    undescribed += [
        f"{method.upper()} {path} ?{parameter['name']}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert undescribed == []


def examples_of(schema, path, status="200"):
    return schema["paths"][path]["get"]["responses"][status]["content"]["application/json"]["examples"]


def test_compliance_and_summary_responses_have_worked_examples(schema):
    listed = examples_of(schema, "/api/v1/compliance/")
    amber = next(iter(listed.values()))["value"]["results"][0]
    assert (amber["rag"], amber["ccio_time_fraction"], amber["cost_to_close_gbp"]) == (
        "amber",
        "0.600",
        "13300.00",
    )
    detail = next(iter(examples_of(schema, "/api/v1/compliance/{ods_code}/").values()))["value"]
    assert detail["history"]
    summary = next(iter(examples_of(schema, "/api/v1/compliance/summary/").values()))["value"]
    assert {"by_region", "budget", "compliant_pct", "rag"} <= set(summary)


def test_docs_serve_every_asset_from_the_app(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and not [asset for asset in assets if "//" in asset]
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
        else:
            assert client.get(asset).status_code == 200, asset
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in html


def test_anonymous_users_get_the_schema_and_docs_but_401_from_the_api(client):
    assert client.get("/api/v1/docs/").status_code == 200
    response = client.get("/api/v1/trusts/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
