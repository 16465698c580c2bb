"""`compliance/`, `compliance/{ods_code}/`, `compliance/summary/` and `compliance/recompute/`."""

from datetime import date
from decimal import Decimal

import pytest

from funding.models import Budget
from tests.factories import AllocationFactory, CohortFactory, CredentialFactory, PostFactory, TrustFactory
from workforce import recompute
from workforce.models import ComplianceResult

from .cast import PERSONAS
from .spreadsheets import XLSX, read_xlsx

pytestmark = pytest.mark.django_db


def trained_staff(trust, count):
    for post in PostFactory.create_batch(count, trust=trust):
        CredentialFactory(person=post.person)


def ccio(trust, time_fraction):
    post = PostFactory(trust=trust, role="ccio", time_fraction=Decimal(time_fraction), reports_to="board")
    CredentialFactory(person=post.person, kind="fci_fellow")


@pytest.fixture
def computed(trust_a, trust_b):
    """A amber (CCIO at 60%, a team of 3 of 5), B green, C never computed, D closed."""
    CohortFactory(cost_per_place_gbp=Decimal("13300.00"))
    ccio(trust_a, "0.600")
    trained_staff(trust_a, 2)
    ccio(trust_b, "0.800")
    trained_staff(trust_b, 4)
    never = TrustFactory(ods_code="RCC", name="Gamma Hospitals NHS Trust")
    closed = TrustFactory(ods_code="RDD", name="Delta Hospitals NHS Trust", closed_on=date(2019, 3, 31))
    recompute.recompute([trust_a.pk, trust_b.pk])
    return {"amber": trust_a, "green": trust_b, "never": never, "closed": closed}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_signed_in_user_reads_every_result(client_for, computed, persona):
    client = client_for(persona)
    paths = ["/api/v1/compliance/", "/api/v1/compliance/RBB/", "/api/v1/compliance/summary/"]
    expected = 401 if persona == "anonymous" else 200
    assert [client.get(path).status_code for path in paths] == [expected] * 3


def codes(response):
    assert response.status_code == 200, response.content
    return [row["ods_code"] for row in response.json()["results"]]


def test_list_has_one_row_per_active_trust_with_figures_as_the_spec_writes_them(admin_client, computed):
    rows = {row["ods_code"]: row for row in admin_client.get("/api/v1/compliance/").json()["results"]}
    assert list(rows) == ["RAA", "RBB", "RCC"]
    amber = rows["RAA"]
    assert amber == {
        "ods_code": "RAA",
        "trust_name": "Alpha Hospitals NHS Trust",
        "region": "Y56",
        "trust_type": "acute",
        "as_of": amber["as_of"],
        "ccio_in_post": True,
        "ccio_time_fraction": "0.600",
        "ccio_time_ok": False,
        "ccio_reports_to_board": True,
        "ccio_credentialed": True,
        "team_count": 3,
        "team_target": 5,
        "team_gap": 2,
        "compliant": False,
        "rag": "amber",
        "actions": ["Raise CCIO time from 60% to over 75%", "Add 2 clinician-informaticians"],
        "pipeline_count": 0,
        "projected_team_count": 3,
        "projected_compliance_date": None,
        "cost_to_close_gbp": "26600.00",
        "eligible_for_central_investment": True,
        "computed_at": amber["computed_at"],
        "stale": False,
    }
    never = rows["RCC"]
    assert never["stale"] is True
    assert {name for name, value in never.items() if value is not None} == {
        "ods_code",
        "trust_name",
        "region",
        "trust_type",
        "stale",
    }


def test_a_trust_without_any_result_row_shows_stale(admin_client, computed):
    ComplianceResult.objects.filter(trust=computed["never"]).delete()
    row = admin_client.get("/api/v1/compliance/RCC/").json()
    assert (row["stale"], row["rag"], row["team_count"], row["history"]) == (True, None, None, [])


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"rag": "amber"}, ["RAA"]),
        ({"compliant": "true"}, ["RBB"]),
        ({"compliant": "false"}, ["RAA"]),
        ({"stale": "true"}, ["RCC"]),
        ({"stale": "false"}, ["RAA", "RBB"]),
        ({"region": "Y62"}, ["RBB"]),
        ({"trust_type": "acute", "region": "Y56"}, ["RAA", "RCC"]),
        ({"ordering": "-team_gap"}, ["RAA", "RBB", "RCC"]),
        ({"ordering": "team_count"}, ["RAA", "RBB", "RCC"]),
        ({"ordering": "-cost_to_close_gbp"}, ["RAA", "RBB", "RCC"]),
    ],
)
def test_list_filters_and_orders(admin_client, computed, query, expected):
    assert codes(admin_client.get("/api/v1/compliance/", query)) == expected


SUMMARY_COLUMNS = [
    "region",
    "region_name",
    "trusts",
    "compliant",
    "compliant_pct",
    "rag.green",
    "rag.amber",
    "rag.red",
    "team_count",
    "team_target",
    "team_gap",
    "cost_to_close_gbp",
]


