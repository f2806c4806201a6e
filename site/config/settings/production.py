import os
import sys

from .base import *  # noqa: F403


def _required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        sys.stderr.write(
            f"缺少环境变量 {name}：生产环境必须设置它后才能启动。"
            f" / The environment variable {name} is required by production settings.\n"
        )
        raise SystemExit(2)
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# HTTPS everywhere. QINGFENG_PLAIN_HTTP=1 (set by `make serve` on one machine) turns off only the
# redirect and the secure-only cookies: a browser never sends a Secure cookie back over plain
# HTTP, so every form would fail its CSRF check.
PLAIN_HTTP = os.environ.get("QINGFENG_PLAIN_HTTP") == "1"
SECURE_SSL_REDIRECT = not PLAIN_HTTP
SESSION_COOKIE_SECURE = not PLAIN_HTTP
CSRF_COOKIE_SECURE = not PLAIN_HTTP

# Links in e-mails and the admin: the environment, else the first allowed host; never the
# development default (localhost).
_public_hosts = [host.lstrip(".") for host in ALLOWED_HOSTS if host != "*"]
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").strip().rstrip("/") or (
    f"{'http' if PLAIN_HTTP else 'https'}://{_public_hosts[0] if _public_hosts else ''}"
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
LOGGING["root"]["level"] = "INFO"  # noqa: F405
LOGGING["loggers"] = {"django.request": {"level": "ERROR"}}  # noqa: F405
