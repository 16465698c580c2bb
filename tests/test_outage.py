"""With Redis down (broker and cache), writes still succeed and wait, marked, for the sweep."""

import pytest

from tests.api.cast import token_client
from tests.factories import PersonFactory, TrustFactory, make_user
from tests.services import NOTHING_LISTENS
from wachter_planner.celery import app as celery_app
from workforce.models import ComplianceResult, Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings, broker_down):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": NOTHING_LISTENS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    celery_app.conf.task_always_eager = False  # put back by the suite's in_process_tasks fixture


def test_an_api_write_succeeds_and_its_trust_waits_marked(redis_down, django_capture_on_commit_callbacks):
    trust = TrustFactory(ods_code="RGT")
    person = PersonFactory(employing_trust=trust)
    client = token_client(make_user("root", "admin"))
    body = {
        "trust": "RGT",
        "person": person.pk,
        "role": "ccio",
        "time_fraction": "0.800",
        "reports_to": "ceo",
        "start_date": "2020-01-01",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/posts/", body, format="json")

    assert response.status_code == 201, response.content
    assert Post.objects.filter(trust=trust, role="ccio").exists()
    assert ComplianceResult.objects.get(trust=trust).stale is True
    assert client.get("/api/v1/compliance/RGT/").json()["stale"] is True
