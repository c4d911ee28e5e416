"""The test provider's settings: SQLite and an RSA key in OIDC_PROVIDER_DIR, RS256 ID tokens."""

import json
import os
from pathlib import Path

DIR = Path(os.environ["OIDC_PROVIDER_DIR"])
ISSUER = os.environ["OIDC_PROVIDER_ISSUER"]

SECRET_KEY = "test-provider-" + DIR.name
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "kurultai.accounts.tests.oidc_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DIR / "provider.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/login/"
# The relying party runs on the same host (cookies ignore the port): names of its own.
SESSION_COOKIE_NAME = "idp_session"
CSRF_COOKIE_NAME = "idp_csrftoken"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; test accounts only
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}

# Identity claims per user name, as a national provider would release them (IIN, region).
CITIZEN_CLAIMS: dict[str, dict[str, str]] = json.loads(os.environ.get("OIDC_PROVIDER_CLAIMS", "{}"))

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": ISSUER,
    "OIDC_RSA_PRIVATE_KEY": (DIR / "key.pem").read_text(),
    "OAUTH2_VALIDATOR_CLASS": "kurultai.accounts.tests.oidc_provider.validator.CitizenClaimsValidator",
    "SCOPES": {"openid": "OpenID Connect"},
    # mozilla-django-oidc sends no PKCE challenge unless OIDC_USE_PKCE is on.
    "PKCE_REQUIRED": False,
    "ID_TOKEN_EXPIRE_SECONDS": 300,
}
