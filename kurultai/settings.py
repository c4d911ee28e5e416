"""Kurultai settings: one module, driven by the environment, strict about bad values.

Every value comes from an environment variable parsed by a strict helper that raises
``ImproperlyConfigured`` at start-up on a bad value (healthchecks' ``hc/settings.py``
habit). The embedded default is SQLite in ``var/``, console e-mail and a local cache;
``KURULTAI_ENV=production`` refuses the unsafe defaults.
"""

from __future__ import annotations

import base64
import binascii
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "kurultai-insecure-development-key-change-me"  # noqa: S105 - refused in production


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_key32(name: str) -> bytes | None:
    """A 32-byte key given as standard base64, or None when the variable is unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} must be standard base64") from None
    if len(value) != 32:
        raise ImproperlyConfigured(f"{name} must decode to 32 bytes, got {len(value)}")
    return value


def database_from_url(url: str, setting: str = "DATABASE_URL") -> dict[str, object]:
    """Parse a ``postgres://user:password@host:port/name`` URL strictly."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(f"{setting} must be a postgres:// URL, got scheme {parsed.scheme!r}")
    name = parsed.path.lstrip("/")
    if not name:
        raise ImproperlyConfigured(f"{setting} must name a database")
    try:
        port = parsed.port
    except ValueError:
        raise ImproperlyConfigured(f"{setting} has an invalid port") from None
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(name),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(port or ""),
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
        "TEST": {"NAME": f"test_{unquote(name)}"},
    }


KURULTAI_ENV = env_str("KURULTAI_ENV", "development")
if KURULTAI_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"KURULTAI_ENV must be development, test or production, got {KURULTAI_ENV!r}")
PRODUCTION = KURULTAI_ENV == "production"

SECRET_KEY = env_str("SECRET_KEY", DEFAULT_SECRET_KEY)
# The keyed hash of IINs uses its own secret so rotating SECRET_KEY (sessions) never
# breaks the one-account-per-IIN constraint.
IIN_HASH_KEY = env_str("IIN_HASH_KEY", SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
VAR_DIR = Path(env_str("KURULTAI_VAR_DIR", str(BASE_DIR / "var")))
DEMO_MODE = env_bool("KURULTAI_DEMO", False)

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    # The embedded default keeps its database in var/; create it so a fresh clone just works.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "kurultai.sqlite3",
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock
            # at BEGIN so concurrent writers queue on busy_timeout instead of failing
            # with "database is locked" half-way through a transaction.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": str(VAR_DIR / "test_kurultai.sqlite3")},
        }
    }

# Read replicas (docs/deployment.md): DATABASE_REPLICA_URL holds one or more postgres:// URLs of
# hot standbys, separated by commas or spaces. Each becomes an alias replica_1, replica_2, ...;
# kurultai/common/dbrouter.py sends the reads of safe web requests there and everything else
# (writes, reads inside a transaction, reads of a user who just wrote) to the primary.
DATABASE_REPLICA_URLS = os.environ.get("DATABASE_REPLICA_URL", "").replace(",", " ").split()
if DATABASE_REPLICA_URLS and not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL: replicas follow a PostgreSQL primary")
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = database_from_url(_url, "DATABASE_REPLICA_URL")
    # In tests a replica is the test database as seen through the standby, never one of its own.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["kurultai.common.dbrouter.PrimaryReplicaRouter"]
# After a write, the writer's reads stay on the primary this long (a signed cookie, so across
# processes); longer than the replicas' usual lag. Replicas further behind than
# DATABASE_REPLICA_MAX_LAG seconds are skipped until they catch up.
DATABASE_PIN_SECONDS = env_int("DATABASE_PIN_SECONDS", 5, minimum=1)
DATABASE_REPLICA_MAX_LAG = env_int("DATABASE_REPLICA_MAX_LAG", 30, minimum=1)

