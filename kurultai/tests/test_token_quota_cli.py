"""`kurultai token quota PREFIX --per-day N --per-minute M`: an administrator's command."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kurultai.accounts.models import User
from kurultai.accounts.services import token_create
from kurultai.cli import app


@pytest.fixture
def token(db):
    return token_create(user=User.objects.get(username="citizen"), name="cli")[0]


def test_cli_sets_a_quota(token) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["token", "quota", token.prefix, "--per-day", "500", "--per-minute", "10"])
    assert done.exit_code == 0, done.output
    assert "500 requests per day, 10 per minute" in done.output
    token.refresh_from_db()
    assert (token.quota_per_day, token.quota_per_minute) == (500, 10)
    assert runner.invoke(app, ["token", "quota", "klt_missing00"]).exit_code == 1
    assert runner.invoke(app, ["token", "quota", token.prefix, "--per-day", "0"]).exit_code == 2
