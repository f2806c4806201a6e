"""Settings shared by every environment. Environment-specific files import * from here."""

import datetime
import hashlib
import os
import tempfile
from pathlib import Path

import dj_database_url

SITE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = SITE_DIR.parent

INSTALLED_APPS = [
    "home",
    "events",
    "discussions",
    "reports",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # First, so that a page read while the database connection dropped is served once more.
    "home.faults.FaultMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the page cache below hands out, hits and misses alike (home.compression).
    "home.compression.TextGZipMiddleware",
    # Whole pages for visitors without a session, before sessions, CSRF and Wagtail's routing;
    # it sees the cookies those set on the way out (home.page_cache).
    "home.page_cache.PageCacheMiddleware",
    # The site, its home page and the sites' root paths in one query (home.sites).
    "home.sites.SitesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.CookieLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "home.staff_sessions.StaffIdleExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "home.admin_refusals.AdminRefusalMiddleware",
    # request.user.is_verified(); then the code page for a session that still owes a code.
    "django_otp.middleware.OTPMiddleware",
    "home.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "home.admin_csp.SiteCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it turns a locked login into the lockout page (home.login_throttle).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.display",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"


def database_from_url(url):
    """One database definition from a URL; SQLite gets the options that keep bookings honest."""
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE transactions take the write lock up front, so concurrent writers wait for
        # the busy timeout instead of failing with "database is locked"; WAL lets readers go on.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            # Past it a write answers the "busy" page (home.faults); tests lower it.
            "timeout": float(os.environ.get("QINGFENG_SQLITE_TIMEOUT") or 20),
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
        }
    else:
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
        # Django's PostgreSQL backend, retrying a new connection for up to 5 s (a restart).
        config["ENGINE"] = "home.db.postgresql"
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    return config


DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL") or DEFAULT_SQLITE_URL)}
if DATABASES["default"]["ENGINE"] == "home.db.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set (shared by every app server), else files on this
# machine, shared by every worker: the page cache and the content version must be the same in
# each (home.page_cache, home.chrome). One folder per database, so that two sites (or two test
# runs) on one machine never share pages; QINGFENG_CACHE_DIR chooses another.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Another prefix lets two sites (or two test runs) share one Redis server.
            "KEY_PREFIX": os.environ.get("QINGFENG_CACHE_PREFIX") or "qingfeng",
            # While Redis is down the cache is no cache (a miss, a write dropped), not an error;
            # the pool stops trying for 2 s after a failure and logs once (home.redis_pool).
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "CONNECTION_POOL_CLASS": "home.redis_pool.FailFastConnectionPool",
            },
        },
    }
else:
    _database_id = hashlib.sha256(repr(sorted(DATABASES["default"].items())).encode()).hexdigest()
    CACHES = {
        "default": {
            # Django's FileBasedCache, counting its files every ten seconds, not every write.
            "BACKEND": "home.file_cache.FileCache",
            "LOCATION": os.environ.get("QINGFENG_CACHE_DIR")
            or os.path.join(tempfile.gettempdir(), f"qingfeng-cache-{_database_id[:16]}"),
            # Pages in two languages and two type sizes; old versions go by their timeout.
            "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4},
        }
    }
CACHES["renditions"] = {
    **CACHES["default"],
    "KEY_PREFIX": "qingfeng-renditions",
    "TIMEOUT": 60 * 60 * 24,
}

