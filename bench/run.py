"""`make bench`: every figure at national scale (10,000 trusts, about 60,000 posts) measured
beside its baseline in the same run, with its target; prints the table and writes
`bench/results.md` and the README's table.

It runs against services of its own: a database made on the PostgreSQL server and dropped after,
its own `redis-server`, gunicorn with two workers and a Celery worker, on ports 19150-19151.
"""

import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load, reading, recompute, trend, workforce_import  # noqa: E402
from bench.figures import DATA, ROOT, SERVER, Figure  # noqa: E402
from bench.services import Services  # noqa: E402

SYNTHETIC_TRUSTS = 9801  # with England's real trusts, 10,000 active
REDIS_PORT, GUNICORN_PORT = 19150, 19151


def machine():
    import django
    from django.db import connection

    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout  # noqa: S607
    redis_version = re.search(r"v=(\S+)", redis).group(1)
    return (
        f"{os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB memory; Python {platform.python_version()}, "
        f"Django {django.get_version()}, PostgreSQL {postgres.split()[0]}, "
        f"Redis {redis_version}"
    )


def load_data():
    from django.core.management import call_command
    from django.db import connection

    from wachter_planner.celery import app

    call_command("migrate", verbosity=0)
    call_command(
        "import_trusts",
        DATA / "ods" / "etr_2026-07.csv",
        DATA / "derived" / "trusts_england_2025.csv",
        verbosity=0,
    )
    app.conf.task_always_eager = True  # the demo's first recompute, here and now
    call_command("load_demo", "--seed", "2016", "--trusts", str(SYNTHETIC_TRUSTS))
    app.conf.task_always_eager = False
    call_command("collectstatic", "--noinput", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would soon after a bulk load


def measure(workdir):
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client

    from trusts.models import ApiToken

    load_data()
    user = User.objects.create_superuser("bench", password=None)
    token = ApiToken.issue(user)[1]
    figures = [Figure(*figure) for figure in trend.today_figures()]
    figures += [Figure(*figure) for figure in workforce_import.import_figures()]
    services = Services(os.environ.copy(), workdir)
    try:
        services.redis(REDIS_PORT)
        bare_sql, in_process = recompute.in_process_figures()
        figures += in_process
        figures += reading.read_figures(user)  # the pages read their figures from Redis
        services.worker()
        services.gunicorn(GUNICORN_PORT)
        base = f"http://127.0.0.1:{GUNICORN_PORT}"
        figures += load.edit_figures(token, base)  # the worker is warm after the first edit
        load.wait_until_the_worker_is_idle()
        figures += recompute.through_workers_figures(token, base, bare_sql)
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        load.wait_until_the_worker_is_idle()
        figures += load.load_figures(token, client.cookies["sessionid"].value, base, workdir)
    finally:
        services.stop()
    return machine(), figures


def table(figures):
    lines = [
        "| figure | measured | baseline | ratio | target | |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for figure in figures:
        shown = "{:,.3f}" if figure.unit in ("s",) else "{:,.0f}"
        ratio = f"{figure.ratio:.2f}×" if figure.baseline else ""
        lines.append(
            f"| {figure.name} | {shown.format(figure.value)} {figure.unit} | {shown.format(figure.baseline)} "
            f"{figure.unit} | {ratio} | {figure.target} | {'met' if figure.met else '**missed**'} |"
        )
    return "\n".join(lines)


def write_results(about, figures):
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    body = table(figures)
    (ROOT / "bench" / "results.md").write_text(
        f"# `make bench` results\n\n{when}, on {about}.\n"
        f"{SYNTHETIC_TRUSTS:,} synthetic trusts beside England's real ones (`load_demo --trusts {SYNTHETIC_TRUSTS}`).\n"
        f"Each figure and its baseline are measured in the same run.\n\n{body}\n"
    )
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text:
        head, rest = text.split(start, 1)
        text = f"{head}{start}\n{when}, {about}:\n\n{body}\n{end}{rest.split(end, 1)[1]}"
        readme.write_text(text)
    print(f"{about}\n\n{body}")


def main():
    database = f"wachter_bench_{os.getpid()}"
    server = psycopg2.connect(SERVER)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"')
    os.environ.update(
        DATABASE_URL=SERVER.rsplit("/", 1)[0] + f"/{database}",
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        DJANGO_SETTINGS_MODULE="wachter_planner.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-" + "k" * 44),
        CELERY_QUEUE=f"wachter-bench-{os.getpid()}",
        # The bench measures the app, not its rate limits.
        API_THROTTLE_TOKEN="10000000/hour",
    )
    try:
        with tempfile.TemporaryDirectory(prefix="wachter-bench-") as workdir:
            about, figures = measure(Path(workdir))
        write_results(about, figures)
    finally:
        from django.db import connections

        connections.close_all()
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        server.close()
    return 0 if all(figure.met for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
