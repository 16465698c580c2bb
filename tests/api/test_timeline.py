"""Compliance on any date, under a draft policy, over time, against peers, and the CCIO
standing (SPEC §9)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import CohortFactory, CredentialFactory, EnrolmentFactory, PostFactory, TrustFactory
from workforce import recompute as results
from workforce.models import ComplianceResult, Policy

from .conftest import make_user, token_client

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = date(TODAY.year - 1, 6, 30)


@pytest.fixture
def analyst():
    return token_client(make_user("ada", "nhse_analyst"))


def ccio(trust, start, time_fraction="0.800", reports_to="board", trained_on=None, **post_fields):
    post = PostFactory(
        trust=trust,
        role="ccio",
        time_fraction=Decimal(time_fraction),
        reports_to=reports_to,
        start_date=start,
        **post_fields,
    )
    CredentialFactory(person=post.person, kind="fci_fellow", awarded_on=trained_on or start)
    return post


def team(trust, count, start):
    for post in PostFactory.create_batch(count, trust=trust, start_date=start):
        CredentialFactory(person=post.person, awarded_on=start)


@pytest.fixture
def history(trust_a, trust_b):
    """A compliant since 2018 (a CCIO from 2017, four more from 2018); B had a CCIO and a team
    of five until last year's end, none since; C closed in 2019."""
    CohortFactory(cost_per_place_gbp=Decimal("13300.00"))
    ccio(trust_a, date(2017, 1, 1), budget_authority_gbp=Decimal("250000.00"))
    team(trust_a, 4, date(2018, 1, 1))
    ended = date(TODAY.year - 1, 12, 31)
    ccio(trust_b, date(2019, 4, 1), "0.500", "cio", end_date=ended)
    for post in PostFactory.create_batch(4, trust=trust_b, start_date=date(2019, 4, 1), end_date=ended):
        CredentialFactory(person=post.person, awarded_on=date(2019, 4, 1))
    closed = TrustFactory(
        ods_code="RCC",
        region_id="Y62",
        trust_type="ambulance",
        opened_on=date(2010, 1, 1),
        closed_on=date(2019, 3, 31),
    )
    ccio(closed, date(2012, 1, 1))
    results.recompute()
    return {"a": trust_a, "b": trust_b, "closed": closed}


def body(response):
    assert response.status_code == 200, response.content
    return response.json()


def test_as_of_today_equals_the_stored_result_field_by_field(analyst, history):
    stored = {row["ods_code"]: row for row in body(analyst.get("/api/v1/compliance/"))["results"]}
    computed = {
        row["ods_code"]: row
        for row in body(analyst.get(f"/api/v1/compliance/?as_of={TODAY.isoformat()}"))["results"]
    }
    assert list(computed) == list(stored) == ["RAA", "RBB"]
    for code, row in computed.items():
        assert {**row, "computed_at": None} == {**stored[code], "computed_at": None}
    detail = body(analyst.get(f"/api/v1/compliance/RAA/?as_of={TODAY.isoformat()}"))
    assert "history" not in detail and detail["stale"] is False
    assert {**detail, "computed_at": None} == {**stored["RAA"], "computed_at": None}


def test_a_post_that_ended_last_year_counts_on_a_date_last_year(analyst, history):
    then = body(analyst.get(f"/api/v1/compliance/RBB/?as_of={LAST_YEAR.isoformat()}"))
    assert then["as_of"] == LAST_YEAR.isoformat()
    assert (then["ccio_in_post"], then["ccio_time_fraction"], then["team_count"], then["rag"]) == (
        True,
        "0.500",
        5,
        "amber",
    )
    assert then["actions"] == [
        "Raise CCIO time from 50% to over 75%",
        "Make the CCIO report to the CEO or board",
    ]
    now = body(analyst.get("/api/v1/compliance/RBB/"))
    assert (now["ccio_in_post"], now["team_count"], now["rag"]) == (False, 0, "red")


def test_a_closed_trust_counts_only_while_it_was_open(analyst, history):
    on_2018 = body(analyst.get("/api/v1/compliance/?as_of=2018-06-30"))["results"]
    assert [row["ods_code"] for row in on_2018] == ["RAA", "RBB", "RCC"]
    assert analyst.get("/api/v1/compliance/RCC/?as_of=2019-03-31").status_code == 404
    assert body(analyst.get("/api/v1/compliance/RCC/?as_of=2019-03-30"))["rag"] == "amber"


