from django.conf import settings
from notifications_python_client.notifications import NotificationsAPIClient


def send_application_received(email: str, reference: str) -> None:
    client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
    client.send_email_notification(
        email_address=email,
        template_id=settings.NOTIFY_TEMPLATE_IDS["application_received"],
        personalisation={"reference": reference},
    )
