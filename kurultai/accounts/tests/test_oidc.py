"""OpenID Connect sign-in: the ID token checks (signature, expiry, audience, issuer, algorithm) and
the account a verified identity gets. The provider's key is a real RSA key made for the test."""

from __future__ import annotations

import time
from datetime import date

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation

from kurultai.accounts.iin import make_iin
from kurultai.accounts.oidc import KurultaiOIDCBackend

ISSUER = "https://idp.example.kz"
CLIENT = "kurultai-test"
IIN = make_iin(date(1970, 2, 3), "M", serial=1234)


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


PROVIDER_KEY = _key()
FORGER_KEY = _key()


def _pem(key) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@pytest.fixture
def backend(settings):
    settings.KURULTAI_OIDC_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = CLIENT
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_IDP_SIGN_KEY = _pem(PROVIDER_KEY)
    settings.OIDC_OP_TOKEN_ENDPOINT = ISSUER + "/token/"
    settings.OIDC_OP_USER_ENDPOINT = ISSUER + "/userinfo/"
    settings.OIDC_USE_NONCE = True
    return KurultaiOIDCBackend()


def token(key=PROVIDER_KEY, alg="RS256", **overrides) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "egov-1", "iat": now, "exp": now + 300, "nonce": "n1", "iin": IIN}
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, key, algorithm=alg)


def test_a_valid_token_gives_its_claims(backend):
    assert backend.verify_token(token(), nonce="n1")["iin"] == IIN


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"key": FORGER_KEY}, id="forged-signature"),
        pytest.param({"exp": int(time.time()) - 3600}, id="expired"),
        pytest.param({"aud": "another-client"}, id="wrong-audience"),
        pytest.param({"iss": "https://evil.example"}, id="wrong-issuer"),
        pytest.param({"exp": None}, id="no-expiry"),
    ],
)
def test_bad_tokens_are_refused(backend, bad):
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(token(**bad), nonce="n1")


def test_a_symmetric_or_unsigned_token_is_refused(backend):
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(jwt.encode({"iss": ISSUER}, "secret-" * 6, algorithm="HS256"), nonce="n1")
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(jwt.encode({"iss": ISSUER}, None, algorithm="none"), nonce="n1")
    with pytest.raises(SuspiciousOperation):
        backend.verify_token("not-a-token", nonce="n1")


def test_a_replayed_nonce_is_refused(backend):
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(token(), nonce="another")


@pytest.mark.django_db
def test_a_verified_identity_gets_one_citizen_account(backend):
    claims = {"sub": "egov-1", "iin": IIN, "region": "KZ-75", "name": "Test Citizen"}
    assert backend.verify_claims(claims)
    first = backend.get_or_create_user("access", "id", claims)
    assert first.citizen.verification_method == "oidc"
    assert first.citizen.region_code == "KZ-75"
    assert IIN not in first.citizen.iin_hash
    again = backend.get_or_create_user("access", "id", claims)
    assert again.pk == first.pk


@pytest.mark.django_db
def test_a_minor_or_a_malformed_iin_gets_no_account(backend):
    minor = make_iin(date(2018, 6, 1), "F", serial=1)  # a child until 2036
    for iin in (minor, "123456789012"):
        with pytest.raises(SuspiciousOperation):
            backend.get_or_create_user("access", "id", {"sub": "x", "iin": iin, "region": "KZ-75"})
