"""The template and a trust's export, as CSV and XLSX; an export goes back in unchanged and
writes nothing (SPEC §8)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.factories import CredentialFactory, PersonFactory, PostFactory
from workforce.models import Credential, Person, Post
from workforce.returns.columns import NAMES

from .helpers import upload

pytestmark = pytest.mark.django_db


def history_rows():
    return Person.history.count() + Post.history.count() + Credential.history.count()


@pytest.fixture
def workforce(trust_a, trust_b):
    ccio = PostFactory(
        trust=trust_a, role="ccio", time_fraction=Decimal("0.800"), budget_authority_gbp=Decimal("25000.50")
    )
    CredentialFactory(person=ccio.person, kind="fci_member", awarded_on=date(2020, 3, 1))
    CredentialFactory(person=ccio.person, kind="fedip_senior", awarded_on=date(2021, 6, 30))
    PostFactory(trust=trust_b, person=ccio.person, role="cmio")  # also at B: not in A's export
    PostFactory(trust=trust_a, person=None, role="clinical_informatician", end_date=date(2030, 1, 1))
    manager = PersonFactory(
        profession="non_clinical", registration_body="", registration_number="", employing_trust=trust_a
    )
    PostFactory(trust=trust_a, person=manager, role="cio", time_fraction=Decimal("1"))
    PostFactory(
        trust=trust_a,
        person__family_name="=HYPERLINK()",
        role="cnio",
        person__profession="nurse",
        person__registration_body="NMC",
        person__registration_number="12A3456E",
    )
    return ccio


def test_the_csv_template_is_the_header_row(admin_client):
    answer = admin_client.get("/api/v1/workforce-returns/template/?format=csv")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    assert answer.content.decode() == ",".join(NAMES) + "\r\n"


def test_the_xlsx_template_describes_every_column_and_offers_drop_downs(admin_client):
    answer = admin_client.get("/api/v1/workforce-returns/template/?format=xlsx")
    assert answer["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(answer.content))
    sheet, described = workbook.worksheets[0], workbook["Columns"]
    assert [cell.value for cell in sheet[1]] == list(NAMES)
    assert [row[0] for row in described.iter_rows(min_row=2, values_only=True)] == list(NAMES)
    role = next(row for row in described.iter_rows(values_only=True) if row[0] == "role")
    assert role[1:2] == ("yes",) and "clinical_informatician" in role[3]
    dropped = {str(validation.sqref).split(":")[0] for validation in sheet.data_validations.dataValidation}
    assert dropped == {"B2", "D2", "J2", "K2"}  # role, reports_to, profession, registration_body
    assert sheet.column_dimensions["E"].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imported_unchanged_writes_nothing(admin_client, workforce, kind):
    exported = admin_client.get(f"/api/v1/workforce-returns/export/?trust=RAA&format={kind}")
    assert exported.status_code == 200
    before = history_rows()
    body = upload(admin_client, exported.content, name=f"RAA.{kind}").json()
    assert (body["rows"], body["created"], body["updated"], body["deleted"], body["unchanged"]) == (
        4,
        0,
        0,
        0,
        4,
    )
    assert history_rows() == before


def test_the_export_holds_each_post_with_its_holder_and_credentials(admin_client, workforce):
    text = admin_client.get("/api/v1/workforce-returns/export/?trust=RAA&format=csv").content.decode()
    rows = {row["role"]: row for row in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {"ccio", "cio", "clinical_informatician", "cnio"}
    ccio = rows["ccio"]
    assert (ccio["time_fraction"], ccio["budget_authority_gbp"], ccio["employing_trust"]) == (
        "0.800",
        "25000.50",
        workforce.person.employing_trust.ods_code,
    )
    assert ccio["credentials"] == "fci_member:2020-03-01; fedip_senior:2021-06-30"
    assert rows["clinical_informatician"]["end_date"] == "2030-01-01"
    assert rows["cnio"]["family_name"] == "'=HYPERLINK()"


def test_export_edit_import_changes_just_the_edit(admin_client, workforce):
    workbook = load_workbook(
        io.BytesIO(admin_client.get("/api/v1/workforce-returns/export/?trust=RAA&format=xlsx").content)
    )
    sheet = workbook.worksheets[0]
    assert sheet["E2"].is_date
    ccio_row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "ccio")
    ccio_row[2].value = 0.9
    out = io.BytesIO()
    workbook.save(out)
    body = upload(admin_client, out.getvalue(), name="RAA.xlsx").json()
    assert (body["updated"], body["unchanged"]) == (1, 3)
    workforce.refresh_from_db()
    assert workforce.time_fraction == Decimal("0.900")


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 401), ("editor_b", 404), ("board_a", 200), ("nhse_analyst", 200)]
)
def test_an_export_is_for_those_who_may_read_the_trusts_people(client_for, workforce, persona, status):
    assert client_for(persona).get("/api/v1/workforce-returns/export/?trust=RAA").status_code == status


def test_an_export_needs_a_known_trust(admin_client):
    assert admin_client.get("/api/v1/workforce-returns/export/").status_code == 400
    assert admin_client.get("/api/v1/workforce-returns/export/?trust=ZZZ").status_code == 404


@pytest.mark.parametrize(
    ("query", "status"),
    [("?trust=ZZZZZ&format=csv", 404), ("?format=csv", 400), ("?trust=RAA&format=pdf", 404)],
)
def test_an_export_refused_says_why_in_json_labelled_as_json(admin_client, workforce, query, status):
    answer = admin_client.get(f"/api/v1/workforce-returns/export/{query}")
    assert answer.status_code == status
    assert answer["Content-Type"] == "application/json"
    assert answer.json()