if PRODUCTION:
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        raise ImproperlyConfigured("production refuses SQLite: set DATABASE_URL to a PostgreSQL database")
    if DEBUG:
        raise ImproperlyConfigured("production refuses DEBUG=true")
    if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("production refuses the default or a short SECRET_KEY (32+ characters)")
    if IIN_HASH_KEY == DEFAULT_SECRET_KEY:
        raise ImproperlyConfigured("production refuses the default IIN_HASH_KEY")

# The public record's Ed25519 signing key (docs/ledger.md): base64 of the raw 32-byte
# private key. Without it, development and tests sign with a key generated once and kept
# in VAR_DIR (mode 0600); production refuses to start without one.
LEDGER_SIGNING_KEY = env_key32("LEDGER_SIGNING_KEY")
LEDGER_SIGNING_KEY_FILE = VAR_DIR / "ledger-ed25519.key"
if PRODUCTION and LEDGER_SIGNING_KEY is None:
    raise ImproperlyConfigured("production refuses a missing LEDGER_SIGNING_KEY (base64 of a raw Ed25519 key)")

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL must be a redis:// URL, got {REDIS_URL!r}")
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kurultai",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # A Redis that stops answering costs a request one second, not a hung worker.
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    # Shared by every web process: sessions are read from Redis and written through to the
    # database, so a Redis restart logs nobody out (docs/deployment.md).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # While Redis is down, cache reads miss and writes are dropped (pages render from the
    # database, sessions load from it); rate limits then refuse (django-ratelimit fails closed).
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kurultai",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Public anonymous pages and API reads are served from the cache until the next write
# (kurultai/common/pagecache.py); KURULTAI_PAGE_CACHE=false turns it off.
PAGE_CACHE_DISABLED = not env_bool("KURULTAI_PAGE_CACHE", True)
# Ballots answered without Django's handler when all is well (kurultai/plenary/fastlane.py);
# KURULTAI_BALLOT_FAST_LANE=false sends every ballot through the lean middleware chain.
BALLOT_FAST_LANE = env_bool("KURULTAI_BALLOT_FAST_LANE", True)
# Default quotas of an API token (a token may have its own; kurultai/accounts/quota.py).
API_TOKEN_QUOTA_PER_DAY = env_int("API_TOKEN_QUOTA_PER_DAY", 10_000, minimum=1)
API_TOKEN_QUOTA_PER_MINUTE = env_int("API_TOKEN_QUOTA_PER_MINUTE", 120, minimum=1)

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "kurultai.common",
    "kurultai.accounts",
    "kurultai.registry",
    "kurultai.elections",
    "kurultai.oversight",
    "kurultai.regions",
    "kurultai.plenary",
    "kurultai.ledger",
    "kurultai.legislation",
    "kurultai.participation",
    "kurultai.modelling",
    "kurultai.news",
    "kurultai.opendata",
    "kurultai.analytics",
    "kurultai.security",
    "axes",  # login lockout (kurultai/security/lockout.py); after the apps whose templates it uses
    "kurultai.portal",
    "kurultai.idempotency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kurultai.security.middleware.RedactErrorBodyMiddleware",  # no IIN in any error body
    "kurultai.common.middleware.RejectNulMiddleware",
    "kurultai.common.dbrouter.ReadYourWritesMiddleware",  # a no-op without DATABASE_REPLICA_URL
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kurultai.common.middleware.ApiMiddleware",
    "kurultai.accounts.quota.ApiQuotaMiddleware",  # per-token quotas on /api/ (429 beyond them)
    "kurultai.common.pagecache.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kurultai.idempotency.middleware.IdempotencyMiddleware",  # Idempotency-Key on API writes
    "django_otp.middleware.OTPMiddleware",
    "kurultai.accounts.middleware.RequireTotpMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kurultai.common.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into the 429 page
]

