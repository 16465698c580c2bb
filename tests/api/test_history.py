"""Every record's audit history through the API (SPEC §5 `{resource}/{id}/history/`): who,
when, from where, what changed field by field; scoped like the record."""

import pytest
from celery import shared_task
from django.test import Client

from tests.factories import PostFactory
from tests.returns.helpers import VACANCY, as_csv, upload
from trusts.models import Trust
from workforce.models import Post

from .resources import RESOURCES, resource_at

pytestmark = pytest.mark.django_db


@shared_task
def rename_trust(trust_id):
    trust = Trust.objects.get(pk=trust_id)
    trust.name = "Renamed by a task"
    trust.save()


def history(client, resource, record):
    return client.get(f"/api/v1/{resource.path}/{resource.key(record)}/history/")


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_every_resource_answers_its_history_newest_first(admin_client, trust_a, resource):
    record = resource.make(trust_a)
    assert (
        admin_client.patch(f"/api/v1/{resource.path}/{resource.key(record)}/", resource.change).status_code
        == 200
    )
    answer = history(admin_client, resource, record)
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == len(body["results"]) >= 2
    latest = body["results"][0]
    assert (latest["history_type"], latest["history_user"], latest["history_origin"]) == (
        "changed",
        "admin",
        "api",
    )
    field, value = next(iter(resource.change.items()))
    assert latest["changes"][field][1] == value
    assert body["results"][-1]["history_type"] == "created"


def test_a_change_shows_each_field_old_and_new(admin_client, trust_a):
    post = PostFactory(trust=trust_a, time_fraction="0.500")
    admin_client.patch(f"/api/v1/posts/{post.pk}/", {"time_fraction": "0.900", "reports_to": "board"})
    latest = history(admin_client, resource_at("posts"), post).json()["results"][0]
    assert latest["changes"] == {"time_fraction": ["0.500", "0.900"], "reports_to": ["ceo", "board"]}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor_a", 200), ("board_a", 200), ("editor_b", 404), ("nhse_analyst", 200), ("anonymous", 401)],
)
def test_a_history_is_scoped_like_its_record(client_for, trust_a, persona, status):
    post = PostFactory(trust=trust_a)
    assert history(client_for(persona), resource_at("posts"), post).status_code == status


def test_the_admin_a_command_and_a_task_each_say_where_a_change_came_from(cast, trust_a):
    browser = Client()
    browser.force_login(cast["admin"])
    form = {
        "ods_code": "RAA",
        "name": "Renamed in the admin",
        "region": "Y56",
        "trust_type": "acute",
        "digital_exemplar": "none",
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
        "posts-TOTAL_FORMS": 0,
        "posts-INITIAL_FORMS": 0,
    }
    assert browser.post(f"/admin/trusts/trust/{trust_a.pk}/change/", form).status_code == 302
    rename_trust.delay(trust_a.pk)
    rows = trust_a.history.order_by("history_date")
    assert [(row.history_origin, row.history_user and row.history_user.username) for row in rows] == [
        ("command", None),
        ("admin", "admin"),
        ("task", None),
    ]


def test_an_imports_changes_are_its_submitters(client_for, trust_a):
    upload(client_for("editor_a"), as_csv([VACANCY]))
    entry = history(client_for("editor_a"), resource_at("posts"), Post.objects.get()).json()["results"][0]
    assert (entry["history_user"], entry["history_origin"], entry["history_type"]) == (
        "editor_a",
        "import",
        "created",
    )
