"""`make bench`: every figure at national scale (10,000 trusts, about 60,000 posts) measured
beside its baseline in the same run, with its target; prints the table and writes
`bench/results.md` and the README's table.

It runs against services of its own: a database made on the PostgreSQL server and dropped after,
its own `redis-server`, gunicorn with two workers and a Celery worker, on ports 19150-19152.
"""

import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432/postgres")
DATA = Path(os.environ.get("WACHTER_DATA_DIR", ROOT.parent / "shared" / "data"))
SYNTHETIC_TRUSTS = 9801  # with England's real trusts, 10,000 active
REDIS_PORT, GUNICORN_PORT = 19150, 19151
ROUNDS = 3
EDITS = 200
LOAD_SECONDS, LOAD_CONNECTIONS = 30, 20
PAGE_SAMPLES = 15
BASELINE_SQL = """
    INSERT INTO bench_baseline (trust_id, posts, time, computed_at)
    SELECT post.trust_id, count(*), sum(post.time_fraction), now()
    FROM workforce_post post JOIN trusts_trust trust ON trust.id = post.trust_id
    WHERE trust.is_active AND post.start_date <= current_date
      AND (post.end_date IS NULL OR post.end_date >= current_date)
    GROUP BY post.trust_id
    ON CONFLICT (trust_id) DO UPDATE
    SET posts = EXCLUDED.posts, time = EXCLUDED.time, computed_at = EXCLUDED.computed_at
"""


@dataclass
class Figure:
    name: str
    value: float
    baseline: float
    unit: str
    target: str
    met: bool

    @property
    def ratio(self):
        return self.value / self.baseline if self.baseline else float("nan")


def median_seconds(action, rounds=ROUNDS, before=None):
    seconds = []
    for _ in range(rounds):
        if before:
            before()
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def p(values, percent):
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


# --- The national recompute ------------------------------------------------------------------


def recompute_figures():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trusts.models import Trust
    from workforce.models import Policy
    from workforce.recompute import recompute

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_baseline (trust_id bigint PRIMARY KEY, posts int, time numeric, computed_at timestamptz)"
        )
    policy = Policy.objects.filter(is_active=True)
    team_min = policy.get().team_min

    def move_every_target():  # a policy edit without its signal: every result changes
        move_every_target.flip = not getattr(move_every_target, "flip", False)
        policy.update(team_min=team_min + move_every_target.flip)

    def bare_sql():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL)

    baseline = median_seconds(bare_sql)
    changed = median_seconds(recompute, before=move_every_target)
    unchanged = median_seconds(recompute)
    move_every_target()
    with CaptureQueriesContext(connection) as national:
        recompute()
    move_every_target()
    two_trusts = list(Trust.objects.active().values_list("id", flat=True)[:2])
    with CaptureQueriesContext(connection) as two:
        recompute(two_trusts)
    floor, peak = peak_memory_mb("None"), peak_memory_mb("recompute()")
    trusts = Trust.objects.active().count()
    return [
        Figure(
            f"national recompute, {trusts:,} trusts, every result changed",
            changed,
            baseline,
            "s",
            "≤ 8× bare SQL",
            changed <= 8 * baseline,
        ),
        Figure(
            f"national recompute, {trusts:,} trusts, nothing changed",
            unchanged,
            baseline,
            "s",
            "≤ 8× bare SQL",
            unchanged <= 8 * baseline,
        ),
        Figure(
            "statements: national recompute (baseline: 2 trusts)",
            len(national),
            len(two),
            "",
            "the same",
            len(national) == len(two),
        ),
        Figure(
            "peak memory of a recompute process (baseline: the process idle)",
            peak,
            floor,
            "MB",
            "≤ 300 MB",
            peak <= 300,
        ),
    ]


def peak_memory_mb(statement):
    """Peak resident memory of a fresh process that sets Django up and runs `statement` (its
    own VmHWM: the children's rusage would count the bench's memory, copied at the fork)."""
    code = (
        "import re, django; django.setup(); from workforce.recompute import recompute; "
        f"{statement}; "
        "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=os.environ, check=True, capture_output=True
    )
    return int(done.stdout.split()[-1]) / 1024


# --- Reading: the compliance list and the pages ----------------------------------------------


