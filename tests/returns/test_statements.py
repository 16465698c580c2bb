"""An import's statements grow with batches, not rows, and it wakes the recompute once."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TrustFactory
from workforce.returns.service import do_import_return

from .helpers import as_csv

pytestmark = pytest.mark.django_db


def workforce(trusts, posts_per_trust, first=0):
    """A return of new doctors, registered from number `first` on."""
    rows = []
    for index, trust in enumerate(trusts, start=first):
        for n in range(posts_per_trust):
            rows.append(
                {
                    "trust": trust.ods_code,
                    "role": "clinical_informatician",
                    "time_fraction": "0.2",
                    "reports_to": "cio",
                    "start_date": "2020-01-01",
                    "given_name": "Ada",
                    "family_name": f"Doctor{trust.ods_code}{n}",
                    "profession": "doctor",
                    "registration_body": "GMC",
                    "registration_number": f"{index:03d}{n:04d}",
                    "credentials": "fci_member:2020-03-01",
                }
            )
    return as_csv(rows)


@pytest.fixture
def statements(django_capture_on_commit_callbacks):
    """Import a file; answer (statements run, recompute wake-ups)."""

    def run(content):
        with (
            CaptureQueriesContext(connection) as queries,
            mock.patch("workforce.recompute.enqueue") as woken,
            django_capture_on_commit_callbacks(execute=True),
        ):
            do_import_return(content, "return.csv")
        return len(queries), woken.call_count

    return run


def test_twenty_rows_and_two_hundred_take_the_same_statements(statements):
    # The trusts named; savepoint; lock them; people by number; posts of the trusts; per model
    # an insert and its history's (people, posts, credentials); the trusts affected; the stale
    # marks; the return, its trusts (2); release. (No credentials to read: no one known.)
    small = statements(workforce([TrustFactory() for _ in range(2)], 10))
    large = statements(workforce([TrustFactory() for _ in range(20)], 10, first=2))
    assert small == large == (17, 1)


def test_an_unchanged_return_reads_and_records_only(statements):
    content = workforce([TrustFactory() for _ in range(3)], 5)
    statements(content)
    # The trusts named; savepoint; lock; people; posts; credentials; the return (3); release.
    assert statements(content) == (10, 0)
