"""Bad input gets a clear error by row and column and changes nothing (SPEC §8)."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from tests.factories import PersonFactory
from workforce.models import Person, Post, WorkforceReturn
from workforce.returns.columns import NAMES

from .helpers import DOCTOR, NURSE, VACANCY, as_csv, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(admin_client, trust_a):
    """Upload a file; assert a 400 that wrote nothing; answer its errors."""

    def check(content, name="return.csv"):
        before = Person.history.count() + Post.history.count()
        answer = upload(admin_client, content, name=name)
        assert answer.status_code == 400, answer.json()
        assert Post.objects.count() == 0
        assert WorkforceReturn.objects.count() == 0
        assert Person.history.count() + Post.history.count() == before
        return answer.json()["errors"]

    return check


def only(errors):
    assert len(errors) == 1, errors
    return errors[0]


def test_a_latin_1_file_is_not_utf_8(refused):
    error = only(refused(as_csv([{**DOCTOR, "family_name": "Bront\u00eb"}], encoding="latin-1")))
    assert error["row"] is None
    assert "not in UTF-8" in error["message"]


def test_a_bom_is_allowed(admin_client, trust_a):
    assert upload(admin_client, b"\xef\xbb\xbf" + as_csv([DOCTOR])).status_code == 201


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",  # an old binary .xls
    ],
)
def test_a_file_that_is_neither_csv_nor_xlsx(refused, content):
    error = only(refused(content, name="return.csv"))
    assert (error["row"], error["message"]) == (
        None,
        "The file is neither CSV nor XLSX: save the workforce return as CSV (UTF-8) or XLSX.",
    )


def test_a_zip_that_is_not_a_workbook(refused):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "neither CSV nor XLSX" in only(refused(out.getvalue(), name="return.xlsx"))["message"]


def test_an_empty_file_and_a_header_only(refused):
    assert "empty" in only(refused(b""))["message"]
    assert only(refused(as_csv([])))["message"] == "The file has a header but no data rows."


def test_a_missing_column_is_named(refused):
    columns = [name for name in NAMES if name != "reports_to"]
    error = only(refused(as_csv([DOCTOR], columns=columns)))
    assert error == {
        "row": None,
        "column": "reports_to",
        "message": "The required column 'reports_to' is missing.",
    }


def test_a_misspelt_column_is_refused_not_ignored(refused):
    columns = [name if name != "end_date" else "end_dat" for name in NAMES]
    error = only(refused(as_csv([DOCTOR], columns=columns)))
    assert (error["row"], error["column"]) == (None, "end_dat")
    assert error["message"].startswith("Unknown column 'end_dat'")


def test_a_repeated_column(refused):
    error = only(refused(as_csv([DOCTOR], columns=[*NAMES, " Role "])))
    assert error == {"row": None, "column": "role", "message": "The column 'role' appears more than once."}


def test_headers_ignore_case_spaces_and_order(admin_client, trust_a):
    columns = [f"  {name.upper()} " for name in reversed(NAMES)]
    content = as_csv([{f"  {key.upper()} ": value for key, value in DOCTOR.items()}], columns=columns)
    assert upload(admin_client, content).status_code == 201


def test_an_unknown_trust(refused):
    error = only(refused(as_csv([{**DOCTOR, "trust": "ZZZ"}])))
    assert error == {"row": 2, "column": "trust", "message": "No trust has the ODS code 'ZZZ'."}


def test_a_person_whose_rows_disagree_is_refused_on_the_later_row(refused, trust_b):
    second = {**DOCTOR, "trust": "RBB", "role": "cmio", "employing_trust": "RAA", "given_name": "Augusta"}
    error = only(refused(as_csv([{**DOCTOR, "employing_trust": "RAA"}, second])))
    assert (error["row"], error["column"]) == (3, "given_name")
    assert (
        error["message"]
        == "Row 2 gives this person given_name 'Ada', this row 'Augusta': one person's rows must agree."
    )


def test_two_rows_for_the_same_post(refused):
    errors = refused(as_csv([DOCTOR, {**DOCTOR, "time_fraction": "0.9"}, VACANCY, VACANCY]))
    assert [(error["row"], error["column"]) for error in errors] == [(3, "role"), (5, "role")]


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        (
            {"registration_number": "123456"},
            "registration_number",
            "Not a valid GMC registration number: a GMC number is 7 digits, e.g. 1234567.",
        ),
        (
            {**NURSE, "registration_number": "12a3456E"},
            "registration_number",
            "Not a valid NMC registration number: an NMC PIN looks like 12A3456E.",
        ),
        (
            {"profession": "allied_health", "registration_body": "HCPC", "registration_number": "XX12345"},
            "registration_number",
            None,
        ),
        (
            {"profession": "pharmacist", "registration_body": "GPhC", "registration_number": "12345"},
            "registration_number",
            None,
        ),
        (
            {"profession": "dentist", "registration_body": "GDC", "registration_number": "1234567"},
            "registration_number",
            None,
        ),
        ({"registration_body": "NMC"}, "registration_body", "A doctor registers with the GMC."),
        ({"registration_body": "gmc"}, "registration_body", None),
        (
            {"profession": "non_clinical", "registration_number": ""},
            "registration_body",
            "A non-clinical person has no registration body.",
        ),
        ({"time_fraction": "0"}, "time_fraction", "The time fraction must be more than 0."),
        ({"time_fraction": "1.5"}, "time_fraction", "The time fraction cannot be more than 1 (full time)."),
        (
            {"time_fraction": "0.1234"},
            "time_fraction",
            "Ensure that there are no more than 3 decimal places.",
        ),
        ({"time_fraction": "half"}, "time_fraction", None),
        ({"role": "CCIO"}, "role", None),
        ({"start_date": "01/02/2020"}, "start_date", None),
        ({"end_date": "2019-12-31"}, "end_date", "The end date cannot be before the start date."),
        ({"budget_authority_gbp": "-1"}, "budget_authority_gbp", "The budget authority cannot be negative."),
        ({"given_name": ""}, "given_name", None),
        ({"given_name": "x" * 201}, "given_name", None),
        ({"credentials": "fci_member"}, "credentials", None),
        ({"credentials": "fci_member:2020-02-30"}, "credentials", None),
        ({"credentials": "phd:2020-01-01"}, "credentials", None),
    ],
)
def test_every_rule_broken_in_a_cell_is_named_by_row_and_column(refused, change, column, message):
    errors = refused(as_csv([VACANCY, {**DOCTOR, **change}]))
    assert {(error["row"], error["column"]) for error in errors} == {(3, column)}, errors
    if message:
        assert message in [error["message"] for error in errors]


def test_a_registration_number_another_person_has_is_that_person(admin_client, trust_a):
    PersonFactory(registration_number="1234567", employing_trust=trust_a, given_name="Augusta")
    assert upload(admin_client, as_csv([DOCTOR])).status_code == 201
    assert Person.objects.get().given_name == "Ada"


def test_an_xlsx_formula_cell_is_refused(refused):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(NAMES))
    sheet.append([DOCTOR.get(name) for name in NAMES])
    sheet["C2"] = "=0.4*2"
    out = io.BytesIO()
    workbook.save(out)
    error = only(refused(out.getvalue(), name="return.xlsx"))
    assert (error["row"], error["column"]) == (2, "time_fraction")
    assert "formula" in error["message"]


def test_a_file_over_the_limits(refused):
    assert "over 10 MB" in only(refused(b"x" * (10 * 1024 * 1024 + 1)))["message"]
    rows = [{**VACANCY, "start_date": "2020-01-01"}] * 50_001
    assert "more than 50,000 rows" in only(refused(as_csv(rows)))["message"]


def test_every_error_of_the_file_comes_at_once(refused):
    errors = refused(
        as_csv([{**DOCTOR, "time_fraction": "2"}, {**NURSE, "reports_to": "nobody", "trust": "ZZZ"}])
    )
    assert [(error["row"], error["column"]) for error in errors] == [
        (2, "time_fraction"),
        (3, "trust"),
        (3, "reports_to"),
    ]


def test_no_file_attached(admin_client):
    answer = admin_client.post("/api/v1/workforce-returns/", {}, format="multipart")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["column"] == "file"