def test_the_summary_on_a_date_counts_the_trusts_open_then(analyst, history):
    summary = body(analyst.get("/api/v1/compliance/summary/?as_of=2018-06-30"))
    assert summary["as_of"] == "2018-06-30"
    assert (summary["trusts"], summary["compliant"], summary["compliant_pct"]) == (3, 1, 33.3)
    assert summary["rag"] == {"green": 1, "amber": 1, "red": 1}
    assert (summary["team_count"], summary["team_target"], summary["team_gap"]) == (6, 15, 9)
    assert summary["cost_to_close_gbp"] == str(Decimal("13300.00") * 9)
    assert [(row["region"], row["trusts"], row["compliant"]) for row in summary["by_region"]] == [
        ("Y56", 1, 1),
        ("Y62", 2, 0),
    ]
    assert summary["budget"]["total"] == "42000000.00"
    assert summary["stale"] == 0


def test_a_draft_policy_answers_under_its_rules_and_changes_no_stored_result(analyst, history):
    before = list(ComplianceResult.objects.order_by("trust_id").values(*results.RESULT_FIELDS))
    draft = Policy.objects.create(code="half-time", name="Half time", ccio_min_time_fraction=Decimal("0.400"))
    results.recompute()  # saving a draft marks every trust; the recompute must keep to the rules in force
    assert list(ComplianceResult.objects.order_by("trust_id").values(*results.RESULT_FIELDS)) == before

    under_draft = body(
        analyst.get(f"/api/v1/compliance/RBB/?policy={draft.code}&as_of={LAST_YEAR.isoformat()}")
    )
    assert (under_draft["ccio_time_ok"], under_draft["rag"]) == (True, "amber")
    assert under_draft["actions"] == ["Make the CCIO report to the CEO or board"]
    today = body(analyst.get(f"/api/v1/compliance/?policy={draft.code}"))["results"]
    assert {row["as_of"] for row in today} == {TODAY.isoformat()}
    assert all(row["stale"] is False and "history" not in row for row in today)
    assert ComplianceResult.objects.order_by("trust_id").values("rag", "ccio_time_ok")[1] == {
        "rag": "red",
        "ccio_time_ok": False,
    }


def test_a_computed_list_is_filtered_and_ordered_like_the_stored_one(analyst, history):
    rows = body(analyst.get("/api/v1/compliance/?as_of=2018-06-30&region=Y62&ordering=-team_count"))[
        "results"
    ]
    assert [row["ods_code"] for row in rows] == ["RCC", "RBB"]
    amber = body(analyst.get("/api/v1/compliance/?as_of=2018-06-30&rag=amber"))["results"]
    assert [row["ods_code"] for row in amber] == ["RCC"]
    csv = analyst.get("/api/v1/compliance/?as_of=2018-06-30&format=csv")
    assert csv.status_code == 200 and len(csv.content.decode().strip().splitlines()) == 4


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("as_of=1999-12-31", "as_of"),
        (f"as_of={(TODAY + timedelta(days=3651)).isoformat()}", "as_of"),
        ("as_of=2018-02-30", "as_of"),
        ("policy=no-such-policy", "policy"),
    ],
)
def test_a_wrong_date_or_policy_is_a_400_on_the_parameter(analyst, history, query, field):
    for path in ["/api/v1/compliance/", "/api/v1/compliance/RAA/", "/api/v1/compliance/summary/"]:
        response = analyst.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert list(response.json()) == [field]


def test_the_edges_of_the_date_range_are_answered(analyst, history):
    latest = (TODAY + timedelta(days=3650)).isoformat()
    assert body(analyst.get("/api/v1/compliance/summary/?as_of=2000-01-01"))["trusts"] == 2
    assert body(analyst.get(f"/api/v1/compliance/summary/?as_of={latest}"))["trusts"] == 2


def test_each_trend_point_equals_the_summary_on_its_date(analyst, history):
    trend = body(analyst.get("/api/v1/compliance/trend/?start=2016-09-30&end=2019-06-30&every=quarter"))
    assert (trend["every"], trend["start"], trend["end"]) == ("quarter", "2016-09-30", "2019-06-30")
    dates = [point["date"] for point in trend["points"]]
    assert dates[:3] == ["2016-09-30", "2016-12-31", "2017-03-31"] and dates[-1] == "2019-06-30"
    assert len(dates) == 12
    for point in trend["points"]:
        summary = body(analyst.get(f"/api/v1/compliance/summary/?as_of={point['date']}"))
        assert point == {"date": point["date"], **{name: summary[name] for name in point if name != "date"}}
        assert set(point) == {
            "date",
            "trusts",
            "compliant",
            "compliant_pct",
            "rag",
            "team_count",
            "team_target",
            "team_gap",
        }
    assert [point["compliant"] for point in trend["points"]][:7] == [0, 0, 0, 0, 0, 0, 1]


