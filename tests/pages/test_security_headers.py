"""Every HTML page carries an enforced Content-Security-Policy and the usual security headers,
and HSTS when served over HTTPS (DJANGO_HTTPS=true)."""

import pytest
from django.test import Client

PAGES = [
    "/",
    "/trusts/",
    "/trusts/RAJ/",
    "/academy/",
    "/funding/",
    "/funding/planner/",
    "/admin/",
    "/admin/workforce/post/",
    "/api/v1/docs/",
    "/api/v1/people/?format=api",
    "/no-such-page/",
]
ANONYMOUS_PAGES = ["/accounts/login/", "/admin/login/", "/no-such-page/"]


def assert_secured(response, path):
    assert response["Content-Type"].startswith("text/html"), path
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
    assert "Content-Security-Policy-Report-Only" not in response.headers, path
    assert "'unsafe-eval'" not in policy, path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "same-origin", path
    assert response["X-Frame-Options"] == "DENY", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path


@pytest.mark.parametrize("path", PAGES)
def test_every_page_of_a_signed_in_user_is_secured(client_for, path):
    response = client_for("admin").get(path)
    assert response.status_code in (200, 404), path
    assert_secured(response, path)
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP on loopback


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_every_page_anyone_may_see_is_secured(db, path):
    response = Client().get(path)
    assert_secured(response, path)


def test_behind_tls_pages_ask_for_https_from_then_on(settings, client_for):
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client_for("admin").get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
