"""The interactive docs in headless Chromium: they render every operation with nothing
fetched from elsewhere and nothing the Content Security Policy blocks."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API keeps an event loop on this thread; the ORM then needs telling.
    monkeypatch.setenv(ASYNC_UNSAFE, "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        yield browser.new_page()
        browser.close()


def test_docs_render_from_the_app_alone(live_server, page):
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector("text=/api/v1/compliance/summary/")
    assert {urlparse(url).netloc for url in requested} == {urlparse(live_server.url).netloc}
    assert page.locator(".opblock").count() >= 40
    assert [problem for problem in problems if "Content Security Policy" in problem] == []
