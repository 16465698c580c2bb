"""The README's "Running in production", done as a new operator would (SPEC §10): a fresh clone
of HEAD, a virtualenv with requirements.txt alone (no Node, no built assets but the committed
ones), its own PostgreSQL database, migrate, collectstatic, gunicorn and a Celery worker with
DJANGO_DEBUG=false. Only committed files take part: commit before running it."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
import requests
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.deploy
PASSWORD = "a-long-enough-deploy-password"
WAIT_SECONDS = 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database():
    """A PostgreSQL database of this test's own, dropped after it."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and REDIS_URL: `make test` sets them")
    server = connection.settings_dict
    name = f"deploy_wachter_{os.getpid()}"
    admin = psycopg2.connect(dbname="postgres", user=server["USER"], host=server["HOST"], port=server["PORT"])
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def deployed(tmp_path, database):
    """The README's production steps in a fresh clone; yields the served address."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(settings.BASE_DIR), str(clone)], check=True)
    assert not (clone / "node_modules").exists()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    subprocess.run(
        [bin_dir / "pip", "install", "--quiet", "--no-compile", "-r", "requirements.txt"],
        cwd=clone,
        check=True,
        capture_output=True,
    )
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "VIRTUAL_ENV"))},
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "DATABASE_URL": database,
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "CELERY_QUEUE": f"wachter-deploy-{os.getpid()}",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }

    def manage(*args):
        return subprocess.run(
            ["python", "manage.py", *args], cwd=clone, env=env, check=True, capture_output=True, text=True
        ).stdout

    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("createsuperuser", "--noinput", "--username", "admin", "--email", "admin@localhost")
    token = manage("provision_user", "admin", "--role", "admin").splitlines()[-1]
    port = free_port()
    processes = [
        subprocess.Popen(
            ["gunicorn", "--bind", f"127.0.0.1:{port}", "--no-control-socket", "wachter_planner.wsgi"],
            cwd=clone,
            env=env,
        ),
        subprocess.Popen(
            [
                "celery",
                "-A",
                "wachter_planner",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=clone,
            env=env,
        ),
    ]
    site = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(site)
        yield site, token
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


def wait_until_served(site):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            requests.get(f"{site}/accounts/login/", timeout=WAIT_SECONDS)
            return
        except requests.ConnectionError:  # not listening yet
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {WAIT_SECONDS}s")


def sign_in(site):
    browser = requests.Session()
    login = browser.get(f"{site}/accounts/login/", timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    answer = browser.post(
        f"{site}/accounts/login/",
        data={"username": "admin", "password": PASSWORD, "csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{site}/accounts/login/"},
        timeout=30,
    )
    assert answer.url == f"{site}/", answer.text
    return browser, answer


def wait_for_result(site, token, ods_code):
    headers = {"Authorization": f"Token {token}"}
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        row = requests.get(f"{site}/api/v1/compliance/{ods_code}/", headers=headers, timeout=30).json()
        if row["stale"] is False:
            return row
        time.sleep(0.3)
    pytest.fail(f"the worker did not compute {ods_code} within {WAIT_SECONDS}s")


def test_a_fresh_clone_deploys_with_python_alone_by_the_readme(deployed):
    site, token = deployed
    login = requests.get(f"{site}/accounts/login/", timeout=30)
    assert login.status_code == 200
    assert "Sign in to Wachter Planner" in login.text

    browser, dashboard = sign_in(site)
    assert dashboard.status_code == 200
    stylesheet = re.search(
        r'href="(/static/vendor/nhsuk/nhsuk-frontend\.min\.[0-9a-f]{12}\.css)"', dashboard.text
    )
    assert stylesheet, "the NHS.UK stylesheet is linked by its hashed name"
    css = browser.get(f"{site}{stylesheet.group(1)}", timeout=30)
    assert css.status_code == 200 and ".nhsuk-header" in css.text
    for page in ["/trusts/", "/academy/", "/funding/", "/funding/planner/", "/api/v1/docs/"]:
        assert browser.get(f"{site}{page}", timeout=30).status_code == 200, page

    missing = requests.get(f"{site}/no-such-page/", timeout=30)
    assert missing.status_code == 404
    assert "Page not found" in missing.text
    assert requests.get(f"{site}/api/v1/docs/", timeout=30).status_code == 200

    created = requests.post(
        f"{site}/api/v1/trusts/",
        json={"ods_code": "RDP", "name": "Deploy Test NHS Trust", "region": "Y56", "staff_fte": "5000.0"},
        headers={"Authorization": f"Token {token}"},
        timeout=30,
    )
    assert created.status_code == 201, created.text
    assert wait_for_result(site, token, "RDP")["trust_name"] == "Deploy Test NHS Trust"


def test_the_readme_lists_exactly_these_steps():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    production = readme[readme.index("## Running in production") :]
    for step in [
        "pip install -r requirements.txt",
        "python manage.py migrate",
        "python manage.py collectstatic --noinput",
        "gunicorn wachter_planner.wsgi",
        "celery -A wachter_planner worker",
    ]:
        assert step in production, step
