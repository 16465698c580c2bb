import itertools
import shutil
import tempfile

import pytest

from .services import App, PostgresCluster, RedisServer

TEMPLATE = "wachter_faults_template"
TRUSTS = 2000
_databases = itertools.count()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    """One PostgreSQL cluster of the fault tests' own, with a template database: migrated,
    2,000 synthetic trusts with a demo workforce, every result computed."""
    directory = tempfile.mkdtemp(prefix="wachter-faults-postgres-")  # a place `postgres` may reach
    cluster = PostgresCluster(directory)
    cluster.start()
    try:
        cluster.execute(f"CREATE DATABASE {TEMPLATE}")
        loader = App(cluster.url(TEMPLATE), "", tmp_path_factory.mktemp("template-logs"))
        loader.manage("migrate", "--noinput")
        loader.manage("load_demo", "--seed", "2016", "--trusts", str(TRUSTS))  # computes in-process
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def database(cluster):
    """A copy of the template for one test."""
    name = f"wachter_faults_{next(_databases)}"
    cluster.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield name
    cluster.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def redis():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_app(cluster, database, redis, tmp_path):
    apps = []

    def make(**environment):
        app = App(cluster.url(database), redis.url, tmp_path, **environment)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.stop()
