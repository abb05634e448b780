"""cadre_portal settings: the only module that reads the environment (django-environ).

Secure by default: with DEBUG false (the default) the portal refuses to start without a
SECRET_KEY, and HSTS, the HTTPS redirect and secure cookies are on unless switched off
explicitly in the environment. Development (DEBUG=true) and the test run (pytest) keep a
development key and plain http.
"""

import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
# The test run (pytest imports itself before Django's settings) is a development context.
TESTING = "pytest" in sys.modules
# Production: HTTPS-only protections default to on (each can still be switched off via env).
PRODUCTION = not DEBUG and not TESTING
DEV_SECRET_KEY = "django-insecure-dev-only-key-never-used-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "生产环境（DEBUG=false）必须设置 SECRET_KEY 环境变量，平台拒绝以内置密钥启动。"
            " / SECRET_KEY must be set when DEBUG is false: the portal refuses to start with a"
            " built-in key (see .env.example)."
        )
    SECRET_KEY = DEV_SECRET_KEY
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "apps.core",
    "apps.accounts",
    "apps.cadres",
    "apps.notifications",
    "apps.branches",
    "apps.volunteers",
    "apps.services",
    "apps.visits",
    "apps.subsidies",
    "apps.casework",
    "apps.suggestions",
    "apps.publicity",
    "apps.steering",
    "apps.onboarding",
    "apps.university",
    "apps.venues",
    "apps.events",
    "apps.dashboard",
    "apps.cadreside",
    "apps.notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.csp.PortalCSPMiddleware",  # CSP block below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from Redis, before sessions and the database (apps/publicity).
    "apps.publicity.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cadre_portal.dbrouters.ReplicaReadsMiddleware",  # reports from DATABASE_REPLICA_URL
    "apps.cadreside.middleware.CadreSideMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.accounts.middleware.MustChangePasswordMiddleware",  # after a temporary password
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cadre_portal.urls"
WSGI_APPLICATION = "cadre_portal.wsgi.application"

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
                "apps.core.context_processors.portal",
            ],
        },
    },
]

# --- Database and Redis: given servers, or the embedded ones under .data/ ----------------------
EMBEDDED_DB_NAME = env("EMBEDDED_DB_NAME", default="cadre_portal")
EMBEDDED_REDIS_PORT = env.int("EMBEDDED_REDIS_PORT", default=6390)
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from cadre_portal import devservers

    DATABASES = {"default": devservers.postgres_settings(EMBEDDED_DB_NAME)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica for the dashboard's and the reports' reads (cadre_portal/dbrouters.py);
# a user's own writes read back from the primary for DATABASE_REPLICA_PIN_SECONDS.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    # A replica that does not answer is given up quickly (reads then go to the primary).
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
DATABASE_ROUTERS = ["cadre_portal.dbrouters.ReplicaRouter"]
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=15)
DATABASE_REPLICA_VIEWS = env.list(
    "DATABASE_REPLICA_VIEWS",
    default=[
        "dashboard:*",
        "branches:reports",
        "branches:report_compliance",
        "branches:report_unorganised",
        "branches:report_inactive",
        "branches:report_attendance",
        "branches:report_ranking",
        "casework:request_report",
        "volunteers:report",
        "volunteers:report_export",
        "publicity:ranking",
        "publicity:ranking_export",
    ],
)
# Replica fallback (cadre_portal/dbrouters.py): reads go to the primary while the replica refuses
# connections or replays more than DATABASE_REPLICA_MAX_LAG_SECONDS behind (keep it below
# DATABASE_REPLICA_PIN_SECONDS, so a user's pinned writes are on the replica when the pin ends);
# its state is checked at most every DATABASE_REPLICA_CHECK_SECONDS per process.
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("DATABASE_REPLICA_MAX_LAG_SECONDS", default=10.0)
DATABASE_REPLICA_CHECK_SECONDS = env.float("DATABASE_REPLICA_CHECK_SECONDS", default=5.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env("REDIS_URL", default=""):
    REDIS_URL = env("REDIS_URL")
else:
    from cadre_portal import devservers

    REDIS_URL = devservers.redis_url(EMBEDDED_REDIS_PORT)

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cadre"),
        "TIMEOUT": 300,
        "OPTIONS": {
            # The web keeps working when Redis is down (DESIGN.md: recording a visit never needs
            # Redis); cache misses then fall back to PostgreSQL.
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            # JSON, never pickle: whoever can write to Redis must not be able to run code here.
            # Cache only JSON values (str, numbers, lists, dicts): dates and Decimals come back
            # as strings.
            "SERIALIZER": "django_redis.serializers.json.JSONSerializer",
        },
    }
}
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Sessions read from Redis and fall back to PostgreSQL, so a Redis outage logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True

