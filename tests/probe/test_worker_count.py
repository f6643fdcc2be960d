"""Workers read from a start command, the same way for compose and Kubernetes."""

from __future__ import annotations

import pytest

from stagegap.probe.sources.base import worker_count


@pytest.mark.parametrize(
    ("command", "workers"),
    [
        ("gunicorn app:app -w 4", 4),
        (["gunicorn", "--workers=8", "app:app"], 8),
        ("celery -A shop worker --concurrency 12", 12),
        (["puma", "--threads", "5"], 5),
        ("celery worker -c2", 2),
        (["sh", "-c", "sleep 3600"], None),
        ("nginx -c /etc/nginx/nginx.conf", None),
        (None, None),
    ],
)
def test_worker_flags(command: object, workers: int | None) -> None:
    assert worker_count(command) == workers
