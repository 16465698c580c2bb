"""Production settings refuse to start without their secret and pass Django's deploy checks."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def manage(*args, **env):
    base = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    run = manage("check", DJANGO_DEBUG="false")
    assert run.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in run.stderr


def test_production_behind_tls_passes_the_deploy_checks_with_no_warning():
    run = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="true",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="planner.example.nhs.uk",
    )
    assert run.returncode == 0, run.stderr
    assert "no issues" in run.stdout
