"""Lists: pages, CSV, and a number of queries that does not grow with the rows."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AllocationFactory, CredentialFactory, PersonFactory, TrustFactory
from trusts.models import Trust
from workforce import recompute

from .resources import RESOURCES
from .spreadsheets import XLSX, read_xlsx

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_pages_hold_50_unless_asked_and_never_more_than_1000(admin_client):
    Trust.objects.bulk_create(
        Trust(ods_code=f"X{n:04d}", name=f"Trust {n}", region_id="Y56") for n in range(1100)
    )
    first = admin_client.get("/api/v1/trusts/").json()
    assert (first["count"], len(first["results"]), first["previous"]) == (1102, 50, None)
    assert "page=2" in first["next"]
    assert len(admin_client.get("/api/v1/trusts/", {"page_size": 5000}).json()["results"]) == 1000
    assert len(admin_client.get("/api/v1/trusts/", {"page_size": 1000, "page": 2}).json()["results"]) == 102
    assert admin_client.get("/api/v1/trusts/", {"page": 99}).status_code == 404


def test_pages_do_not_overlap_when_the_ordering_ties(admin_client):
    TrustFactory.create_batch(30, trust_type="acute")
    seen = []
    for page in (1, 2, 3):
        response = admin_client.get(
            "/api/v1/trusts/", {"ordering": "trust_type", "page_size": 10, "page": page}
        )
        seen += [row["ods_code"] for row in response.json()["results"]]
    assert len(set(seen)) == 30


def test_a_list_as_csv_is_the_whole_filtered_list_with_nested_lists_joined(admin_client, trust_a):
    person = PersonFactory(employing_trust=trust_a, given_name="=cmd|' /C calc'!A0")
    CredentialFactory(person=person, kind="fci_fellow", awarded_on="2018-05-01")
    CredentialFactory(person=person, kind="academy_graduate", awarded_on="2019-08-31")
    PersonFactory.create_batch(60, employing_trust=TrustFactory())
    response = admin_client.get("/api/v1/people/", {"format": "csv", "employing_trust": "RAA"})
    assert response["Content-Disposition"] == 'attachment; filename="person.csv"'
    [row] = read_csv(response)
    assert row["credentials"] == (
        f"{person.credentials.get(kind='fci_fellow').pk} fci_fellow 2018-05-01; "
        f"{person.credentials.get(kind='academy_graduate').pk} academy_graduate 2019-08-31"
    )
    assert row["is_clinician"] == "true"
    assert row["given_name"] == "'=cmd|' /C calc'!A0"  # a spreadsheet shows it, never runs it
    assert len(read_csv(admin_client.get("/api/v1/people/", {"format": "csv"}))) == 61


def test_compliance_as_csv(admin_client, trust_a):
    recompute.recompute([trust_a.pk])
    [row] = read_csv(admin_client.get("/api/v1/compliance/", {"format": "csv", "region": "Y56"}))
    assert (row["ods_code"], row["rag"], row["team_gap"]) == ("RAA", "red", "5")
    assert row["actions"] == "Appoint a CCIO; Add 5 clinician-informaticians"


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_every_list_is_also_csv(client_for, trust_a, resource):
    resource.make(trust_a)
    rows = read_csv(client_for("editor_a").get(f"/api/v1/{resource.path}/", {"format": "csv"}))
    assert rows


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_every_list_is_also_xlsx_with_the_csv_columns(client_for, trust_a, resource):
    resource.make(trust_a)
    client = client_for("editor_a")
    csv_rows = read_csv(client.get(f"/api/v1/{resource.path}/", {"format": "csv"}))
    response = client.get(f"/api/v1/{resource.path}/", {"format": "xlsx"})
    assert response["Content-Type"] == XLSX
    [header, *rows] = read_xlsx(response)
    assert (list(header), len(rows)) == (list(csv_rows[0]), len(csv_rows))


def test_xlsx_has_dates_as_dates_and_money_as_numbers(admin_client, trust_a):
    AllocationFactory(trust=trust_a, amount_gbp=Decimal("13300.50"), note="@SUM(A1:A9)")
    CredentialFactory(person__employing_trust=trust_a, awarded_on=date(2018, 5, 1))
    [header, allocation] = read_xlsx(admin_client.get("/api/v1/allocations/", {"format": "xlsx"}))
    cells = dict(zip(header, allocation, strict=True))
    assert (cells["amount_gbp"], cells["trust"], cells["note"]) == (13300.5, "RAA", "'@SUM(A1:A9)")
    [header, credential] = read_xlsx(admin_client.get("/api/v1/credentials/", {"format": "xlsx"}))
    assert dict(zip(header, credential, strict=True))["awarded_on"] == datetime(2018, 5, 1)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_text_that_would_be_a_formula_is_escaped_in_csv_and_xlsx(admin_client, trust_a, start):
    PersonFactory(employing_trust=trust_a, family_name=f"{start}1+cmd|' /C calc'!A0")
    escaped = f"'{start}1+cmd|' /C calc'!A0"
    [row] = read_csv(admin_client.get("/api/v1/people/", {"format": "csv"}))
    assert row["family_name"] == escaped
    [header, cells] = read_xlsx(admin_client.get("/api/v1/people/", {"format": "xlsx"}))
    assert dict(zip(header, cells, strict=True))["family_name"] == escaped


def test_control_characters_are_left_out_of_xlsx(admin_client, trust_a):
    PersonFactory(employing_trust=trust_a, family_name="Smith\x15\x1f")
    [header, cells] = read_xlsx(admin_client.get("/api/v1/people/", {"format": "xlsx"}))
    assert dict(zip(header, cells, strict=True))["family_name"] == "Smith"


def test_a_format_asked_in_the_address_wins_over_the_accept_header(admin_client, trust_a):
    response = admin_client.get("/api/v1/trusts/", {"format": "csv"}, HTTP_ACCEPT="application/json")
    assert [row["ods_code"] for row in read_csv(response)] == ["RAA", "RBB"]


def count_queries(client, path):
    client.get(path)  # a token's first request of the minute also stamps its last use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"page_size": 100})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "resource, persona",
    [(resource, "admin") for resource in RESOURCES]
    + [(resource, "editor_a") for resource in RESOURCES if resource.scoped],
    ids=str,
)
def test_a_list_takes_as_many_queries_for_50_rows_as_for_2(client_for, trust_a, resource, persona):
    client = client_for(persona)
    for _ in range(2):
        resource.make(trust_a)
    few = count_queries(client, f"/api/v1/{resource.path}/")
    for _ in range(48):
        resource.make(trust_a)
    assert count_queries(client, f"/api/v1/{resource.path}/") == few


def test_compliance_list_reads_stored_results_in_one_query_after_counting(admin_client, trust_a):
    TrustFactory.create_batch(49)
    recompute.recompute()
    # token and user; count; the page of rows, trusts left-joined to their recompute.
    assert count_queries(admin_client, "/api/v1/compliance/") == 3


def test_summary_takes_a_fixed_number_of_queries(admin_client, trust_a):
    TrustFactory.create_batch(20, region_id="Y62")
    recompute.recompute()
    # token and user; national figures; figures by region; the default budget; its sums by status.
    assert count_queries(admin_client, "/api/v1/compliance/summary/") == 5
