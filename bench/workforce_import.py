"""`make bench`'s figures of a national workforce return of 50,000 rows for 2,000 trusts, checked
and written on a fresh PostgreSQL database (dropped after): rows per second beside a bare COPY
of the same file, peak memory, statements and recompute wake-ups, for a first import, the same
file again, and an edited file."""

import csv
import io
import json
import os
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent  # run as a script: `bench` is not importable yet
TRUSTS = int(os.environ.get("BENCH_TRUSTS", "2000"))
ROWS = int(os.environ.get("BENCH_ROWS", "50000"))
GOAL_SECONDS = 60
GOAL_RATE = ROWS // GOAL_SECONDS
GOAL_MB = 500
ROLES = ["ccio", "cmio", "cnio", "clinical_informatician", "clinical_informatician", "ahp_io"]


def national_return(trust_codes, edited=False):
    """25 posts per trust: doctors, each with a credential, and one vacancy in ten. Edited: in
    each trust, the time of every tenth post changes and one post is gone."""
    columns = ["trust", "role", "time_fraction", "reports_to", "start_date", "given_name", "family_name",
               "profession", "registration_body", "registration_number", "credentials"]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for n in range(ROWS):
        trust, place = trust_codes[n % len(trust_codes)], n // len(trust_codes)
        if edited and place == 7:
            continue
        time_fraction = "0.9" if edited and place % 10 == 3 else "0.5"
        start = f"20{10 + n % 15:02d}-{1 + n % 12:02d}-01"
        if n % 10 == 9:  # a vacancy, told apart by its start: a day per place in the trust
            vacant_since = date(2015, 1, 1) + timedelta(days=place)
            writer.writerow([trust, "clinical_informatician", time_fraction, "cio", vacant_since.isoformat()])
            continue
        writer.writerow([trust, ROLES[n % len(ROLES)], time_fraction, "ceo", start, "Ada", f"Doctor{n}", "doctor",
                         "GMC", f"{1000000 + n}", "fci_member:2020-03-01"])  # fmt: skip
    return out.getvalue().encode()


class StatementCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def copy_seconds(connection, content):
    """The floor: the file's lines copied into a bare one-column table, unchecked."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_lines (line text)")
        started = time.perf_counter()
        cursor.copy_expert(
            "COPY bench_lines FROM STDIN WITH (FORMAT text, DELIMITER E'\\x01')", io.BytesIO(content)
        )
        return time.perf_counter() - started


def measure():
    """Prints the figures as JSON (name, value, baseline, unit, target, met) on its last line."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from trusts.models import Region, Trust
    from workforce.returns.service import do_import_return

    call_command("migrate", verbosity=0)
    region = Region.objects.get(code="Y56")
    Trust.objects.bulk_create(
        [
            Trust(ods_code=f"B{n:04d}", name=f"Bench Hospitals NHS Trust {n}", region=region)
            for n in range(TRUSTS)
        ]
    )
    codes = [f"B{n:04d}" for n in range(TRUSTS)]
    files = [("first import", national_return(codes)), ("same file again", national_return(codes)),
             ("edited file", national_return(codes, edited=True))]  # fmt: skip
    copied = ROWS / copy_seconds(connection, files[0][1])
    floor_mb, figures = peak_mb(), []
    for label, content in files:
        statements = StatementCounter()
        with mock.patch("workforce.recompute.enqueue") as woken, connection.execute_wrapper(statements):
            start = time.perf_counter()
            outcome = do_import_return(content, "national.csv")
            seconds = time.perf_counter() - start
        counts = outcome.counts
        rate = counts.rows / seconds
        figures.append(
            (
                f"workforce return, {ROWS:,} rows for {TRUSTS:,} trusts, {label}: {statements.count} statements, "
                f"{woken.call_count} recompute wake-up(s); posts created {counts.created:,}, updated "
                f"{counts.updated:,}, deleted {counts.deleted:,} (baseline: a bare COPY of the file)",
                rate,
                copied,
                "rows/s",
                f"≥ {GOAL_RATE:,} rows/s ({ROWS:,} in {GOAL_SECONDS} s)",
                rate >= GOAL_RATE,
            )
        )
    figures.append(
        (
            "workforce return: peak memory of the three imports (baseline: Django loaded)",
            peak_mb(),
            floor_mb,
            "MB",
            f"≤ {GOAL_MB} MB",
            peak_mb() <= GOAL_MB,
        )
    )
    print(json.dumps(figures))


def import_figures():
    """The figures, on a fresh database of their own (no Redis: the wake-ups are counted, not
    sent)."""
    from bench.figures import in_a_database_of_its_own

    return in_a_database_of_its_own(__file__, "import")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    measure()
