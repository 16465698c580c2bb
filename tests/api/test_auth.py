"""Signing in: tokens and sessions, lock-out after repeated failures (for a while only), and
throttling of tokens and of the anonymous."""

import random
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as project_settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
LOGIN_PAGES = ["/admin/login/", "/api/v1/auth/login/", "/accounts/login/"]


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_user("ada", password=PASSWORD, is_staff=True, is_superuser=True)


def sign_in(client, url, password):
    return client.post(url, {"username": "ada", "password": password})


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_repeated_failures_lock_the_account_until_the_cool_off_passes(client, staff_user, url):
    for _ in range(project_settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, url, "wrong").status_code == 200  # the form again, with an error
    assert sign_in(client, url, "wrong").status_code == 429
    assert sign_in(client, url, PASSWORD).status_code == 429  # even the right password, for now
    assert "_auth_user_id" not in client.session
    long_ago = timezone.now() - project_settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=long_ago)
    assert sign_in(client, url, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_the_cool_off_is_finite():
    assert timedelta(0) < project_settings.AXES_COOLOFF_TIME <= timedelta(hours=1)


def test_a_wrong_or_missing_token_is_a_401(trust_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/trusts/").status_code == 401
    assert APIClient().get("/api/v1/trusts/").status_code == 401


def test_a_browser_session_reads_and_writes_with_its_csrf_token(cast, trust_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast["editor_a"])
    assert client.get("/api/v1/trusts/RAA/").status_code == 200
    payload = {
        "trust": "RAA",
        "role": "cio",
        "time_fraction": "1.000",
        "reports_to": "ceo",
        "start_date": "2020-01-01",
    }
    assert client.post("/api/v1/posts/", payload).status_code == 403  # no CSRF token
    client.get("/api/v1/auth/login/")
    response = client.post("/api/v1/posts/", payload, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert response.status_code == 201


def test_a_token_is_throttled_at_the_configured_rate(settings, client_for):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "3/minute"},
    }
    client = client_for("nhse_analyst")
    assert [client.get("/api/v1/regions/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert int(client.get("/api/v1/regions/")["Retry-After"]) > 0
    assert client_for("funding_manager").get("/api/v1/regions/").status_code == 200  # another token


def test_the_anonymous_are_throttled_by_address(settings, client):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/minute"},
    }
    address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
    statuses = [client.get("/api/v1/schema/", REMOTE_ADDR=address).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
