import os

APP_ENV = os.environ.get("APP_ENV", "local")
DATABASE_URL = os.environ["DATABASE_URL"]
PARTNER_API_URL = os.environ["PARTNER_API_URL"]
PARTNER_API_KEY = os.environ["PARTNER_API_KEY"]
POINTS_EXPIRY_DAYS = int(os.environ.get("POINTS_EXPIRY_DAYS", "365"))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "info")