def read_figures(user):
    from django.test import Client, override_settings

    from trusts.models import Trust

    trusts = Trust.objects.active().count()
    pages = range(1, -(-trusts // 1000) + 1)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)

    def every_row(prefix):
        def read():
            for page in pages:
                assert client.get(f"{prefix}?page_size=1000&page={page}").status_code == 200

        return read

    with override_settings(ROOT_URLCONF="bench.urls"):
        api = trusts / median_seconds(every_row("/api/v1/compliance/"))
        plain = trusts / median_seconds(every_row("/bench/plain-compliance/"))
    ods = Trust.objects.active().order_by("name").values_list("ods_code", flat=True).first()
    floor = page_time(Client(SERVER_NAME="localhost"), "/accounts/login/")
    trust_page, dashboard = page_time(client, f"/trusts/{ods}/"), page_time(client, "/")
    return [
        Figure(
            f"GET compliance/, all {trusts:,} rows, page_size 1000 (baseline: .values() + JsonResponse)",
            api,
            plain,
            "rows/s",
            "≥ 0.5× baseline",
            api >= 0.5 * plain,
        ),
        Figure(
            "trust page, median server time (baseline: the login page)",
            trust_page,
            floor,
            "ms",
            "≤ 100 ms",
            trust_page <= 100,
        ),
        Figure(
            "national dashboard, median server time (baseline: the login page)",
            dashboard,
            floor,
            "ms",
            "≤ 150 ms",
            dashboard <= 150,
        ),
    ]


def page_time(client, path):
    seconds = []
    for _ in range(PAGE_SAMPLES):
        started = time.perf_counter()
        assert client.get(path).status_code == 200, path
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000


# --- Through gunicorn and a real worker ------------------------------------------------------


class Services:
    """redis-server, gunicorn (2 workers) and a Celery worker of the bench's own."""

    def __init__(self, env, logs):
        self.env, self.logs, self.processes = env, logs, []

    def start(self, name, command, port=None):
        log = open(self.logs / f"{name}.log", "w")  # closed with the process
        process = subprocess.Popen(
            command,
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((process, log))
        deadline = time.monotonic() + 60
        while port and not listening(port):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{name} did not start: see {log.name}")
            time.sleep(0.1)
        return process

    def stop(self):
        for process, log in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            log.close()


def listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def edit_figures(token, base):
    from trusts.models import Trust
    from workforce.models import Post

    posts = list(
        Post.objects.filter(trust__in=Trust.objects.active(), person__isnull=False, end_date__isnull=True)
        .order_by("trust_id", "id")
        .distinct("trust_id")
        .values_list("id", "trust__ods_code")[:EDITS]
    )
    api = requests.Session()
    api.headers.update({"Authorization": f"Token {token}", "Accept": "application/json"})
    to_fresh, round_trip = [], []
    for index, (post_id, ods) in enumerate(posts):
        before = api.get(f"{base}/api/v1/compliance/{ods}/").json()["computed_at"]
        started = time.perf_counter()
        edit = api.patch(
            f"{base}/api/v1/posts/{post_id}/", json={"time_fraction": ("0.850", "0.900")[index % 2]}
        )
        round_trip.append(time.perf_counter() - started)
        assert edit.status_code == 200, edit.text
        while True:
            row = api.get(f"{base}/api/v1/compliance/{ods}/").json()
            if not row["stale"] and row["computed_at"] != before:
                break
            if time.perf_counter() - started > 30:
                raise RuntimeError(f"{ods} not recomputed within 30 s")
            time.sleep(0.01)
        to_fresh.append(time.perf_counter() - started)
    return [
        Figure(
            f"edit → fresh result through the API and a worker, p50 of {EDITS} (baseline: the PATCH alone)",
            p(to_fresh, 50),
            p(round_trip, 50),
            "s",
            "",
            True,
        ),
        Figure(
            f"edit → fresh result through the API and a worker, p95 of {EDITS} (baseline: the PATCH alone)",
            p(to_fresh, 95),
            p(round_trip, 95),
            "s",
            "≤ 0.5 s",
            p(to_fresh, 95) <= 0.5,
        ),
    ]


WRK_SCRIPT = """
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS"), "%S+") do paths[#paths + 1] = path end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1])
end
"""


def wrk(base, paths, seconds, headers, workdir):
    script = workdir / "paths.lua"
    script.write_text(WRK_SCRIPT)
    command = [
        "wrk",
        f"-c{LOAD_CONNECTIONS}",
        "-t2",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(script),
        *[f"-H{header}" for header in headers],
        base,
    ]
    out = subprocess.run(
        command,
        env={**os.environ, "BENCH_PATHS": " ".join(paths)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    socket_errors = sum(map(int, re.findall(r"(?:connect|read|write|timeout) (\d+)", out)))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests_done = int(re.search(r"(\d+) requests in", out).group(1))
    return p99_ms, socket_errors + (int(bad.group(1)) if bad else 0), requests_done


def load_figures(token, session, base, workdir):
    from trusts.models import Trust

    ods = Trust.objects.active().order_by("name").values_list("ods_code", flat=True).first()
    headers = [f"Authorization: Token {token}", f"Cookie: sessionid={session}"]
    floor, _, _ = wrk(base, ["/static/vendor/nhsuk/nhsuk-frontend.min.js"], 10, headers, workdir)
    p99_ms, errors, done = wrk(
        base, ["/api/v1/compliance/summary/", f"/trusts/{ods}/"], LOAD_SECONDS, headers, workdir
    )
    return [
        Figure(
            f"load: {LOAD_CONNECTIONS} connections {LOAD_SECONDS} s on compliance/summary/ and a trust page, "
            f"gunicorn 2 workers, p99 ({done:,} requests; baseline: a static file)",
            p99_ms,
            floor,
            "ms",
            "≤ 250 ms",
            p99_ms <= 250,
        ),
        Figure("load: errors (baseline: none allowed)", errors, 0, "", "0", errors == 0),
    ]


# --- The run ---------------------------------------------------------------------------------


def machine():
    import django
    from django.db import connection

    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout
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
    figures = recompute_figures() + read_figures(user)
    services = Services(os.environ.copy(), workdir)
    try:
        services.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            REDIS_PORT,
        )
        services.start(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "wachter_planner",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
        )
        services.start(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers=2",
                f"--bind=127.0.0.1:{GUNICORN_PORT}",
                "wachter_planner.wsgi",
            ],
            GUNICORN_PORT,
        )
        base = f"http://127.0.0.1:{GUNICORN_PORT}"
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        figures += edit_figures(token, base)
        figures += load_figures(token, client.cookies["sessionid"].value, base, workdir)
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
    sys.path.insert(0, str(ROOT))
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
