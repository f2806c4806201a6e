from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-qingfeng"  # noqa: S105 - test settings only
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
