"""Settings read from the environment (12-factor)."""

import os

DATABASE_URL = os.environ["DATABASE_URL"]
SESSION_SECRET_KEY = os.environ["SESSION_SECRET_KEY"]
PAYPAL_API_BASE = os.environ.get("PAYPAL_API_BASE", "https://api-m.sandbox.paypal.com")
PAYPAL_CLIENT_SECRET = os.environ["PAYPAL_CLIENT_SECRET"]
FEATURE_GIFT_CARDS = os.environ.get("FEATURE_GIFT_CARDS", "false") == "true"
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
