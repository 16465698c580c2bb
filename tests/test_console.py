"""The admin as the operators' console: recompute and export the selected rows, edit the beat
schedule and a trust's posts, and no change form or changelist that grows with the data."""

import csv
import io

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models import ForeignKey
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from openpyxl import load_workbook

from workforce.models import ComplianceResult, Post

from .factories import (
    AllocationFactory,
    CredentialFactory,
    EnrolmentFactory,
    PersonFactory,
    PostFactory,
    TrustFactory,
)

pytestmark = pytest.mark.django_db
OUR_APPS = {"trusts", "workforce", "funding"}


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def act(client, model, action, records):
    return client.post(changelist(model), {"action": action, "_selected_action": [r.pk for r in records]})


def test_recomputing_selected_trusts_stores_their_results(admin_client):
    chosen, other = TrustFactory(), TrustFactory()
    response = act(admin_client, type(chosen), "recompute_selected", [chosen])
    assert response.status_code == 302
    assert list(ComplianceResult.objects.filter(stale=False).values_list("trust", flat=True)) == [chosen.pk]
    assert not ComplianceResult.objects.filter(trust=other, stale=False).exists()


def test_selected_rows_export_as_csv_with_the_changelist_columns(admin_client):
    posts = [PostFactory(person__given_name="=HYPERLINK()"), PostFactory(), PostFactory()]
    response = act(admin_client, Post, "export_csv", posts[:2])
    assert response["Content-Disposition"] == 'attachment; filename="post.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Trust", "Role", "Person", "Time fraction", "Reports to", "Start date", "End date"]
    assert len(rows) == 3
    assert any(cell.startswith("'=HYPERLINK()") for row in rows for cell in row)


def test_selected_rows_export_as_xlsx_with_dates_and_numbers(admin_client):
    post = PostFactory()
    response = act(admin_client, Post, "export_xlsx", [post])
    [header, row] = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    cells = dict(zip(header, row, strict=True))
    assert cells["Time fraction"] == float(post.time_fraction)
    assert cells["Start date"].date() == post.start_date


def test_the_beat_schedule_is_edited_in_the_admin(admin_client):
    assert admin_client.get(changelist(PeriodicTask)).status_code == 200


def test_a_trusts_posts_are_edited_under_it(admin_client):
    post = PostFactory(role="ccio")
    html = admin_client.get(reverse("admin:trusts_trust_change", args=[post.trust.pk])).content.decode()
    assert 'name="posts-0-role"' in html and 'name="posts-0-person"' in html


def admins_with_inlines():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in OUR_APPS:
            yield model_admin
            yield from (inline(model, admin.site) for inline in model_admin.inlines)


@pytest.mark.parametrize("model_admin", list(admins_with_inlines()), ids=str)
def test_no_foreign_key_is_a_drop_down_of_every_row(model_admin):
    picked = {*model_admin.raw_id_fields, *model_admin.autocomplete_fields, *model_admin.readonly_fields}
    parent = getattr(model_admin, "parent_model", None)  # an inline's own link to the page's record
    drop_downs = [
        field.name
        for field in model_admin.model._meta.get_fields()
        if isinstance(field, ForeignKey)
        and field.editable
        and field.name not in picked
        and field.related_model is not parent
    ]
    assert drop_downs == []


MAKERS = {
    "trusts.trust": lambda: TrustFactory(),
    "workforce.person": lambda: PersonFactory(),
    "workforce.credential": lambda: CredentialFactory(),
    "workforce.post": lambda: PostFactory(),
    "workforce.enrolment": lambda: EnrolmentFactory(),
    "funding.allocation": lambda: AllocationFactory(),
}


@pytest.mark.parametrize("label", MAKERS)
def test_changelists_make_as_many_queries_for_50_rows_as_for_2(admin_client, label):
    model = next(model for model in admin.site._registry if model._meta.label_lower == label)
    for _ in range(2):
        MAKERS[label]()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(changelist(model)).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(48):
        MAKERS[label]()
    assert queries() == few
