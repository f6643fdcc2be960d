"""Runtime settings, read once at start-up."""

import os

APP_ENV = os.environ["APP_ENV"]
DATABASE_URL = os.environ["DATABASE_URL"]
REDIS_URL = os.environ["REDIS_URL"]
STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
SENDGRID_API_KEY = os.environ["SENDGRID_API_KEY"]
SENTRY_DSN = os.environ.get("SENTRY_DSN")
SENTRY_SAMPLE_RATE = float(os.environ.get("SENTRY_SAMPLE_RATE", "1.0"))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "info")
FEATURE_NEW_CHECKOUT = os.environ.get("FEATURE_NEW_CHECKOUT", "false") == "true"
