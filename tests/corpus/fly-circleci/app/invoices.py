import os

import boto3
import requests

PAYPAL_API_BASE = os.environ["PAYPAL_API_BASE"]
INVOICE_BUCKET = os.environ["INVOICE_BUCKET"]


def store_invoice(number: str, pdf: bytes) -> None:
    boto3.client("s3").put_object(Bucket=INVOICE_BUCKET, Key=f"{number}.pdf", Body=pdf)


def capture(order_id: str, token: str) -> dict:
    response = requests.post(
        f"{PAYPAL_API_BASE}/v2/checkout/orders/{order_id}/capture",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()
