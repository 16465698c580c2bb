"""The editors' upload page, `/returns/`, the trust page's last return and recent changes, and
the upload in the admin (SPEC §8)."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import PostFactory, TrustFactory
from workforce.models import Post, WorkforceReturn

from .helpers import DOCTOR, VACANCY, as_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_for(cast):
    def signed_in(persona):
        client = Client()
        client.force_login(cast[persona])
        return client

    return signed_in


def attached(content, name="return.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def page(client, url, **data):
    return (
        client.post(url, {"file": attached(data.pop("content")), **data})
        if "content" in data
        else client.get(url)
    )


UPLOAD = "/trusts/RAA/workforce/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor_a", 200), ("admin", 200), ("board_a", 403), ("editor_b", 403), ("nhse_analyst", 403)],
)
def test_only_the_trusts_editors_open_its_upload_page(browser_for, persona, status):
    answer = browser_for(persona).get(UPLOAD)
    assert answer.status_code == status
    if status == 403:
        assert b"<h1>You cannot open this page</h1>" in answer.content
    if status == 200:
        assert b"/api/v1/workforce-returns/template/?format=xlsx" in answer.content
        assert b"/api/v1/workforce-returns/export/?trust=RAA&amp;format=xlsx" in answer.content


def test_the_page_shows_every_error_by_row_and_column_and_loads_nothing(browser_for):
    content = as_csv([{**DOCTOR, "time_fraction": "1.5"}, {**VACANCY, "end_date": "2000-01-01"}])
    answer = browser_for("editor_a").post(UPLOAD, {"file": attached(content)})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "2 problems to fix" in text
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">3</td>' in text
    assert "The end date cannot be before the start date." in text
    assert Post.objects.count() == 0


def test_a_dry_run_shows_the_counts_then_the_import_loads(browser_for):
    editor = browser_for("editor_a")
    checked = editor.post(UPLOAD, {"file": attached(as_csv([DOCTOR, VACANCY])), "dry_run": "on"})
    assert "Posts it would create: 2" in checked.content.decode()
    assert Post.objects.count() == 0
    loaded = editor.post(UPLOAD, {"file": attached(as_csv([DOCTOR, VACANCY]))})
    assert "Loaded: the workforce of RAA" in loaded.content.decode()
    assert Post.objects.count() == 2
    assert {row.history_origin for row in Post.history.all()} == {"import"}


def test_returns_lists_the_oldest_first_and_filters_by_region(browser_for, trust_a, trust_b):
    never = TrustFactory(name="Never Returned NHS Trust")
    for trust, days_ago in ((trust_a, 3), (trust_b, 40)):
        record = WorkforceReturn.objects.create(
            submitted_at=timezone.now() - timedelta(days=days_ago),
            file_name="r.csv",
            sha256="0" * 64,
            rows=1,
            created=1,
            updated=0,
            deleted=0,
            unchanged=0,
        )
        record.trusts.set([trust])
    text = browser_for("editor_a").get("/returns/").content.decode()
    assert text.index(never.name) < text.index(trust_b.name) < text.index(trust_a.name)
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">40</td>' in text
    regional = browser_for("editor_a").get("/returns/", {"region": "Y62"}).content.decode()
    assert trust_b.name in regional and trust_a.name not in regional


def test_the_trust_page_says_when_it_last_returned_and_shows_recent_changes(browser_for):
    browser_for("editor_a").post(UPLOAD, {"file": attached(as_csv([DOCTOR]))})
    post = Post.objects.get()
    post.time_fraction = "0.900"
    post.save()
    own = browser_for("editor_a").get("/trusts/RAA/").content.decode()
    assert "Workforce last returned on" in own and "by editor_a" in own
    assert "Recent changes" in own and "time_fraction" in own
    other = browser_for("editor_b").get("/trusts/RAA/").content.decode()
    assert "Workforce last returned on" in other
    assert "by editor_a" not in other and "Recent changes" not in other


def test_the_trust_page_takes_the_same_queries_with_many_changes(
    browser_for, trust_a, django_assert_max_num_queries
):
    editor = browser_for("editor_a")
    editor.get("/trusts/RAA/")
    PostFactory(trust=trust_a)  # each change moves the page on: both are built afresh
    with django_assert_max_num_queries(60) as few:
        editor.get("/trusts/RAA/")
    PostFactory.create_batch(30, trust=trust_a)
    with django_assert_max_num_queries(len(few)):
        editor.get("/trusts/RAA/")


def test_the_admin_uploads_a_return(browser_for, trust_a):
    admin = browser_for("admin")
    assert b"Upload a workforce return" in admin.get("/admin/workforce/workforcereturn/").content
    answer = admin.post("/admin/workforce/workforcereturn/upload/", {"file": attached(as_csv([DOCTOR]))})
    assert "Loaded 1 rows for RAA" in answer.content.decode()
    assert Post.history.get().history_user.username == "admin"
