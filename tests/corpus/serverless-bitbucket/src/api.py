import os

TABLE = os.environ["ORDERS_TABLE"]
PAYMENTS_MODE = os.environ["PAYMENTS_MODE"]


def handler(event, context):
    return {"statusCode": 200, "body": TABLE}
