"""`make bench`: how long compliance on a date and the trend since 2016 take, each beside its
baseline (the stored list it mirrors) and its target, with today's trusts and at 10,000, each
on a fresh PostgreSQL database dropped after."""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432/postgres")
SCALES = {"today": 0, "10000": 10_000}  # name: trusts to reach with synthetic ones (0: none)
ROUNDS = 5


def timed(action, rounds=ROUNDS):
    seconds = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def report(name, seconds, target, baseline=None):
    beside = f"; baseline {baseline * 1000:.0f} ms" if baseline is not None else ""
    verdict = "ok" if seconds <= target else "SLOW"
    print(f"{name}: {seconds * 1000:.0f} ms (target {target * 1000:.0f} ms{beside}) {verdict}")


def measure(scale):
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from trusts.models import Trust
    from workforce.recompute import recompute
    from workforce.tasks import refresh_trend

    data = ROOT.parent / "shared" / "data"
    call_command("migrate", verbosity=0)
    call_command(
        "import_trusts", data / "ods" / "etr_2026-07.csv", data / "derived" / "trusts_england_2025.csv"
    )
    extra = max(0, SCALES[scale] - Trust.objects.active().count())
    call_command("load_demo", "--seed", "2016", "--trusts", str(extra))
    recompute()
    trusts = Trust.objects.active().count()
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.create_superuser("bench", password=None))
    today = timezone.localdate().isoformat()

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.content[:200]

    if scale == "today":
        stored = timed(lambda: get("/api/v1/compliance/?page_size=1000"))
        as_of = timed(lambda: get(f"/api/v1/compliance/?page_size=1000&as_of={today}"))
        report(f"GET compliance/?as_of= with {trusts} trusts", as_of, 0.300, stored)
        summary = timed(lambda: get("/api/v1/compliance/summary/"))
        first = timed(lambda: (cache.clear(), get("/api/v1/compliance/trend/")), rounds=3)
        report(
            f"GET compliance/trend/ (monthly since 2016), first request, {trusts} trusts", first, 2.0, summary
        )
        cached = timed(lambda: get("/api/v1/compliance/trend/"))
        report(f"GET compliance/trend/ again, cached, {trusts} trusts", cached, 0.200, summary)
    else:
        cache.clear()
        started = time.perf_counter()
        refresh_trend()
        print(f"worker refresh of the default trend, {trusts} trusts: {time.perf_counter() - started:.1f} s")
        summary = timed(lambda: get("/api/v1/compliance/summary/"))
        kept = timed(lambda: get("/api/v1/compliance/trend/"))
        report(f"GET compliance/trend/ kept by the worker, {trusts} trusts", kept, 0.200, summary)


def in_fresh_database(scale):
    database = f"wachter_bench_trend_{os.getpid()}_{scale}"
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
        subprocess.run([sys.executable, __file__, scale], env=env, cwd=ROOT, check=True)  # noqa: S603
    finally:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}"')
        server.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if len(sys.argv) > 1:
        measure(sys.argv[1])
    else:
        for name in SCALES:
            in_fresh_database(name)
