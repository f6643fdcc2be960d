import os
from email.utils import getaddresses
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = bool(os.environ.get("DEBUG", 0))
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")

ADMINS = getaddresses([os.environ.get("DJANGO_ADMINS", "")])
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")

DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "grants"}}
DATABASES["default"].update(
    {
        "HOST": os.environ.get("DB_HOST", "localhost"),
        "USER": os.environ.get("DB_USER", "grants"),
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
    }
)

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "False") == "True"

# Uploaded supporting documents.
if os.environ.get("USE_S3") == "1":
    STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    AWS_STORAGE_BUCKET_NAME = os.environ["AWS_STORAGE_BUCKET_NAME"]
else:
    MEDIA_ROOT = BASE_DIR / "media"

NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY")
NOTIFY_TEMPLATE_IDS = dict(
    pair.split("=") for pair in os.environ.get("NOTIFY_TEMPLATE_IDS", "").split(",") if pair
)

SENTRY_DSN = os.environ.get("SENTRY_DSN")
SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0"))
