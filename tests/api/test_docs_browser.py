"""The interactive docs in headless Chromium: they render every operation with nothing
fetched from elsewhere and nothing the Content Security Policy blocks."""

from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    yield context.new_page()
    context.close()


def test_docs_render_from_the_app_alone(live_server, page):
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector("text=/api/v1/compliance/summary/")
    assert {urlparse(url).netloc for url in requested} == {urlparse(live_server.url).netloc}
    assert page.locator(".opblock").count() >= 40
    assert [problem for problem in problems if "Content Security Policy" in problem] == []
