"""Services of a fault test's own, on loopback ports of its own, stopped after it: a PostgreSQL
cluster made with `initdb`, a `redis-server`, Celery workers and gunicorn, each a subprocess."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import requests
from django.conf import settings

from tests import processes

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGRES_PORT = 19120
REDIS_PORT = 19121
GUNICORN_PORT = 19122
START_SECONDS = 60


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds}s")
        time.sleep(0.05)
    return found


def as_postgres(*command):
    """initdb refuses root; the cluster's files and processes belong to `postgres`."""
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    done = subprocess.run([*runner, *map(str, command)], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{command[0]} failed: {done.stderr or done.stdout}")


class PostgresCluster:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        as_postgres(POSTGRES_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self):
        options = f"-p {POSTGRES_PORT} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_postgres(
            POSTGRES_BIN / "pg_ctl",
            "-D",
            self.data,
            "-o",
            options,
            "-l",
            self.directory / "log",
            "-w",
            "start",
        )

    def stop(self):
        as_postgres(POSTGRES_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{POSTGRES_PORT}/{database}"

    def execute(self, sql, database="postgres"):
        connection = psycopg2.connect(self.url(database))
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else None
        finally:
            connection.close()


class RedisServer:
    def __init__(self):
        self.process = None

    def start(self):
        self.process = subprocess.Popen(processes.redis_server(REDIS_PORT), stdout=subprocess.DEVNULL)
        wait_for(lambda: processes.listening(REDIS_PORT), START_SECONDS, "redis-server listening")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    @property
    def url(self):
        return f"redis://127.0.0.1:{REDIS_PORT}/0"


class App:
    """The app's own processes against one database of the cluster and the Redis."""

    def __init__(self, database_url, redis_url, logs, **environment):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "fault-tests-" + "k" * 40,
            "CELERY_QUEUE": "wachter",
            **environment,
        }
        self.logs = Path(logs)
        self.processes = []

    def manage(self, *arguments):
        done = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            env=self.env,
            cwd=settings.BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def spawn(self, name, command):
        log = self.logs / f"{name}-{len(self.processes)}.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                command,
                env=self.env,
                cwd=settings.BASE_DIR,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, to kill it whole
            )
        process.log = log
        self.processes.append(process)
        return process

    def worker(self, *options):
        process = self.spawn("worker", processes.celery_worker("--pool=solo", "--loglevel=INFO", *options))
        wait_for(lambda: " ready." in process.log.read_text(), START_SECONDS, "worker ready")
        return process

    def gunicorn(self):
        process = self.spawn("gunicorn", processes.gunicorn(GUNICORN_PORT))
        wait_for(lambda: processes.listening(GUNICORN_PORT), START_SECONDS, "gunicorn listening")
        return process

    def api(self, token):
        session = requests.Session()
        session.headers.update({"Authorization": f"Token {token}", "Accept": "application/json"})
        session.base = f"http://127.0.0.1:{GUNICORN_PORT}/api/v1/"
        return session

    def fresh_check(self, trust_ids=None):
        """How the stored results stand against a fresh synchronous computation."""
        done = subprocess.run(
            [sys.executable, "-m", "tests.faults.fresh", json.dumps(trust_ids)],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "wachter_planner.settings"},
            cwd=settings.BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.splitlines()[-1])

    def stop(self):
        for process in self.processes:
            kill(process, signal.SIGTERM)


def kill(process, signal_number=signal.SIGKILL):
    if process.poll() is None:
        os.killpg(process.pid, signal_number)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
