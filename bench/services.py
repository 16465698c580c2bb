"""The bench's own processes: redis-server, a Celery worker and gunicorn, stopped after."""

import os
import signal
import subprocess
import time

from bench.figures import ROOT
from tests import processes

START_SECONDS = 60


class Services:
    def __init__(self, env, logs):
        self.env, self.logs, self.processes = env, logs, []

    def start(self, name, command, port=None):
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115  # closed with the process
        process = subprocess.Popen(  # noqa: S603
            command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((process, log))
        deadline = time.monotonic() + START_SECONDS
        while port and not processes.listening(port):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{name} did not start: see {log.name}")
            time.sleep(0.1)
        return process

    def redis(self, port):
        return self.start("redis", processes.redis_server(port), port)

    def worker(self):
        """A worker as deployed: one process per core (Celery's default), sharing the chunks."""
        return self.start("worker", processes.celery_worker("--loglevel=WARNING"))

    def gunicorn(self, port):
        return self.start("gunicorn", processes.gunicorn(port), port)

    def stop(self):
        for process, log in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            log.close()
