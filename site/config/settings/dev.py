from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-qingfeng"  # noqa: S105 - development settings only
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "home.mail.MaskingConsoleBackend"
SERVE_MEDIA = True
