import os

import requests

BASE_URL = os.environ["GOCARDLESS_BASE_URL"]
TOKEN = os.environ["GOCARDLESS_ACCESS_TOKEN"]


def handler(event, context):
    mandate_id = event["pathParameters"]["mandate"]
    response = requests.get(
        f"{BASE_URL}/mandates/{mandate_id}",
        headers={"Authorization": f"Bearer {TOKEN}", "GoCardless-Version": "2015-07-06"},
        timeout=10,
    )
    return {"statusCode": response.status_code, "body": response.text}
