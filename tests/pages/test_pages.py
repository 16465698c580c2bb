"""The server-rendered pages (SPEC §6) through Django's test client: sign-in, figures, scope of
personal data, and a fixed number of queries whatever the number of trusts."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from funding.models import Budget
from workforce import recompute
from workforce.models import Person, Policy

from ..factories import (
    AllocationFactory,
    CohortFactory,
    CredentialFactory,
    EnrolmentFactory,
    PostFactory,
    TrustFactory,
    make_user,
)
from .cast import PASSWORD

PAGES = ["/", "/trusts/", "/trusts/RAJ/", "/trusts/RAJ/report.pdf", "/academy/", "/funding/"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, scenario, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", PAGES)
def test_every_signed_in_role_reads_every_page(client_for, url):
    for persona in ("admin", "analyst", "board_amber", "board_red"):
        assert client_for(persona).get(url).status_code == 200, persona


def test_sign_in_and_sign_out(client, db):
    make_user("ada", "nhse_analyst", password=PASSWORD)
    page = client.get("/accounts/login/")
    assert b"Sign in to Wachter Planner" in page.content
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/", {"next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_explained(client, db):
    make_user("ada", "nhse_analyst", password=PASSWORD)
    response = client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Please enter a correct username and password" in response.content


def test_lock_out_after_five_failures_says_so(client, db):
    make_user("ada", "nhse_analyst", password=PASSWORD)
    for _ in range(6):
        response = client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content


def test_dashboard_shows_the_stored_national_figures(client_for):
    html = client_for("analyst").get("/").content.decode()
    assert "1 of 3" in html  # compliant trusts
    assert "33.3% of active trusts" in html
    assert "7 of 15" in html  # clinician-informaticians of the target
    assert "£93,100" in html  # cost to close: (5 + 2) × £13,300
    assert "London" in html and "Midlands" in html
    assert "£36,420,000" in html  # unallocated of the £42M, rounded to the pound
    assert "£36,419,999.50" in html  # unallocated after 2020/21, to the penny
    assert f"{timezone.localdate():%-d %b %Y}" in html  # today's trend row


def test_dashboard_trend_runs_from_the_review_to_today_then_projects(client_for):
    today = timezone.localdate()
    rows = client_for("analyst").get("/").context["trend"].rows
    measured = [row for row in rows if not row["projected"]]
    assert measured[0]["date"] == date(2016, 9, 30)
    assert (measured[-1]["date"], measured[-1]["compliant"], measured[-1]["trusts"]) == (today, 1, 3)
    assert all(row["date"] > today for row in rows[len(measured) :])


def test_trust_list_shows_rag_and_team_and_links_to_each_trust(client_for):
    html = client_for("board_red").get("/trusts/").content.decode()
    assert "3 trusts." in html
    assert 'nhsuk-tag--green">Green' in html and 'nhsuk-tag--orange">Amber' in html
    assert 'href="/trusts/RAJ/"' in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("rag=amber", ["RAJ"]),
        ("region=Y60", ["RGT", "RX1"]),
        ("search=essex", ["RAJ"]),
        ("search=rx1", ["RX1"]),
        ("trust_type=ambulance", []),
        ("region=Y60&rag=red", ["RX1"]),
    ],
)
def test_trust_list_filters(client_for, query, shown):
    response = client_for("analyst").get(f"/trusts/?{query}")
    assert sorted(trust.ods_code for trust in response.context["object_list"]) == shown


def test_trust_list_pages_by_fifty_and_keeps_the_filters(client_for, scenario):
    TrustFactory.create_batch(55, trust_type="community")
    response = client_for("analyst").get("/trusts/?trust_type=community&page=2")
    html = response.content.decode()
    assert len(response.context["object_list"]) == 5
    assert "55 trusts, page 2 of 2." in html
    assert 'href="?trust_type=community&amp;page=1"' in html


def test_board_page_checks_the_five_tests_with_evidence(client_for):
    html = client_for("board_amber").get("/trusts/RAJ/").content.decode()
    assert "Does not yet meet the Wachter review" in html
    assert "60% of their time (6 programmed activities a week)" in html
    assert "Reports to the chief information officer" in html
    assert "Faculty of Clinical Informatics fellow (2016)" in html
    assert "2 of 5: 3 short" in html
    assert "Raise CCIO time from 60% to over 75%" in html
    assert "Make the CCIO report to the CEO or board" in html
    assert "£26,600.00" in html  # two places still to buy after the pipeline graduates
    assert "Cohort 9" in html


def test_board_page_names_people_only_to_their_own_trust_and_national_staff(client_for):
    for persona in ("admin", "analyst", "board_amber"):
        html = client_for(persona).get("/trusts/RAJ/").content.decode()
        assert "Grace Pipeline" in html, persona
    html = client_for("board_red").get("/trusts/RAJ/").content.decode()
    assert "Grace" not in html and "Pipeline</td>" not in html
    assert "Name withheld" in html
    assert "2 of 5: 3 short" in html  # the compliance status is for everyone


def test_a_board_page_seen_again_is_kept_until_what_it_shows_changes(client_for, django_assert_num_queries):
    client = client_for("board_amber")
    assert "Grace Pipeline" in client.get("/trusts/RAJ/").content.decode()
    # the trust with region and result; the user's groups; their trusts; the data's version
    with django_assert_num_queries(2 + 4):
        assert "Grace Pipeline" in client.get("/trusts/RAJ/").content.decode()
    grace = Person.objects.get(given_name="Grace")
    grace.given_name = "Gracie"
    grace.save()
    assert "Gracie Pipeline" in client.get("/trusts/RAJ/").content.decode()


def test_a_compliant_trust_has_nothing_to_do(client_for):
    html = client_for("analyst").get("/trusts/RGT/").content.decode()
    assert "Meets the Wachter review" in html
    assert "Nothing: the trust meets every test." in html


def test_a_trust_not_yet_computed_says_so(client_for):
    TrustFactory(ods_code="RNE01", name="New Hospitals NHS Trust")
    html = client_for("analyst").get("/trusts/RNE01/").content.decode()
    assert "Not yet computed" in html
    assert "The trust has at least 5 clinician-informaticians" in html
    report = client_for("analyst").get("/trusts/RNE01/report.pdf")
    assert "not yet computed" in PdfReader(BytesIO(report.content)).pages[0].extract_text()


@pytest.mark.parametrize("url", ["/trusts/ZZZ/", "/trusts/ZZZ/report.pdf"])
def test_an_unknown_ods_code_is_not_found(client_for, url):
    response = client_for("analyst").get(url)
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_board_paper_is_a_pdf_naming_the_trust_its_policy_trajectory_and_peers(client_for):
    response = client_for("board_red").get("/trusts/RAJ/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    text = " ".join(pages)
    assert all(f"Page {number}" in page for number, page in enumerate(pages, start=1))
    assert f"Mid and South Essex NHS Foundation Trust (RAJ) · {timezone.localdate().day}" in pages[-1]
    assert "policy wachter-2016" in pages[0]
    assert "Trajectory since the review" in text and "Target 5" in text
    assert "Acute trusts" in text and "Place by team" in text
    assert "Raise CCIO time from 60% to over 75%" in text
    assert "£26,600.00" in text
    assert "Grace" not in text  # the report names nobody


def test_academy_shows_places_taken_and_free(client_for):
    response = client_for("board_red").get("/academy/")
    cohorts = {cohort.name: cohort for cohort in response.context["cohorts"]}
    assert (cohorts["Cohort 9"].taken, cohorts["Cohort 9"].free, cohorts["Cohort 9"].enrolled) == (1, 19, 1)
    assert (cohorts["Cohort 1"].taken, cohorts["Cohort 1"].graduated) == (1, 1)
    assert "50: 2 taken, 48 free" in response.content.decode()


def test_funding_shows_the_default_budget(client_for):
    html = client_for("analyst").get("/funding/").content.decode()
    assert "£42,000,000.00" in html
    assert "£5,580,000.50" in html  # allocated
    assert "£36,419,999.50" in html  # unallocated
    assert "£1,330,000.00" in html  # committed in 2019/20
    assert "Backfill" in html and "£250,000.50" in html


def grow(scenario, trusts=27):
    """Many more trusts, posts, people, credentials, cohorts, enrolments and allocations."""
    today = timezone.localdate()
    for _ in range(trusts):
        trust = TrustFactory(region_id="Y62")
        for post in PostFactory.create_batch(2, trust=trust):
            CredentialFactory(person=post.person)
    for post in PostFactory.create_batch(10, trust=scenario.amber):
        CredentialFactory(person=post.person)
        CredentialFactory(person=post.person, kind="masters_informatics")
        cohort = CohortFactory(
            start_date=today - timedelta(days=10), graduation_date=today + timedelta(days=200)
        )
        EnrolmentFactory(cohort=cohort, person=post.person, sponsoring_trust=scenario.amber)
    budget = Budget.objects.get(is_default=True)
    for year in ("2016/17", "2017/18", "2019/20"):
        AllocationFactory(
            budget=budget, financial_year=year, category="post_funding", amount_gbp=Decimal("10.00")
        )
    recompute.recompute(as_of=today - timedelta(days=60))
    recompute.recompute(as_of=today)


# Every page starts with the session and the user: 2 queries.
QUERIES = {
    # the default budget twice (summary, burn-down); the budget by status; the budget by year
    # and status; each of the three cached figures asks the data's version, then, computed:
    # national and regional figures; the trend (the trusts, posts, credentials and enrolments;
    # the policy and the cohorts' costs); the stored projections and the active trusts counted
    "/": 2 + 20,
    # the trusts counted; the regions to filter by; the page of trusts with region and result
    "/trusts/": 2 + 3,
    # the trust with region and result; the user's groups and trusts; active posts with holders;
    # their credentials; the pipeline; the history; the policy; the trajectory (the trust, its
    # posts, their holders' credentials and enrolments, the policy and the cohorts' costs); peers;
    # the latest workforce return (its recent changes are for the trust's own users: 4 more); the
    # data's version for the page, the trajectory and the peers, each kept until it moves
    "/trusts/RAJ/": 2 + 19,
    # as the board page computed, without the user's reach (the report names nobody) and the
    # page's own data version, with the policy for the paper's header
    "/trusts/RAJ/report.pdf": 2 + 16,
    # the cohorts with enrolments counted
    "/academy/": 2 + 1,
    # the default budget; by year and status; by status; by category and year
    "/funding/": 2 + 4,
}


@pytest.mark.parametrize("url", PAGES)
def test_queries_do_not_grow_with_trusts(client_for, scenario, django_assert_num_queries, url):
    client = client_for("board_red")
    with django_assert_num_queries(QUERIES[url]):
        assert client.get(url).status_code == 200
    grow(scenario)
    with django_assert_num_queries(QUERIES[url]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/", "/trusts/RAJ/", "/standing/"])
def test_each_chart_has_a_title_a_description_and_its_table(client_for, url):
    html = client_for("analyst").get(url).content.decode()
    charts = html.split('<svg class="app-chart"')[1:]
    assert charts, url
    for chart in charts:
        svg, after = chart.split("</svg>", 1)
        assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
        assert "<table" in after.split('<svg class="app-chart"', 1)[0], svg[:200]


def test_the_what_if_panel_shows_a_draft_beside_the_policy_in_force(client_for):
    Policy.objects.create(code="team-of-two", name="A team of two", team_min=2)
    assert "What if" not in client_for("board_red").get("/").content.decode()
    html = client_for("analyst").get("/?policy=team-of-two").content.decode()
    assert "Under <strong>A team of two</strong>" in html
    assert "against 1 (33.3%) under the policy in force" in html


def test_the_standing_page_counts_the_ccios(client_for):
    html = client_for("board_red").get("/standing/").content.decode()
    assert 'id="standing-with-ccio">2 of 3<' in html
    assert "Over 75% (over 7.5 PA)" in html
