"""The pages in real headless Chromium (Debian's, no browser download): signing in, following
the navigation and the filters, axe-core's WCAG 2.2 AA checks on every page, the Content
Security Policy, and the pages with JavaScript turned off."""

import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from ..factories import make_user
from . import scenario as scenarios
from .cast import PASSWORD

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = [
    "/",
    "/trusts/",
    "/trusts/RAJ/",
    "/academy/",
    "/funding/",
    "/funding/planner/",
    "/standing/",
    "/returns/",
]
EDITORS_PAGE = "/trusts/RAJ/workforce/"
WIDTHS = [390, 1280]
CUT_OFF_TABLES = """[...document.querySelectorAll('table')]
    .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 4
        || (t.parentElement.scrollWidth > t.parentElement.clientWidth + 4))
    .map(t => (t.caption ? t.caption.innerText : t.className).slice(0, 60))"""
# Screenshots to look at by eye after a run.
SCREENSHOTS = {"/": "wachter-dashboard.png", "/trusts/RAJ/": "wachter-trust.png"}


@pytest.fixture
def site(live_server):
    """The live server, with the scenario's trusts and a board member of the amber trust."""
    scenario = scenarios.build()
    make_user("board", "board_member", [scenario.amber], password=PASSWORD)
    make_user("editor", "trust_editor", [scenario.amber], password=PASSWORD)
    return live_server.url


def sign_in(page, site, username="board"):
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/")


def serious_violations(page):
    """axe-core's serious and critical WCAG 2.2 AA violations on the page, as (rule, targets)."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_22_AA,
    )
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    ]


def test_every_page_passes_axe_and_the_journey_works(chromium, site):
    # axe is injected as an inline script, which the app's CSP rightly refuses: bypass it here.
    context = chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/")
    assert page.url == f"{site}/accounts/login/?next=/"
    assert serious_violations(page) == []
    sign_in(page, site)
    for path in PAGES:
        page.goto(f"{site}{path}")
        assert page.locator("h1").count() == 1, path
        assert serious_violations(page) == [], path
        if path in SCREENSHOTS:
            page.screenshot(path=Path(tempfile.gettempdir()) / SCREENSHOTS[path], full_page=True)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Trusts").click()
    page.get_by_label("RAG rating").select_option("amber")
    page.get_by_role("button", name="Apply filters").click()
    assert page.locator("#trust-count").inner_text() == "1 trust."
    page.get_by_role("link", name="Mid and South Essex NHS Foundation Trust").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mid and South Essex NHS Foundation Trust"
    # The board member's own trust: its people are named, in the team and the pipeline.
    assert page.get_by_text("Grace Pipeline").count() == 2
    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = ''; a.click(); }",
            f"{site}/trusts/RAJ/report.pdf",
        )
    assert download.value.suggested_filename == "RAJ-board-report.pdf"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{site}/accounts/login/")
    context.close()


def test_pages_run_under_the_content_security_policy(chromium, site):
    context = chromium.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    # A request the next navigation cancels (say, a favicon still loading) is not a failure.
    page.on(
        "requestfailed",
        lambda request: request.failure != "net::ERR_ABORTED" and problems.append(f"failed: {request.url}"),
    )
    page.on(
        "response",
        lambda response: response.status >= 400 and problems.append(f"{response.status}: {response.url}"),
    )
    sign_in(page, site)
    for path in PAGES:
        page.goto(f"{site}{path}")
        assert page.evaluate("document.body.classList.contains('nhsuk-frontend-supported')"), path
    assert problems == []
    context.close()


def test_pages_work_without_javascript(chromium, site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site)
    page.goto(f"{site}/trusts/")
    page.get_by_label("Region").select_option(label="Y60 Midlands")
    page.get_by_role("button", name="Apply filters").click()
    assert page.locator("#trust-count").inner_text() == "2 trusts."
    page.get_by_role("link", name="Nottingham University Hospitals NHS Trust").click()
    assert page.get_by_text("Appoint a CCIO").count() == 1
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(chromium, site, width):
    """At a phone's 390 px and a laptop's 1280 px, every page fits its width."""
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    overflowing = []
    for path in ["/accounts/login/", *PAGES]:
        if path != "/accounts/login/" and page.url.endswith("/accounts/login/"):
            sign_in(page, site)
        page.goto(f"{site}{path}")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            overflowing.append((path, scroll))
        # Nor does a table hide its last columns in a box that scrolls.
        cut_off = page.evaluate(CUT_OFF_TABLES)
        overflowing += [(path, caption) for caption in cut_off]
    assert overflowing == []
    context.close()


def test_the_editors_workforce_page_passes_axe_and_fits(chromium, site):
    context = chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, site, username="editor")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{site}{EDITORS_PAGE}")
        assert page.locator("h1").count() == 1
        assert serious_violations(page) == [], width
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
    context.close()
