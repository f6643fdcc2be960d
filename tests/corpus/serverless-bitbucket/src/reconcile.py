import os


def handler(event, context):
    return {"table": os.environ["ORDERS_TABLE"]}
