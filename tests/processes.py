"""The command lines of the app's own processes, for the tests and the bench that start them
on ports of their own."""

import socket
import sys


def redis_server(port):
    """A Redis that keeps nothing on disk."""
    return ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]


def celery_worker(*options):
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "wachter_planner",
        "worker",
        "--without-gossip",
        "--without-mingle",
        *options,
    ]


def gunicorn(port):
    """The site as the README serves it: two synchronous workers."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers=2",
        f"--bind=127.0.0.1:{port}",
        "wachter_planner.wsgi",
    ]


def listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0