ROOT_URLCONF = "kurultai.urls"
WSGI_APPLICATION = "kurultai.wsgi.application"
ASGI_APPLICATION = "kurultai.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kurultai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kurultai.common.context_processors.site",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
AUTHENTICATION_BACKENDS = [
    # First: a locked-out username is refused before any password is checked.
    "kurultai.security.lockout.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
OTP_TOTP_ISSUER = "Kurultai"

# Brute force (docs/security.md): after AXES_FAILURE_LIMIT wrong passwords for one username
# (from any address: a distributed guess is stopped too) or from one address (for any
# usernames: password spraying), logging in is paused for AXES_COOLOFF_MINUTES. The pause is
# short, so locking someone out costs the attacker as much. A success resets the count.
# Applies to the site's login and the admin's.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kurultai.security.lockout.lockout_response"
AXES_VERBOSE = False

# Sign-in with OpenID Connect (kurultai/accounts/oidc.py, docs/identity.md): on when the
# provider's issuer is set; the endpoints default to the issuer's usual paths.
KURULTAI_OIDC_ISSUER = env_str("KURULTAI_OIDC_ISSUER", "").rstrip("/")
OIDC_ENABLED = bool(KURULTAI_OIDC_ISSUER)
if OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
    if not OIDC_RP_CLIENT_ID or not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured("KURULTAI_OIDC_ISSUER needs OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", KURULTAI_OIDC_ISSUER + "/authorize/")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", KURULTAI_OIDC_ISSUER + "/token/")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", KURULTAI_OIDC_ISSUER + "/userinfo/")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", KURULTAI_OIDC_ISSUER + "/.well-known/jwks.json")
    OIDC_TIMEOUT = 10
    LOGIN_REDIRECT_URL_FAILURE = "/"
    OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_authentication_callback"
    AUTHENTICATION_BACKENDS.append("kurultai.accounts.oidc.KurultaiOIDCBackend")
    INSTALLED_APPS.append("mozilla_django_oidc")

# Data retention (kurultai/security/retention.py names the rules): how many days each kind of
# short-lived personal data is kept before the nightly job (security.tasks.retention_sweep)
# removes it. KURULTAI_RETAIN_<RULE>_DAYS overrides one rule.
DATA_RETENTION_DAYS = {
    name: env_int(f"KURULTAI_RETAIN_{name.upper()}_DAYS", default)
    for name, default in (
        ("read_notifications", 180),
        ("signature_networks", 90),
        ("login_attempts", 30),
        ("revoked_tokens", 90),
        ("expired_sessions", 0),
    )
}

# Kazakh is the state language and the default; Russian is official; English for visitors.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
MODELTRANSLATION_LANGUAGES = ("kk", "ru", "en")
# Kazakh and Russian texts are both authentic; an empty value falls back in this order.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("kk", "ru", "en"), "kk": ("ru", "en"), "en": ("ru", "kk")}
LOCALE_PATHS = [BASE_DIR / "kurultai" / "locale"]
# Django ships no Kazakh date and number formats; ours are in kurultai/formats/kk.
FORMAT_MODULE_PATH = ["kurultai.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise scans STATIC_ROOT at start-up; an empty one is fine before collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "kurultai" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@kurultai.localhost")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    # `manage.py check --deploy` is clean with these (kurultai/security/tests/test_deploy.py).
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The proxy terminates TLS; anything that still arrives over http is redirected, except the
    # health check the load balancer calls on the plain port.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

NINJA_PAGINATION_MAX_LIMIT = 500
NINJA_PAGINATION_PER_PAGE = 50

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be a logging level, got {LOG_LEVEL!r}")
# Every handler carries the IIN filter (kurultai/security/redact.py): a 12-digit identifier in
# a message, its arguments or a traceback is masked before anything is written. Django's own
# loggers ("django", "django.server") are named here so their default, unfiltered handlers
# are replaced and their records reach the filtered root handler.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_iin": {"()": "kurultai.security.redact.RedactIinFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_iin"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}
