"""`make bench`: how long the national recompute and the compliance API take, with today's
trusts and with 1,800 synthetic ones more, each on a fresh PostgreSQL database dropped after."""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432/postgres")
EXTRA_TRUSTS = [0, 1800]
ROUNDS = 5


def timed(action):
    seconds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), min(seconds)


def measure(extra_trusts):
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    django.setup()
    from django.contrib.auth.models import User

    from trusts.models import Trust
    from workforce.recompute import recompute

    data = ROOT.parent / "shared" / "data"
    call_command("migrate", verbosity=0)
    call_command(
        "import_trusts", data / "ods" / "etr_2026-07.csv", data / "derived" / "trusts_england_2025.csv"
    )
    call_command("load_demo", "--seed", "2016", "--trusts", str(extra_trusts))
    trusts = Trust.objects.active().count()
    with CaptureQueriesContext(connection) as queries:
        recompute()
    median, best = timed(recompute)
    print(
        f"national recompute, {trusts} trusts: median {median:.3f}s, best {best:.3f}s, {len(queries)} queries"
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.create_superuser("bench", password=None))
    url = "/api/v1/compliance/?page_size=1000"
    median, best = timed(lambda: client.get(url))
    print(f"GET {url} with {trusts} trusts: median {median * 1000:.0f} ms, best {best * 1000:.0f} ms")


def in_fresh_database(extra_trusts):
    database = f"wachter_bench_{os.getpid()}_{extra_trusts}"
    server = psycopg2.connect(SERVER)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"')
    env = {
        **os.environ,
        "DATABASE_URL": SERVER.rsplit("/", 1)[0] + f"/{database}",
        "DJANGO_SETTINGS_MODULE": "wachter_planner.settings",
        "DJANGO_DEBUG": "true",
        "REDIS_URL": "",
    }
    try:
        subprocess.run([sys.executable, __file__, str(extra_trusts)], env=env, cwd=ROOT, check=True)  # noqa: S603
    finally:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}"')
        server.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if len(sys.argv) > 1:
        measure(int(sys.argv[1]))
    else:
        for extra in EXTRA_TRUSTS:
            in_fresh_database(extra)
