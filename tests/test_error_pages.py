"""The 404 and 500 pages render when what pages usually lean on is broken (SPEC §10): no
static files manifest, no database, no cache. These tests ask for no database, so pytest-django
refuses any query the pages might make."""

import pytest
from django.test import Client

from tests.services import NOTHING_LISTENS


@pytest.fixture
def everything_broken(settings, tmp_path):
    """A production static storage over an empty folder (no manifest), a cache nothing answers."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NOTHING_LISTENS}
    }


def assert_styled(html):
    assert 'href="/static/vendor/nhsuk/nhsuk-frontend.min.css"' in html
    assert 'href="/static/css/app.css"' in html


def test_a_mistyped_address_is_a_404_page(everything_broken):
    response = Client().get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert_styled(html)


@pytest.mark.urls("tests.error_urls")
def test_a_fault_is_a_500_page(everything_broken):
    response = Client(raise_request_exception=False).get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Sorry, there is a problem with the service</h1>" in html
    assert_styled(html)


def test_a_mistyped_api_address_is_a_json_404(everything_broken):
    response = Client().get("/api/v1/no-such-resource/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.urls("tests.error_urls")
def test_only_server_errors_are_logged_each_with_its_traceback(everything_broken, caplog):
    client = Client(raise_request_exception=False)
    client.get("/no-such-page/")
    client.get("/api/v1/no-such-resource/")
    client.get("/broken/")
    logged = [record for record in caplog.records if record.name == "django.request"]
    assert [(record.status_code, record.exc_info[0]) for record in logged] == [(500, RuntimeError)]