# --- Auth ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout by username (whatever the address: guessing one account from many machines fails) and,
# separately, a per-address rate limit set higher (a whole bureau may sit behind one proxy).
# Username+address combined (the old rule) let one address try every account five times.
AXES_HANDLER = "cadre_portal.lockout.PortalAxesHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
# The number the error, lockout and 忘记密码 pages give to call (the bureau's help desk).
BUREAU_PHONE = env("BUREAU_PHONE", default="")
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Behind N reverse proxies that append to X-Forwarded-For, the client address is N from the right.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# --- Language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# The project's own catalogue: Chinese for django-unfold's strings (the admin speaks only Chinese);
# the compiled .mo is committed, so no gettext tool is needed at runtime (locale/README.md).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cadre_portal.formats"]

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploads (attachments, photos, imports) live outside the code tree and are served only through
# views that check scope; MEDIA_URL is never mapped to the raw directory in production.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".data" / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# --- Forms --------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email --------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@laoganbu.local")

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The test run executes tasks in the calling process (roster import jobs, apps/cadres/tasks.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
FREQUENT_JOBS_SECONDS = env.float("FREQUENT_JOBS_SECONDS", default=300.0)
# Two beat entries only: apps register their jobs with apps.core.jobs.register_job() and the
# fan-out tasks run every registered job (one task each) for the day in Asia/Shanghai.
CELERY_BEAT_SCHEDULE = {
    "daily-jobs": {
        "task": "apps.core.tasks.run_daily_jobs",
        "schedule": crontab(hour=env.int("DAILY_JOBS_HOUR", default=1), minute=30),
    },
    "frequent-jobs": {
        "task": "apps.core.tasks.run_frequent_jobs",
        "schedule": FREQUENT_JOBS_SECONDS,
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(
    env.path("CELERY_BEAT_FILE", default=BASE_DIR / ".data" / "celerybeat-schedule")
)

# --- Security -----------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# On by default in production (DEBUG=false); switch one off only explicitly, e.g.
# SECURE_SSL_REDIRECT=false when the proxy already redirects, SECURE_HSTS_SECONDS=0.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Content Security Policy (django-csp) — BEGIN CSP block ----------------------------------
# Portal and public pages: everything from our own origin, no inline script or style (no CDN,
# DESIGN.md); data: images for Bootstrap's CSS icons (navbar toggler, select arrow, checks).
# Nobody may frame us. The admin (django-unfold: Alpine.js) gets CSP_ADMIN_EXTRA on /admin/
# only (apps/core/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSP_ADMIN_EXTRA = {
    "script-src": ["'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
}
# --- END CSP block ------------------------------------------------------------------------------

# --- Admin theme --------------------------------------------------------------------------------
UNFOLD = {
    "SITE_TITLE": "老干部工作服务管理平台",
    "SITE_HEADER": "老干部工作服务管理平台",
    "SITE_SYMBOL": "diversity_3",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": True,
    # The portal's identity: its favicon, its red (#9e1b1b is primary-600), 返回门户 to the portal.
    "SITE_URL": "/portal/",
    "SITE_FAVICONS": [
        {
            "rel": "icon",
            "type": "image/svg+xml",
            "href": lambda request: static("img/favicon.svg"),
        }
    ],
    "COLORS": {
        "primary": {
            "50": "oklch(97.1% .013 17.38)",
            "100": "oklch(93.6% .032 17.717)",
            "200": "oklch(88.5% .062 18.334)",
            "300": "oklch(80.8% .114 19.571)",
            "400": "oklch(63.7% .237 25.331)",
            "500": "oklch(50.5% .213 27.518)",
            "600": "oklch(44.4% .177 26.899)",
            "700": "oklch(39.6% .141 25.723)",
            "800": "oklch(35% .12 25.5)",
            "900": "oklch(30% .1 25.5)",
            "950": "oklch(25.8% .092 26.042)",
        },
    },
}

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Portal -------------------------------------------------------------------------------------
PORTAL_NAME = "老干部工作服务管理平台"
# The public news site's own name (titles, header, feeds): not the internal system name.
PUBLIC_SITE_NAME = env("PUBLIC_SITE_NAME", default="离退休干部之家")
# The portal's address as users reach it (https://laoganbu.example.gov.cn): e-mailed reminder
# links are absolute with it, relative paths without.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="").rstrip("/")
PG_BIN_DIR = env("PG_BIN_DIR", default="")  # pg_dump/pg_restore for backup_db (else PATH)
# Work steering (apps/steering): days past its deadline after which an unreported task item also
# reminds the owner unit's leadership (督办). 荣誉退休 (apps/onboarding): a cadre whose retirement
# date came within this many days gets a checklist.
STEERING_ESCALATE_DAYS = env.int("STEERING_ESCALATE_DAYS", default=7)
ONBOARDING_LOOKBACK_DAYS = env.int("ONBOARDING_LOOKBACK_DAYS", default=180)

# Reminders (apps/notifications): push channels besides the in-app inbox, and delivery tuning.
REMINDER_CHANNELS = env.list("REMINDER_CHANNELS", default=["inapp", "email"])
REMINDER_WEBHOOK_URL = env("REMINDER_WEBHOOK_URL", default="")
REMINDER_WEBHOOK_TIMEOUT = env.float("REMINDER_WEBHOOK_TIMEOUT", default=5.0)
REMINDER_STALE_DAYS = env.int("REMINDER_STALE_DAYS", default=3)
REMINDER_RETRY_BASE_SECONDS = env.int("REMINDER_RETRY_BASE_SECONDS", default=60)
REMINDER_RETRY_MAX_SECONDS = env.int("REMINDER_RETRY_MAX_SECONDS", default=6 * 3600)
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=6)
REMINDER_SENDING_LEASE_SECONDS = env.int("REMINDER_SENDING_LEASE_SECONDS", default=600)
REMINDER_DELIVERY_BATCH = env.int("REMINDER_DELIVERY_BATCH", default=500)
REMINDER_CHANNEL_BREAKER = env.int("REMINDER_CHANNEL_BREAKER", default=3)
# Who is reached how (apps/notifications/preferences.py): per role, the push channels used for
# people without their own preference, as JSON, e.g. {"district_staff": ["dingtalk"]}; quiet
# hours (Asia/Shanghai) for channels that ring a phone; messages per channel per person per day.
REMINDER_ROLE_CHANNELS = env.json("REMINDER_ROLE_CHANNELS", default={})
REMINDER_QUIET_HOURS = env("REMINDER_QUIET_HOURS", default="21:00-08:00")
REMINDER_DAILY_CAP = env.int("REMINDER_DAILY_CAP", default=10)
REMINDER_DIGEST_MAX_LINES = env.int("REMINDER_DIGEST_MAX_LINES", default=10)
# The signature of a message when the recipient's unit has none (notifications → 发送单位署名).
REMINDER_SENDER_NAME = env("REMINDER_SENDER_NAME", default=PORTAL_NAME)
REMINDER_REPLY_PHONE = env("REMINDER_REPLY_PHONE", default="")
REMINDER_PUSH_TIMEOUT = env.float("REMINDER_PUSH_TIMEOUT", default=5.0)
# 钉钉 custom robot (add "dingtalk" to REMINDER_CHANNELS): the webhook with its access_token,
# and the 加签 secret (SEC…); msgtype markdown or text.
DINGTALK_WEBHOOK_URL = env("DINGTALK_WEBHOOK_URL", default="")
DINGTALK_SECRET = env("DINGTALK_SECRET", default="")
DINGTALK_MSGTYPE = env("DINGTALK_MSGTYPE", default="markdown")
# 企业微信 group robot ("wecom"): the webhook with its key.
WECOM_WEBHOOK_URL = env("WECOM_WEBHOOK_URL", default="")
# SMS ("sms"): 阿里云短信 SendSms with an approved sign name and template; the template gets
# the JSON parameters sender, kind, count, subject, phone (see apps/notifications/sms.py).
SMS_PROVIDER = env("SMS_PROVIDER", default="aliyun")
ALIYUN_SMS_ENDPOINT = env("ALIYUN_SMS_ENDPOINT", default="https://dysmsapi.aliyuncs.com/")
ALIYUN_SMS_REGION = env("ALIYUN_SMS_REGION", default="cn-hangzhou")
ALIYUN_SMS_ACCESS_KEY_ID = env("ALIYUN_SMS_ACCESS_KEY_ID", default="")
ALIYUN_SMS_ACCESS_KEY_SECRET = env("ALIYUN_SMS_ACCESS_KEY_SECRET", default="")
ALIYUN_SMS_SIGN_NAME = env("ALIYUN_SMS_SIGN_NAME", default="")
ALIYUN_SMS_TEMPLATE_CODE = env("ALIYUN_SMS_TEMPLATE_CODE", default="")

# Visits, subsidies, branches, publicity, dashboard.
VISIT_CATCHUP_DAYS = env.int("VISIT_CATCHUP_DAYS", default=30)
CAMPAIGN_NOTICE_DAYS = env.int("CAMPAIGN_NOTICE_DAYS", default=7)
SUBSIDY_BATCH_DAY = env.int("SUBSIDY_BATCH_DAY", default=20)
BRANCH_ACTIVITY_EDIT_DAYS = env.int("BRANCH_ACTIVITY_EDIT_DAYS", default=7)
PUBLICITY_VIEW_DEDUP_SECONDS = env.int("PUBLICITY_VIEW_DEDUP_SECONDS", default=30 * 60)
PUBLICITY_HOME_CACHE_SECONDS = env.int("PUBLICITY_HOME_CACHE_SECONDS", default=300)
# Anonymous public pages served from Redis (apps/publicity/pagecache.py); 0 switches it off.
PUBLICITY_PAGE_CACHE_SECONDS = env.int("PUBLICITY_PAGE_CACHE_SECONDS", default=300)
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=300)
