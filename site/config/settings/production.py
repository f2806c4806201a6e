import os
import sys
from urllib.parse import urlsplit

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

# --- Media on S3-compatible object storage (several app servers) -----------------------------
# QINGFENG_S3_BUCKET names a bucket: every server then keeps uploads and renditions there, and
# links to them at the bucket (or QINGFENG_S3_CUSTOM_DOMAIN, a CDN in front of it). Without it,
# media stay in MEDIA_ROOT on this machine. Static files stay with whitenoise either way.
# Keys: QINGFENG_S3_ACCESS_KEY_ID and QINGFENG_S3_SECRET_ACCESS_KEY, else boto3's own chain
# (an instance role, AWS_ACCESS_KEY_ID...). QINGFENG_S3_ENDPOINT_URL for a provider other than
# AWS (MinIO, Aliyun OSS, Tencent COS), QINGFENG_S3_REGION, QINGFENG_S3_PREFIX (a folder in the
# bucket), QINGFENG_S3_ADDRESSING_STYLE ("path" for MinIO and the like).
MEDIA_IN_S3 = bool(os.environ.get("QINGFENG_S3_BUCKET", "").strip())
if MEDIA_IN_S3:
    _s3 = {
        "bucket_name": os.environ["QINGFENG_S3_BUCKET"].strip(),
        "endpoint_url": os.environ.get("QINGFENG_S3_ENDPOINT_URL", "").strip() or None,
        "region_name": os.environ.get("QINGFENG_S3_REGION", "").strip() or None,
        "access_key": os.environ.get("QINGFENG_S3_ACCESS_KEY_ID", "").strip() or None,
        "secret_key": os.environ.get("QINGFENG_S3_SECRET_ACCESS_KEY", "").strip() or None,
        "custom_domain": os.environ.get("QINGFENG_S3_CUSTOM_DOMAIN", "").strip() or None,
        "location": os.environ.get("QINGFENG_S3_PREFIX", "").strip().strip("/"),
        "addressing_style": os.environ.get("QINGFENG_S3_ADDRESSING_STYLE", "").strip() or None,
        # Plain links: pages and their fragments are kept for a while, and a signed link would
        # expire inside a kept page. The bucket (or the CDN before it) lets anyone read.
        "querystring_auth": False,
        # An upload never replaces another of the same name (as on disk: a suffix is added).
        "file_overwrite": False,
        # Uploads and renditions never change under their name: browsers and a CDN keep them.
        "object_parameters": {"CacheControl": "public, max-age=86400"},
    }
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {key: value for key, value in _s3.items() if value is not None},
    }
    SERVE_MEDIA = False
    # Pages (and the admin) show images from there: the content security policy allows it.
    if _s3.get("custom_domain"):
        _media_origins = [f"https://{_s3['custom_domain']}"]
    elif _s3.get("endpoint_url"):
        _endpoint = urlsplit(_s3["endpoint_url"])
        _media_origins = [
            f"{_endpoint.scheme}://{_endpoint.netloc}",
            f"{_endpoint.scheme}://*.{_endpoint.netloc}",
        ]
    else:
        _media_origins = ["https://*.amazonaws.com"]
    for _policy in (CONTENT_SECURITY_POLICY, QINGFENG_ADMIN_CONTENT_SECURITY_POLICY):  # noqa: F405
        _policy["DIRECTIVES"]["img-src"] = [*_policy["DIRECTIVES"]["img-src"], *_media_origins]
