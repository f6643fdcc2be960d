import os

ENVIRONMENT = os.environ.get("ENVIRONMENT", "dev")


def handler(event, context):
    return {"environment": ENVIRONMENT}