# --- Passwords --------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Staff sign-in (home.login_throttle, home.staff_sessions) ----------------------------------
AUTHENTICATION_BACKENDS = [
    "home.login_throttle.StaffLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 5 failures (wrong passwords or two-step codes) for one user name, or 20 from one address,
# within 15 minutes lock sign-in (even with the right password) until 15 minutes after the lock
# began. Superusers unlock in the admin (设置 → 登录锁定, home.login_locks), or with
# `manage.py axes_reset_username <name>` or `manage.py axes_reset_ip <address>`.
QINGFENG_LOGIN_LIMITS = {"username": 5, "ip_address": 20}
AXES_LOCKOUT_PARAMETERS = list(QINGFENG_LOGIN_LIMITS)
AXES_FAILURE_LIMIT = max(QINGFENG_LOGIN_LIMITS.values())
AXES_HANDLER = "home.login_throttle.StaffLoginHandler"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
# Tries during the lock do not push its end further: the page promises 15 minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "home/login_locked.html"
AXES_CLIENT_IP_CALLABLE = "home.login_throttle.login_address"
AXES_USERNAME_CALLABLE = "home.login_throttle.login_username"
# Only failures and lockouts are stored, not every successful sign-in.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# A signed-in staff member is signed out after 2 hours without a request.
QINGFENG_STAFF_IDLE_SECONDS = 2 * 60 * 60
# Two-step verification (home.two_factor): optional for every staff member; with
# QINGFENG_REQUIRE_2FA=1 a superuser must set it up before doing anything else.
QINGFENG_REQUIRE_2FA = os.environ.get("QINGFENG_REQUIRE_2FA") == "1"
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = "清风"

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Our own catalogue, then the admin text missing from Wagtail's zh_Hans catalogue.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False

# --- Static and media -------------------------------------------------------------------------
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
# Files browsers ask for at the site's root (/favicon.ico, /apple-touch-icon.png), by whitenoise.
WHITENOISE_ROOT = SITE_DIR / "root"
# The feed's stylesheet: a browser applies an XSL stylesheet only when it comes as XSL.
WHITENOISE_MIMETYPES = {".xsl": "text/xsl"}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
# Serve MEDIA_ROOT from the app itself: on in development and for `make serve` on one machine.
SERVE_MEDIA = os.environ.get("QINGFENG_SERVE_MEDIA") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "清风"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Chinese text is indexed as spaced single characters (home.search); "simple" keeps
        # PostgreSQL from stemming or dropping anything, as SQLite's tokenizer does not either.
        "SEARCH_CONFIG": "simple",
        "AUTOCOMPLETE_SEARCH_CONFIG": "simple",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_TAG_LIMIT = 20
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# Nothing in the admin may fetch from outside: no Gravatar avatars, no "what's new" banner.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff all work in Beijing time: no list of the world's time zones on the account screen.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]

# --- Security that holds everywhere -----------------------------------------------------------
# Sessions in the database, each write one statement (home.sessions).
SESSION_ENGINE = "home.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Wagtail marks its own preview views SAMEORIGIN; nothing else is ever framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Public pages get a strict policy with no inline script or style at all; the Wagtail admin
# gets its own, below (home.admin_csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# The admin's own policy: nothing from any other origin, no plugins, no framing by other sites.
# Wagtail 8 still writes inline scripts (date pickers, choosers, inline panels, each with its
# own field ids, so no hash or nonce fits) and its editor adds <style> elements, hence
# 'unsafe-inline' for those two; blob: shows an image before it is uploaded. A browser test
# walks the admin and fails on any violation (tests/e2e/test_admin_csp.py).
QINGFENG_ADMIN_CONTENT_SECURITY_POLICY = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Logging: no personal data; request logs carry no query strings ---------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Site behaviour ---------------------------------------------------------------------------
SEARCH_QUERY_MAX_LENGTH = 50
LISTING_PAGE_SIZE = 10
CSRF_FAILURE_VIEW = "home.views.csrf_failure"

# --- Page cache and CDN (home.page_cache) -------------------------------------------------------
# Whole pages for visitors without a session; QINGFENG_PAGE_CACHE=0 turns it off. A page stays
# at most this long: what changes with the clock alone (a countdown, the slogan of the day, a
# registration window opening) shows within it; publishing and seats retire it at once.
QINGFENG_PAGE_CACHE = os.environ.get("QINGFENG_PAGE_CACHE", "1") != "0"
QINGFENG_PAGE_CACHE_SECONDS = 60
# Cache-Control of shareable pages: public, max-age, stale-while-revalidate.
QINGFENG_CDN_MAX_AGE = int(os.environ.get("QINGFENG_CDN_MAX_AGE") or 60)
QINGFENG_CDN_STALE_SECONDS = int(os.environ.get("QINGFENG_CDN_STALE_SECONDS") or 60)
# A CDN or caching proxy in front: a published page's URLs are purged through
# wagtail.contrib.frontend_cache. FRONTEND_CACHE_URL is a proxy that accepts PURGE (Varnish,
# nginx); CLOUDFLARE_API_TOKEN with CLOUDFLARE_ZONE_ID is Cloudflare. Neither: no purging.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_URL"],
    }
