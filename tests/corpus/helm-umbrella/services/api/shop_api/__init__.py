from flask import Flask

from . import config


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = config.SESSION_SECRET_KEY
    return app