def test_the_default_trend_is_monthly_from_the_review_to_today(analyst, history):
    trend = body(analyst.get("/api/v1/compliance/trend/"))
    assert (trend["every"], trend["start"], trend["end"]) == ("month", "2016-09-30", TODAY.isoformat())
    dates = [point["date"] for point in trend["points"]]
    assert dates[:2] == ["2016-09-30", "2016-10-31"] and dates[-1] == TODAY.isoformat()
    by_region = body(
        analyst.get("/api/v1/compliance/trend/?region=Y62&every=year&start=2018-01-01&end=2018-12-31")
    )
    assert [(point["date"], point["trusts"]) for point in by_region["points"]] == [("2018-12-31", 2)]


def test_future_points_add_the_trusts_projected_compliant_by_then(analyst, history, trust_b):
    cohort = CohortFactory(start_date=TODAY - timedelta(days=30), graduation_date=TODAY + timedelta(days=45))
    ccio(trust_b, TODAY - timedelta(days=10))
    for post in PostFactory.create_batch(4, trust=trust_b, start_date=TODAY - timedelta(days=10)):
        EnrolmentFactory(person=post.person, cohort=cohort)
    results.recompute()
    start, end = TODAY - timedelta(days=62), TODAY + timedelta(days=120)
    points = body(analyst.get(f"/api/v1/compliance/trend/?start={start.isoformat()}&end={end.isoformat()}"))[
        "points"
    ]
    graduation = cohort.graduation_date.isoformat()
    past = [point for point in points if point["date"] <= TODAY.isoformat()]
    assert past and all("projected_compliant" not in point for point in past)
    assert [(point["date"] >= graduation, point["projected_compliant"]) for point in points[len(past) :]] == [
        (point["date"] >= graduation, 2 if point["date"] >= graduation else 1)
        for point in points[len(past) :]
    ]
    assert points[-1]["projected_compliant"] == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2020-01-01&end=2019-01-01", "start"),
        ("start=1999-01-01", "start"),
        ("every=week", "every"),
        ("region=Y99", "region"),
        ("policy=nope", "policy"),
    ],
)
def test_a_wrong_trend_question_is_a_400_on_its_parameter(analyst, history, query, field):
    response = analyst.get(f"/api/v1/compliance/trend/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_peers_by_type_and_by_region(analyst, history):
    third = TrustFactory(ods_code="REE", region_id="Y56", trust_type="mental_health")
    ccio(third, date(2020, 1, 1), "0.600")
    team(third, 5, date(2020, 1, 1))
    results.recompute()
    peers = body(analyst.get("/api/v1/compliance/RAA/peers/"))
    assert peers == {
        "ods_code": "RAA",
        "by_type": {
            "group": "acute",
            "trusts": 2,
            "compliant": 1,
            "compliant_pct": 50.0,
            "median_team_count": 2.5,
            "median_ccio_time_fraction": "0.800",
            "team_count_rank": 1,
        },
        "by_region": {
            "group": "Y56",
            "trusts": 2,
            "compliant": 1,
            "compliant_pct": 50.0,
            "median_team_count": 5.5,
            "median_ccio_time_fraction": "0.700",
            "team_count_rank": 2,
        },
    }
    assert analyst.get("/api/v1/compliance/RCC/peers/").status_code == 404


def test_the_ccio_standing_nationally_and_by_region_exemplar_and_supplier(analyst, history, trust_b):
    ccio(trust_b, date(2024, 1, 1), "0.300", "medical_director", budget_authority_gbp=Decimal("100000.01"))
    standing = body(analyst.get("/api/v1/compliance/standing/"))
    national = {name: value for name, value in standing.items() if not name.startswith("by_")}
    assert national == {
        "trusts": 2,
        "with_ccio": 2,
        "time_bands": {"to_0_25": 0, "to_0_50": 1, "to_0_75": 0, "over_0_75": 1},
        "reports_to": {"board": 1, "ceo": 0, "cio": 0, "medical_director": 1, "other": 0},
        "budget_authority": {"posts_with": 2, "median_gbp": "175000.01"},
        "credentialed": 2,
    }
    assert [(row["region"], row["with_ccio"]) for row in standing["by_region"]] == [("Y56", 1), ("Y62", 1)]
    assert [(row["digital_exemplar"], row["trusts"]) for row in standing["by_exemplar"]] == [("none", 2)]
    assert [(row["epr_supplier"], row["trusts"]) for row in standing["by_epr_supplier"]] == [("", 2)]


def test_a_recompute_leaves_the_default_trend_ready_in_the_cache(
    analyst, history, django_assert_max_num_queries
):
    from django.core.cache import cache

    from workforce.tasks import recompute_trusts

    cache.clear()
    recompute_trusts.delay()
    # the token and its user; the data's version; nothing computed
    with django_assert_max_num_queries(3):
        trend = body(analyst.get("/api/v1/compliance/trend/"))
    assert trend["points"][-1]["date"] == TODAY.isoformat()
