"""Sign-in with OpenID Connect end to end, against a real provider started by the test.

The provider is a small Django process running django-oauth-toolkit (``oidc_provider/``): its own
SQLite database, an RSA key made at start, RS256 ID tokens carrying the citizen's IIN and region.
Kurultai runs as its production server (granian) on the test database, configured only through
the environment a deployment would set (``KURULTAI_OIDC_ISSUER`` and the client credentials).
A requests session plays the citizen's browser through the authorization-code flow. The token
checks (a forged signature, an expired token) then run in our backend against the provider's
real JWKS endpoint.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import connection

from kurultai.accounts.iin import iin_hash, make_iin
from kurultai.accounts.models import CitizenProfile
from kurultai.accounts.oidc import KurultaiOIDCBackend

pytest.importorskip("oauth2_provider", reason="django-oauth-toolkit (a dev dependency) plays the identity provider")

pytestmark = pytest.mark.django_db(transaction=True)

HOST = "127.0.0.1"
GRANIAN = Path(settings.BASE_DIR) / ".venv" / "bin" / "granian"
CLIENT_ID = "kurultai-e2e"
CLIENT_SECRET = "e2e-client-secret-0123456789"
ADULT_IIN = make_iin(date(1980, 4, 5), "F", serial=4321)
MINOR_IIN = make_iin(date(2019, 1, 2), "M", serial=11)
CITIZENS = {
    "aigerim": {"password": "idp-pass-aigerim", "claims": {"iin": ADULT_IIN, "region": "KZ-75", "name": "Aigerim"}},
    "child": {"password": "idp-pass-child", "claims": {"iin": MINOR_IIN, "region": "KZ-75"}},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def database_env(var_dir: Path) -> dict[str, str]:
    """Point a server process at the test database (the file on SQLite, the URL on PostgreSQL)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return {"DATABASE_URL": f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"}
    (var_dir / "kurultai.sqlite3").symlink_to(Path(db["NAME"]).resolve())
    return {}


@dataclass
class Provider:
    issuer: str
    key: rsa.RSAPrivateKey


@dataclass
class Site:
    url: str
    provider: Provider


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, django_db_setup: None) -> Iterator[Site]:
    """Both servers, once for the module; each test's rows are flushed from the shared database."""
    tmp_path = tmp_path_factory.mktemp("oidc")
    site_port, idp_port = free_port(), free_port()
    site_url, issuer = f"http://{HOST}:{site_port}", f"http://{HOST}:{idp_port}/o"
    idp_dir, var_dir = tmp_path / "idp", tmp_path / "var"
    idp_dir.mkdir()
    var_dir.mkdir()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OIDC_", "KURULTAI_"))}
    base.pop("DATABASE_URL", None)
    idp_env = {
        **base,
        "OIDC_PROVIDER_ISSUER": issuer,
        "OIDC_PROVIDER_CLIENT": json.dumps(
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{site_url}/{lang}/accounts/oidc/callback/" for lang in ("kk", "ru", "en")],
            }
        ),
        "OIDC_PROVIDER_USERS": json.dumps({name: c["password"] for name, c in CITIZENS.items()}),
        "OIDC_PROVIDER_CLAIMS": json.dumps({name: c["claims"] for name, c in CITIZENS.items()}),
    }
    site_env = {
        **base,
        **database_env(var_dir),
        "KURULTAI_VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "KURULTAI_PAGE_CACHE": "false",
        "LOG_LEVEL": "ERROR",
        "IIN_HASH_KEY": settings.IIN_HASH_KEY,
        "KURULTAI_OIDC_ISSUER": issuer,
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
    }
    idp = subprocess.Popen(  # noqa: S603 - the test provider, our own module
        [sys.executable, "-m", "kurultai.accounts.tests.oidc_provider.serve", str(idp_dir), str(idp_port)],
        cwd=settings.BASE_DIR,
        env=idp_env,
        start_new_session=True,
    )
    args = [str(GRANIAN), "--interface", "wsgi", "--host", HOST, "--port", str(site_port), "--workers", "1"]
    args += ["--blocking-threads", "2", "--no-ws", "kurultai.wsgi:application"]
    web = subprocess.Popen(  # noqa: S603 - our own server binary
        args, cwd=settings.BASE_DIR, env=site_env, start_new_session=True, stdout=subprocess.DEVNULL
    )
    try:
        wait_for(f"{issuer}/.well-known/openid-configuration", idp)
        wait_for(f"{site_url}/healthz", web)
        key = serialization.load_pem_private_key((idp_dir / "key.pem").read_bytes(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        yield Site(url=site_url, provider=Provider(issuer=issuer, key=key))
    finally:
        stop(web)
        stop(idp)


def sign_in(site: Site, username: str) -> requests.Session:
    """The citizen's browser: start at Kurultai, sign in at the provider, come back signed in."""
    browser = requests.Session()
    login = browser.get(f"{site.url}/en/accounts/oidc/authenticate/", timeout=30)
    assert login.url.startswith(site.provider.issuer.removesuffix("/o") + "/login/")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
    assert match
    nxt = re.search(r'name="next" value="([^"]+)"', login.text)
    assert nxt
    data = {
        "csrfmiddlewaretoken": match.group(1),
        "username": username,
        "password": CITIZENS[username]["password"],
        "next": nxt.group(1).replace("&amp;", "&"),
    }
    response = browser.post(login.url, data=data, headers={"Referer": login.url}, timeout=60, allow_redirects=False)
    # Follow the redirects up to our callback's answer (provider -> authorize -> our callback).
    while "/accounts/oidc/callback/" not in response.url:
        assert response.is_redirect, response.status_code
        location = urljoin(response.url, response.headers["Location"])
        response = browser.get(location, timeout=60, allow_redirects=False)
    assert response.status_code == 302
    return browser


def test_a_citizen_signs_in_through_the_identity_provider(site):
    browser = sign_in(site, "aigerim")
    me = browser.get(f"{site.url}/api/v1/me", timeout=30)
    assert me.status_code == 200
    assert me.json()["verified_citizen"] is True
    assert me.json()["region"] == "KZ-75"
    citizen = CitizenProfile.objects.get(iin_hash=iin_hash(ADULT_IIN, key=settings.IIN_HASH_KEY.encode()))
    assert citizen.verification_method == "oidc"
    assert citizen.birth_year == 1980

    # A second sign-in finds the same account by the IIN's keyed hash.
    again = sign_in(site, "aigerim")
    assert again.get(f"{site.url}/api/v1/me", timeout=30).json()["username"] == me.json()["username"]
    assert CitizenProfile.objects.filter(verification_method="oidc").count() == 1


def test_a_minor_verified_by_the_provider_gets_no_account(site):
    browser = sign_in(site, "child")
    assert browser.get(f"{site.url}/api/v1/me", timeout=30).status_code == 401
    assert not CitizenProfile.objects.filter(verification_method="oidc").exists()


def test_a_callback_with_an_unknown_state_is_refused(site):
    # A code pushed at the callback outside a sign-in this browser started: refused, not a 500.
    conn = http.client.HTTPConnection(HOST, int(site.url.rsplit(":", 1)[1]), timeout=30)
    conn.request("GET", "/en/accounts/oidc/callback/?code=stolen&state=unknown")
    response = conn.getresponse()
    assert response.status in (302, 400)
    assert not CitizenProfile.objects.filter(verification_method="oidc").exists()


# ---------------------------------------------------------------- token checks against the real JWKS


@pytest.fixture
def backend(site, settings):
    settings.KURULTAI_OIDC_ISSUER = site.provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_IDP_SIGN_KEY = None
    settings.OIDC_OP_JWKS_ENDPOINT = site.provider.issuer + "/.well-known/jwks.json"
    settings.OIDC_OP_TOKEN_ENDPOINT = site.provider.issuer + "/token/"
    settings.OIDC_OP_USER_ENDPOINT = site.provider.issuer + "/userinfo/"
    settings.OIDC_TIMEOUT = 10
    return KurultaiOIDCBackend()


def provider_kid(site: Site) -> str:
    jwks = requests.get(site.provider.issuer + "/.well-known/jwks.json", timeout=10).json()
    [key] = jwks["keys"]
    return str(key["kid"])


def id_token(site: Site, key: rsa.RSAPrivateKey, *, kid: str, expires_in: int = 300) -> str:
    now = int(time.time())
    claims = {
        "iss": site.provider.issuer,
        "aud": CLIENT_ID,
        "sub": "1",
        "iat": now - 600,
        "exp": now + expires_in,
        "nonce": "n-1",
        "iin": ADULT_IIN,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def test_a_token_signed_by_the_provider_key_verifies(site, backend):
    token = id_token(site, site.provider.key, kid=provider_kid(site))
    assert backend.verify_token(token, nonce="n-1")["iin"] == ADULT_IIN


def test_a_forged_token_is_refused(site, backend):
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # Signed with another key but naming the provider's key id: the signature does not verify.
    with pytest.raises(SuspiciousOperation, match="InvalidSignatureError"):
        backend.verify_token(id_token(site, forger, kid=provider_kid(site)), nonce="n-1")
    # Naming a key the provider does not publish: no key to verify with.
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(id_token(site, forger, kid="forger-key"), nonce="n-1")


def test_an_expired_token_is_refused(site, backend):
    # Expired beyond the 30 s leeway, yet validly signed by the provider.
    token = id_token(site, site.provider.key, kid=provider_kid(site), expires_in=-120)
    with pytest.raises(SuspiciousOperation, match="ExpiredSignatureError"):
        backend.verify_token(token, nonce="n-1")
