"""Production mode: `manage.py check --deploy` is clean and the hardening settings are on."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_", "SECURE_", "DEBUG"))}
    env.update(
        KURULTAI_ENV="production",
        DATABASE_URL="postgres://kurultai@127.0.0.1:5432/kurultai",
        SECRET_KEY="s" * 20 + "-production-secret-for-the-deploy-check-0123456789",
        IIN_HASH_KEY="another-production-secret-for-iin-hashes-0123456789",
        LEDGER_SIGNING_KEY=base64.b64encode(b"k" * 32).decode(),
        ALLOWED_HOSTS="kurultai.kz",
        CSRF_TRUSTED_ORIGINS="https://kurultai.kz",
        KURULTAI_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="kurultai.settings",
    )
    return env


def test_check_deploy_is_clean_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PROBE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({k: getattr(s, k, None) for k in (
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT", "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "AXES_FAILURE_LIMIT")}))
"""


def test_production_settings_harden_cookies_and_transport(tmp_path):
    env = production_env(tmp_path)
    result = subprocess.run(  # noqa: S603 - a fixed command, our own interpreter
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
        "AXES_FAILURE_LIMIT": 5,
    }


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SECRET_KEY", "short", "SECRET_KEY"),
        ("DATABASE_URL", "", "SQLite"),
        ("LEDGER_SIGNING_KEY", "", "LEDGER_SIGNING_KEY"),
    ],
)
def test_production_refuses_unsafe_values(tmp_path, name, value, message):
    env = production_env(tmp_path)
    env[name] = value
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_headers_on_an_https_response_with_production_values(client, settings):
    """The same values the production block sets, applied to a live request through the middleware."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get("/en/accounts/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
