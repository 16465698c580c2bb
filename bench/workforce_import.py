"""`make bench`: a national workforce return of 50,000 rows for 2,000 trusts, checked and written
on a fresh PostgreSQL database (dropped after): rows per second, peak memory, statements, and
recompute wake-ups, for a first import, the same file again, and an edited file."""

import csv
import io
import os
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432/postgres")
TRUSTS = int(os.environ.get("BENCH_TRUSTS", "2000"))
ROWS = int(os.environ.get("BENCH_ROWS", "50000"))
GOAL_SECONDS = 60
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


def measure():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from trusts.models import Region, Trust
    from workforce.models import Post
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
    baseline_mb = peak_mb()
    print(
        f"workforce return of {ROWS:,} rows for {TRUSTS:,} trusts (goal: under {GOAL_SECONDS} s and {GOAL_MB} MB)"
    )
    for label, content in files:
        statements = StatementCounter()
        with mock.patch("workforce.recompute.enqueue") as woken, connection.execute_wrapper(statements):
            start = time.perf_counter()
            outcome = do_import_return(content, "national.csv")
            seconds = time.perf_counter() - start
        counts = outcome.counts
        print(
            f"  {label}: {seconds:.1f} s, {counts.rows / seconds:,.0f} rows/s, peak memory {peak_mb():.0f} MB "
            f"(Django loaded: {baseline_mb:.0f} MB), {statements.count} statements, {woken.call_count} recompute "
            f"wake-up(s); posts created {counts.created}, updated {counts.updated}, deleted {counts.deleted}, "
            f"unchanged {counts.unchanged}"
        )
    print(f"  posts now: {Post.objects.count():,}")


def in_fresh_database():
    database = f"wachter_bench_import_{os.getpid()}"
    server = psycopg2.connect(SERVER)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"')
    env = {
        **os.environ,
        "DATABASE_URL": SERVER.rsplit("/", 1)[0] + f"/{database}",
        "DJANGO_SETTINGS_MODULE": "wachter_planner.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "REDIS_URL": "",
    }
    try:
        subprocess.run([sys.executable, __file__, "measure"], env=env, cwd=ROOT, check=True)  # noqa: S603
    finally:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}"')
        server.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:] == ["measure"]:
        measure()
    else:
        in_fresh_database()