if os.environ.get("CLOUDFLARE_API_TOKEN") and os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# --- Text messages to residents (home.notifications, home.sms) --------------------------------
# A request only queues a message in the database; `manage.py db_worker --backend messages`
# sends it. Wagtail's own tasks (search and reference index) stay immediate, so that a page is
# searchable as soon as it is published, with or without a worker.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "messages": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# The class that delivers: home.notifications.EmailNotifier (an e-mail-to-SMS gateway at the
# address QINGFENG_SMS_EMAIL makes of the number), home.notifications.LogNotifier,
# home.sms.aliyun.AliyunNotifier or home.sms.tencent.TencentNotifier.
QINGFENG_NOTIFIER = os.environ.get("QINGFENG_NOTIFIER", "home.notifications.EmailNotifier")
QINGFENG_SMS_EMAIL = os.environ.get("QINGFENG_SMS_EMAIL", "{phone}@sms.invalid")
QINGFENG_NOTIFY_SUBJECT = "清风社区"
# `make serve` prints every message as one line (number masked) on standard output.
QINGFENG_SMS_ECHO = os.environ.get("QINGFENG_SMS_ECHO") == "1"
# A temporary failure is tried again after 1, 4, 16, 64 minutes, then the message is failed.
QINGFENG_SMS_MAX_ATTEMPTS = int(os.environ.get("QINGFENG_SMS_MAX_ATTEMPTS") or 5)
QINGFENG_SMS_RETRY_SECONDS = 60
# A message that never went out keeps its full number this long, for staff to resend it.
QINGFENG_SMS_KEEP_NUMBER_DAYS = 7
SMS_KINDS = (
    "notice",
    "verification",
    "registered",
    "waitlisted",
    "promoted",
    "cancelled",
    "reminder",
    "suggestion_replied",
)
QINGFENG_SMS = {
    "SIGN_NAME": os.environ.get("QINGFENG_SMS_SIGN_NAME", ""),
    "TIMEOUT": float(os.environ.get("QINGFENG_SMS_TIMEOUT") or 10),
    "TEMPLATES": {
        kind: os.environ.get(f"QINGFENG_SMS_TEMPLATE_{kind.upper()}", "") for kind in SMS_KINDS
    },
    "ALIYUN": {
        "ACCESS_KEY_ID": os.environ.get("QINGFENG_SMS_ALIYUN_ACCESS_KEY_ID", ""),
        "ACCESS_KEY_SECRET": os.environ.get("QINGFENG_SMS_ALIYUN_ACCESS_KEY_SECRET", ""),
        "ENDPOINT": os.environ.get("QINGFENG_SMS_ALIYUN_ENDPOINT", "dysmsapi.aliyuncs.com"),
        "PROTOCOL": "HTTPS",
    },
    "TENCENT": {
        "SECRET_ID": os.environ.get("QINGFENG_SMS_TENCENT_SECRET_ID", ""),
        "SECRET_KEY": os.environ.get("QINGFENG_SMS_TENCENT_SECRET_KEY", ""),
        "SDK_APP_ID": os.environ.get("QINGFENG_SMS_TENCENT_SDK_APP_ID", ""),
        "REGION": os.environ.get("QINGFENG_SMS_TENCENT_REGION", "ap-guangzhou"),
        "ENDPOINT": os.environ.get("QINGFENG_SMS_TENCENT_ENDPOINT", "sms.tencentcloudapi.com"),
        "PROTOCOL": "https",
    },
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@qingfeng.invalid")

# Behind a reverse proxy, the header that carries the client's address (HTTP_X_REAL_IP, or
# HTTP_X_FORWARDED_FOR read from the right past RATELIMIT_TRUSTED_PROXIES proxies); rate limits
# and the staff sign-in throttle then count per resident, not per proxy (home.ratelimit).
RATELIMIT_IP_HEADER = os.environ.get("RATELIMIT_IP_HEADER", "")
RATELIMIT_TRUSTED_PROXIES = int(os.environ.get("RATELIMIT_TRUSTED_PROXIES") or 1)

# Personal data (names, phone numbers) is deleted this many days after the event or case ends.
PERSONAL_DATA_RETENTION_DAYS = 180
# …and that of a case never closed once it has had no activity this long (home.purge).
PERSONAL_DATA_INACTIVE_DAYS = 3 * 365

# --- Verification codes (home.verification) ---------------------------------------------------
# Every code is a paid text message: past this many in a day (Beijing time) the site stops
# sending them and points residents to the office.
QINGFENG_VERIFICATION_DAILY_BUDGET = int(
    os.environ.get("QINGFENG_VERIFICATION_DAILY_BUDGET") or 2000
)
