"""Gonghui settings: one module, configured only by environment variables.

Every variable is listed in `.env.example`. Bad values fail loudly at start-up rather
than falling back silently, and the defaults are the safe ones for production, except
that an unset DATABASE_URL means the embedded SQLite file under var/.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("GONGHUI_VAR_DIR", PROJECT_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# The embedded set-up (`make run`) keeps a generated key in var/secret_key.
_key_file = Path(os.environ.get("SECRET_KEY_FILE", VAR_DIR / "secret_key"))
if not SECRET_KEY and _key_file.is_file():
    SECRET_KEY = _key_file.read_text().strip()
if not SECRET_KEY:
    if DEBUG or env_bool("GONGHUI_TESTING", False):
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置。生产环境：在环境变量中设置 SECRET_KEY（见 .env.example）；"
            "本机试用：先运行一次 `make run`（它生成 var/secret_key，之后的命令会读取它），"
            "或执行 `mkdir -p var && python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            " > var/secret_key`。 / SECRET_KEY is not set: set it in the environment (see "
            ".env.example), or run `make run` once, which writes var/secret_key."
        )

# Earlier keys, still accepted while they are phased out (sessions, sealed ballot papers of
# ballots opened before a key change).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Behind nginx the client address arrives in X-Forwarded-For; only trust it when told to.
USE_X_FORWARDED_FOR = env_bool("USE_X_FORWARDED_FOR", False)
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "csp",
    "django_htmx",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gonghui.core",
    "gonghui.audit",
    "gonghui.orgs",
    "gonghui.accounts",
    "gonghui.imports",
    "gonghui.members",
    "gonghui.plans",
    "gonghui.activities",
    "gonghui.funds",
    "gonghui.finance",
    "gonghui.dues",
    "gonghui.welfare",
    "gonghui.aid",
    "gonghui.democracy",
    "gonghui.voting",
    "gonghui.openness",
    "gonghui.budgets",
    "gonghui.assets",
    "gonghui.oversight",
    "gonghui.spending",
    "gonghui.levy",
    "gonghui.upper",
    "gonghui.assignments",
    "gonghui.survey",
    "gonghui.binders",
    "gonghui.assessments",
    "gonghui.awards",
    "gonghui.ideas",
    "gonghui.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gonghui.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gonghui.core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gonghui.core.middleware.CSPMiddleware",
    "gonghui.core.middleware.OrgScopeMiddleware",
    # axes must be last: it turns lock-outs into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.context_processors.shell",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; wait for the lock instead of failing at once,
    # and start write transactions immediately so two writers never deadlock.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
if os.environ.get("TEST_DB_NAME"):
    # Lets several test runs share one PostgreSQL server without clashing on test_<name>.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}
# Report reads on a PostgreSQL streaming replica (a hot standby of the primary, kept by
# PostgreSQL's own replication): only inside gonghui.core.db_router.reports_on_replica().
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
    if {DATABASES["default"]["ENGINE"], DATABASES["replica"]["ENGINE"]} != {
        "django.db.backends.postgresql"
    }:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must be a PostgreSQL standby of DATABASE_URL's server"
        )
    # In tests the standby replays the test database the primary creates: Django takes its
    # name (MIRROR) and never creates, migrates or flushes it (a standby is read-only).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["gonghui.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache is what keeps several app processes consistent (throttling, sessions
# stay in the database). Without REDIS_URL a database cache table is used, never
# process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gonghui_cache",
        }
    }

# Background jobs (huey): large imports. Redis when REDIS_URL is set, otherwise a SQLite
# file under var/ (the embedded set-up); the worker is `manage.py run_huey`. Tests run
# every job inline, as it is enqueued.
HUEY = {
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "name": "gonghui",
    "immediate": env_bool("GONGHUI_TESTING", False),
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(VAR_DIR / "huey.sqlite3")},
    "consumer": {"workers": 2, "worker_type": "thread"},
}
# Imports of more rows than this are checked and written by a background job.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 2000)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gonghui.accounts.backends.UsernameOrMobileBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if env_bool("GONGHUI_TESTING", False):
    # Tests log in many personas; the production hashers are slow on purpose.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# A username and the same account's mobile number count as one account.
AXES_USERNAME_CALLABLE = "gonghui.accounts.throttling.lockout_username"
# The address nginx saw (the last X-Forwarded-For entry when USE_X_FORWARDED_FOR), never
# one the client wrote into the header itself.
AXES_CLIENT_IP_CALLABLE = "gonghui.accounts.throttling.client_address"
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)
# Password spraying: an address with this many failed log-ins within the window, whatever
# the accounts, may not try again until the oldest of them leaves the window.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_ADDRESS_WINDOW_MINUTES = env_int("LOGIN_ADDRESS_WINDOW_MINUTES", 15)

OTP_TOTP_ISSUER = "Gonghui"

SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Cookies are only sent over HTTPS unless the deployment says it serves plain HTTP
# (the embedded `make run` on 127.0.0.1 does).
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
# Off by default: a union site often sits on an employer's or a government's domain,
# whose other hosts the union does not control.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Everything is served from our own origin: vendored JS/CSS, no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("GONGHUI_TESTING", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest spreadsheet or document a user may upload for an import.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 60) * 1024 * 1024
# What an uploaded .xlsx/.docx may expand to, checked before parsing (gonghui.imports.guard):
# rows of a sheet, cells (rows × columns) of a workbook, MB unpacked; a work plan's
# paragraphs plus table cells, its XML and whole content unpacked, in MB.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 16_000_000)
IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 500)
PLAN_MAX_PARAGRAPHS = env_int("PLAN_MAX_PARAGRAPHS", 10_000)
PLAN_MAX_XML_MB = env_int("PLAN_MAX_XML_MB", 16)
PLAN_MAX_UNPACKED_MB = env_int("PLAN_MAX_UNPACKED_MB", 50)
# The background worker's address-space cap in MB (0: none), and after how many minutes
# without a sign of life a running import counts as interrupted.
IMPORT_WORKER_MEMORY_MB = env_int("IMPORT_WORKER_MEMORY_MB", 4096)
IMPORT_JOB_STALE_MINUTES = env_int("IMPORT_JOB_STALE_MINUTES", 10)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gonghui.api.authentication.ApiTokenAuthentication",
        "gonghui.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "gonghui.api.schema.GonghuiAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # JSON nested beyond a few levels is refused (400) instead of exhausting the recursion.
    "DEFAULT_PARSER_CLASSES": [
        "gonghui.api.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Unexpected errors answer JSON (logged), not Django's HTML page.
    "EXCEPTION_HANDLER": "gonghui.api.errors.exception_handler",
}
# API tokens (gonghui.accounts.models.ApiToken) expire after this many days.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
# Finished inspection binders (台账 .zip) are deleted after this many days (gonghui/binders).
BINDER_KEEP_DAYS = max(1, env_int("BINDER_KEEP_DAYS", 7))
SPECTACULAR_SETTINGS = {
    "TITLE": "Gonghui API",
    "DESCRIPTION": "JSON API of Gonghui (工会工作平台). Every endpoint is scoped to an "
    "organisation the caller holds a role in, exactly like the pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several models have a field called "status" or "kind"; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "gonghui.plans.models.PlanStatus",
        "TaskStatusEnum": "gonghui.plans.models.TaskStatus",
        "FundKindEnum": "gonghui.funds.models.FundKind",
        "TaskCategoryEnum": "gonghui.plans.taxonomy.CATEGORIES",
        "OrgKindEnum": "gonghui.orgs.models.OrgKind",
        "ActivityKindEnum": "gonghui.activities.models.Kind",
        "ActivityStatusEnum": "gonghui.activities.models.Status",
        "SignupStateEnum": "gonghui.activities.models.SignupState",
        "OpennessCategoryEnum": "gonghui.openness.rules.Category",
        "BillCategoryEnum": "gonghui.aid.rules.BILL_CATEGORIES",
        "VoucherKindEnum": "gonghui.finance.models.VoucherKind",
        "VoucherStateEnum": "gonghui.finance.models.VoucherState",
        "IdeaStatusEnum": "gonghui.ideas.models.Status",
        "IdeaCategoryEnum": "gonghui.ideas.models.Category",
        "IdeaOutcomeEnum": "gonghui.ideas.rules.OUTCOMES",
        "AssignmentKindEnum": "gonghui.assignments.models.Kind",
        "AssignmentStatusEnum": "gonghui.assignments.models.AssignmentStatus",
        "AwardRoundStatusEnum": "gonghui.awards.models.RoundStatus",
        "NominationStatusEnum": "gonghui.awards.models.NominationStatus",
        "LapseTalkOutcomeEnum": "gonghui.members.models.LapseTalk.Outcome",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each step of every PDF at INFO ("Step 5 - Creating layout").
        "weasyprint": {"level": "WARNING"},
        # Set-up mistakes (a host missing from ALLOWED_HOSTS) reach the operator's console.
        "gonghui.setup": {"level": "WARNING"},
        # huey's consumer has its own handler; passing records on would print them twice.
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