def test_summary_as_csv_is_a_row_per_region_then_england_whatever_the_accept_header(admin_client, computed):
    response = admin_client.get(
        "/api/v1/compliance/summary/", {"format": "csv"}, HTTP_ACCEPT="application/json"
    )
    assert (response.status_code, response["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="compliance-summary.csv"'
    lines = response.content.decode().splitlines()
    assert lines == [
        ",".join(SUMMARY_COLUMNS),
        "Y56,London,2,0,0.0,0,1,0,3,5,2,26600.00",
        "Y62,North West,1,1,100.0,1,0,0,5,5,0,0.00",
        ",England,3,1,33.3,1,1,0,8,10,2,26600.00",
    ]


def test_summary_as_xlsx_has_the_csv_columns_with_numbers_as_numbers(admin_client, computed):
    response = admin_client.get("/api/v1/compliance/summary/", {"format": "xlsx"})
    assert response["Content-Type"] == XLSX
    [header, london, north_west, england] = read_xlsx(response)
    assert header == tuple(SUMMARY_COLUMNS)
    assert london[:4] == ("Y56", "London", 2, 0)
    assert england == (None, "England", 3, 1, 33.3, 1, 1, 0, 8, 10, 2, 26600)


@pytest.mark.parametrize(
    "query",
    [{"rag": "purple"}, {"compliant": "maybe"}, {"stale": "1x"}, {"region": "Y99"}, {"trust_type": "zoo"}],
)
def test_unknown_filter_values_are_refused(admin_client, computed, query):
    response = admin_client.get("/api/v1/compliance/", query)
    assert response.status_code == 400
    assert list(response.json()) == list(query)


def test_detail_adds_history_newest_first(admin_client, computed):
    trained_staff(computed["amber"], 1)
    recompute.recompute([computed["amber"].pk])
    row = admin_client.get("/api/v1/compliance/RAA/").json()
    assert (row["team_count"], row["team_gap"]) == (4, 1)
    assert [entry["team_count"] for entry in row["history"]] == [4, 3]
    assert "stale" not in row["history"][0]


@pytest.mark.parametrize("code", ["RDD", "RZZ", "rcc"])
def test_detail_of_a_closed_or_unknown_trust_is_404(admin_client, computed, code):
    assert admin_client.get(f"/api/v1/compliance/{code}/").status_code == 404


def test_summary_adds_up_stored_results_nationally_and_by_region(admin_client, computed):
    AllocationFactory(amount_gbp=Decimal("1.00"))  # from another budget: not in the summary
    AllocationFactory(
        budget=Budget.objects.get(is_default=True), amount_gbp=Decimal("1330000.00"), status="committed"
    )
    summary = admin_client.get("/api/v1/compliance/summary/").json()
    figures = {
        "trusts": 3,
        "compliant": 1,
        "compliant_pct": 33.3,
        "rag": {"green": 1, "amber": 1, "red": 0},
        "team_count": 8,
        "team_target": 10,
        "team_gap": 2,
        "cost_to_close_gbp": "26600.00",
    }
    assert summary == {
        **figures,
        "stale": 1,
        "computed_at": summary["computed_at"],
        "by_region": [
            {
                "region": "Y56",
                "region_name": "London",
                **figures,
                "trusts": 2,
                "compliant": 0,
                "compliant_pct": 0.0,
                "rag": {"green": 0, "amber": 1, "red": 0},
                "team_count": 3,
                "team_target": 5,
            },
            {
                "region": "Y62",
                "region_name": "North West",
                **figures,
                "trusts": 1,
                "compliant_pct": 100.0,
                "rag": {"green": 1, "amber": 0, "red": 0},
                "team_count": 5,
                "team_target": 5,
                "team_gap": 0,
                "cost_to_close_gbp": "0.00",
            },
        ],
        "budget": {
            "total": "42000000.00",
            "planned": "0.00",
            "committed": "1330000.00",
            "spent": "0.00",
            "allocated": "1330000.00",
            "remaining": "40670000.00",
        },
    }


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("anonymous", 401),
        ("admin", 202),
        ("nhse_analyst", 202),
        ("funding_manager", 403),
        ("editor_a", 403),
        ("board_a", 403),
        ("editor_b", 403),
    ],
)
def test_only_analysts_and_administrators_ask_for_a_recompute(client_for, computed, persona, expected):
    response = client_for(persona).post("/api/v1/compliance/recompute/", {"trusts": ["RCC"]})
    assert response.status_code == expected
    assert ComplianceResult.objects.get(trust=computed["never"]).stale == (expected != 202)
    if expected == 202:
        assert set(response.json()) == {"task_id"}


def test_recompute_of_everything(admin_client, computed):
    response = admin_client.post("/api/v1/compliance/recompute/", {})
    assert response.status_code == 202
    assert not ComplianceResult.objects.filter(trust__is_active=True, stale=True).exists()


@pytest.mark.parametrize("trusts", [[], ["RZZ"], ["RDD"], ["RAA", "RDD"], "RAA", [None], ["RAA\x00"]])
def test_recompute_refuses_an_empty_list_and_unknown_or_closed_trusts(admin_client, computed, trusts):
    response = admin_client.post("/api/v1/compliance/recompute/", {"trusts": trusts})
    assert response.status_code == 400
    assert list(response.json()) == ["trusts"]
