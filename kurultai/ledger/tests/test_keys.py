"""The signing key: from LEDGER_SIGNING_KEY, else (outside production) a key generated once in VAR_DIR."""

from __future__ import annotations

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from kurultai.ledger import heads, keys


@pytest.fixture
def key_file(settings, tmp_path):
    settings.LEDGER_SIGNING_KEY = None
    settings.LEDGER_SIGNING_KEY_FILE = tmp_path / "var" / "ledger-ed25519.key"
    return settings.LEDGER_SIGNING_KEY_FILE


def test_the_configured_key_wins(settings):
    settings.LEDGER_SIGNING_KEY = bytes(range(32))
    assert keys.signing_key() == bytes(range(32))
    assert keys.public_key_b64() == heads.b64encode(heads.public_key(bytes(range(32))))


def test_a_development_key_is_generated_once_and_kept_private(key_file):
    first = keys.signing_key()
    assert len(first) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert keys.signing_key() == first
    assert heads.b64decode(key_file.read_text(), size=32, what="key") == first
    assert list(key_file.parent.iterdir()) == [key_file]  # no temporary file left behind


def test_a_corrupt_key_file_is_a_configuration_error(key_file):
    key_file.parent.mkdir()
    key_file.write_text("not a key\n")
    with pytest.raises(ImproperlyConfigured, match="does not hold a base64 Ed25519 key"):
        keys.signing_key()


def test_production_never_generates_a_key(key_file, settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="LEDGER_SIGNING_KEY"):
        keys.signing_key()
    assert not key_file.exists()
