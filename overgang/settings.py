"""Settings for Overgang, read from the environment.

DATABASE_URL      default: SQLite file in var/ (git-ignored)
SECRET_KEY        required when DEBUG is off
DEBUG             "1"/"true" to enable (default off)
ALLOWED_HOSTS     comma-separated (default: localhost names when DEBUG is on)
TIME_ZONE         default Europe/Copenhagen
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("OVERGANG_TESTING") or "pytest" in sys.modules
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",  # security keys and passkeys as a second factor (issue 8)
    "axes",
    "csp",
    "overgang.accounts",
    "overgang.programmes",
    "overgang.courses",
    "overgang.audit",
    "overgang.api",
    "overgang.desk",
    "overgang.feeds",
    "overgang.figures",
    "overgang.journal",
    "overgang.plans",
    "overgang.checklists",
    "overgang.fidelity",
    "overgang.network",
    "overgang.compass",
    "overgang.handover",
    "overgang.safety",
    "overgang.jobs",
    "overgang.supervision",
    "overgang.privacy",
    "overgang.auditlog",
    "overgang.evaluation",
    "overgang.demo",
    "overgang.scale",
    "overgang.bench",
    "overgang.sso",  # single sign-on with OpenID Connect (issue 10), off unless configured
    "overgang.scheduler",  # scheduled jobs run once per period across app servers (issue 10)
    "overgang.imports",  # import the phase plan from a spreadsheet (issue 10)
]

MIDDLEWARE = [
    "overgang.audit.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "overgang.courses.locale.DanishByDefaultLocaleMiddleware",
    # A CPR number in an address is refused (400) before any view runs (overgang/privacy).
    "overgang.privacy.middleware.RefuseCprInUrlMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every query of the request scoped to the user's municipality (overgang/tenancy.py).
    "overgang.tenancy.TenantMiddleware",
    "overgang.accounts.middleware.SessionTimeoutMiddleware",
    "overgang.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "overgang.courses.middleware.NoStoreMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "overgang.urls"
WSGI_APPLICATION = "overgang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "overgang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

VAR_DIR.mkdir(exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'overgang.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# --- Authentication (issue 8) ----------------------------------------------------------------------
# Argon2id first; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    # Hashing every fixture user with the production hasher makes the suite slow; tests only.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username/IP before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The pseudonymised evaluation extract (overgang/evaluation): the HMAC key behind the pseudonyms. The
# same key gives the same pseudonyms in every extract; keep it with the municipality, not the evaluator.
OVERGANG_EVALUATION_KEY = os.environ.get("OVERGANG_EVALUATION_KEY", "")

# Two-factor authentication (TOTP with backup codes) for every role; OVERGANG_REQUIRE_2FA=0 relaxes it
# (the demo's `make run` does).
OVERGANG_REQUIRE_2FA = env_bool("OVERGANG_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Overgang"
# WebAuthn (security keys, passkeys; django-otp-webauthn) as a second factor after the password only:
# no passwordless login, which would go around django-axes and the password. The RP ID is the site's
# domain (keys registered for one domain do not work on another); the origins are the exact addresses
# users open (scheme, host and port). The defaults suit `make run` opened at http://localhost:8000.
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = os.environ.get("WEBAUTHN_RP_NAME", "Overgang")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ALLOWED_ORIGINS", ["http://localhost:8000"])
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "overgang.accounts.webauthn.WebAuthnHelper"  # names the key as the user asked
# Sessions: idle and absolute timeouts (seconds).
OVERGANG_SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
OVERGANG_SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT", str(10 * 60 * 60)))
# Login throttling (django-axes): lock a username from an address after 5 failures, for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "overgang.accounts.views.locked_out"  # the template, with the cool-off in minutes
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "courses:overview"
LOGOUT_REDIRECT_URL = "login"

# --- Single sign-on: OpenID Connect (issue 10, overgang/sso) ---------------------------------------
# Off unless OIDC_RP_CLIENT_ID is set. Then OIDC_RP_CLIENT_SECRET, and the provider either by
# OIDC_OP_DISCOVERY (its issuer, or its discovery document's address) or by OIDC_OP_ISSUER and the
# explicit endpoints. Local accounts keep working alongside. See README, "Single sign-on".
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY = os.environ.get("OIDC_OP_DISCOVERY", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "Microsoft Entra ID")  # on the login button
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
# The claim that names the user, the claim that holds the groups (Entra ID: "groups" with group
# object ids, or "roles" with app roles), and what each group gives, as JSON:
# {"<group>": {"municipality": "<code>", "role": "worker"}, ...}; the first entry that matches decides.
OVERGANG_OIDC_USERNAME_CLAIM = os.environ.get("OVERGANG_OIDC_USERNAME_CLAIM", "preferred_username")
OVERGANG_OIDC_GROUPS_CLAIM = os.environ.get("OVERGANG_OIDC_GROUPS_CLAIM", "groups")
try:
    OVERGANG_OIDC_GROUP_MAP = json.loads(os.environ.get("OVERGANG_OIDC_GROUP_MAP", "") or "{}")
except json.JSONDecodeError as error:
    raise ImproperlyConfigured(f"OVERGANG_OIDC_GROUP_MAP is not valid JSON: {error}") from error
# The identity provider is responsible for multi-factor authentication: its login counts as the
# second factor (OVERGANG_OIDC_TRUST_MFA); with OVERGANG_OIDC_REQUIRE_AMR_MFA only when the ID token
# has "mfa" in `amr`. Otherwise the user passes Overgang's own second factor after the login.
OVERGANG_OIDC_TRUST_MFA = env_bool("OVERGANG_OIDC_TRUST_MFA", True)
OVERGANG_OIDC_REQUIRE_AMR_MFA = env_bool("OVERGANG_OIDC_REQUIRE_AMR_MFA", False)
OVERGANG_SSO_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OVERGANG_SSO_ENABLED:
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured("OIDC_RP_CLIENT_ID is set: set OIDC_RP_CLIENT_SECRET too.")
    if not OIDC_OP_DISCOVERY and not all(
        (OIDC_OP_ISSUER, OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_JWKS_ENDPOINT)
    ):
        raise ImproperlyConfigured(
            "OIDC_RP_CLIENT_ID is set: set OIDC_OP_DISCOVERY, or OIDC_OP_ISSUER and the authorization, "
            "token and JWKS endpoints."
        )
    # After django-axes' backend. It only restores SSO sessions; the callback view authenticates.
    AUTHENTICATION_BACKENDS.append("overgang.sso.backend.SsoBackend")

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "overgang" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Copenhagen")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(VAR_DIR / "static")))  # collectstatic's target
STATICFILES_DIRS = [BASE_DIR / "overgang" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "overgang.ops.storage.StaticFilesStorage"  # WhiteNoise, hashed and compressed
        )
    },
}

# --- Transport and browser security (issue 8) ------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = OVERGANG_SESSION_ABSOLUTE_TIMEOUT
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG or TESTING else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The preload directive only signals consent; the domain's owner decides whether to submit it.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content Security Policy (django-csp): scripts and styles only from ourselves or with the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # The second also scopes the request to the user DRF authenticated (a token's user), see tenancy.py.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "overgang.api.permissions.ScopedToUsersMunicipality",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "overgang.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Overgang API",
    "DESCRIPTION": "CTI courses, schedules and caseload. Same access rules as the web app.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "PauseReasonEnum": "overgang.courses.models.PauseReason",
        "EndReasonEnum": "overgang.courses.models.EndReason",
        "ContactFormEnum": "overgang.courses.models.ContactForm",
    },
}

# Logs (issue 10): LOG_FORMAT=text (default) for people, LOG_FORMAT=json for a log collector: one JSON
# object a line with time (UTC), level, logger, message and request_id (overgang/ops/logs.py). Either
# way a CPR number in a line (the address of a request refused for carrying one) becomes [CPR].
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries the request id (also on the generic error page and in X-Request-ID).
    "filters": {
        "request_id": {"()": "overgang.security.errors.RequestIdFilter"},
        "redact_cpr": {"()": "overgang.ops.logs.RedactCprFilter"},
    },
    "formatters": {
        "with_request_id": {
            # TextFormatter: "%(levelname)s %(asctime)s [%(request_id)s] %(name)s: %(message)s"
            "()": "overgang.ops.logs.JsonFormatter"
            if LOG_FORMAT == "json"
            else "overgang.ops.logs.TextFormatter"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "redact_cpr"],
            "formatter": "with_request_id",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step of every page at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
# Health (/healthz) and readiness (/readyz, overgang/ops/views.py) answer over plain HTTP too: the
# container's HEALTHCHECK and a load balancer's probe reach gunicorn directly, not through TLS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# E-mail (the weekly digest): the console in development, SMTP configured by the environment.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Overgang <overgang@localhost>")

# Text messages (meeting reminders): a console/file backend by default, an HTTP gateway in production.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "overgang.journal.sms.ConsoleBackend")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", "")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_USER = os.environ.get("SMS_GATEWAY_USER", "")
SMS_GATEWAY_PASSWORD = os.environ.get("SMS_GATEWAY_PASSWORD", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "Overgang")

# The audit log's retention (days): `manage.py purge_audit_log` removes older rows. Five years by
# default: a social case's records are kept at least five years after it closes, and the citizen's
# right of access to who looked them up (EU Court C-579/21) and a complaint to the Ombudsman or
# Datatilsynet must be answerable for as long as the case itself is kept. Never below 180 days (the
# floor of the PostgreSQL purge function, overgang/audit/sql/append_only.sql).
AUDIT_LOG_RETENTION_DAYS = int(os.environ.get("AUDIT_LOG_RETENTION_DAYS", str(5 * 365 + 1)))
if AUDIT_LOG_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("AUDIT_LOG_RETENTION_DAYS must be at least 180 (six months).")

# The CTI clock's limit for dates typed by users: further away than this is a typing error.
OVERGANG_MAX_DATE_DISTANCE_DAYS = 366

# Retention (overgang/privacy, `manage.py apply_retention`): citizens whose every course ended more
# than RETENTION_YEARS ago. "preserve" (default) only lists them: a municipality may not delete case
# records without the archive authority's approval, so "anonymise" or "delete" is an explicit choice.
RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "5"))
RETENTION_MODE = os.environ.get("RETENTION_MODE", "preserve").strip().lower()
if RETENTION_MODE not in {"preserve", "anonymise", "delete"}:
    raise ImproperlyConfigured("RETENTION_MODE must be preserve, anonymise or delete.")
if RETENTION_YEARS < 1:
    raise ImproperlyConfigured("RETENTION_YEARS must be at least 1.")
