import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-qingfeng"  # noqa: S105 - test settings only
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
# Tests clear the cache between cases: never let that reach a shared Redis.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "r"},
}

# A file, not memory, so that servers started by the concurrency tests share the test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "test-artifacts").mkdir(exist_ok=True)  # noqa: F405
    # One file per test process, so that two runs side by side do not share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / "test-artifacts" / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }

# Messages are delivered inside the test that queues them; tests/home/test_notifications_queue.py
# runs the database backend with the real worker.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "messages": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
QINGFENG_NOTIFIER = "home.notifications.EmailNotifier"
QINGFENG_SMS_ECHO = False

# A fresh clone has no collected static files: whitenoise serves them from the finders, as
# `make serve` serves them from STATIC_ROOT after collecting.
WHITENOISE_USE_FINDERS = True

# Tests change content through the ORM and read it back; the page cache is on only in the tests
# that are about it (tests/home/test_page_cache.py).
QINGFENG_PAGE_CACHE = False
