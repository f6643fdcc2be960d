"""One environment's Prometheus over its HTTP API, read once: the peak request rate over a
window, the alert rules the server has loaded, and its retention.

Basic-auth credentials come only from the URL the environment variable holds; they are sent
as a header and never leave this module (the request URL has no userinfo)."""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from stagegap.probe.live.targets import fill

TIMEOUT_S = 15
_THRESHOLD = re.compile(r"(>=|<=|==|!=|>|<)\s*(-?[0-9.]+(?:e[+-]?[0-9]+)?)\s*$", re.I)


class MetricsUnreadable(Exception):
    """The server could not be reached or answered an error (scrubbed by the caller)."""


@dataclass(frozen=True)
class AlertRule:
    name: str
    query: str
    duration_s: float

    @property
    def threshold(self) -> str:
        """'> 0.05 for 5m' when the expression ends in a comparison, else the expression."""
        found = _THRESHOLD.search(self.query)
        head = f"{found.group(1)} {found.group(2)}" if found else self.query
        return f"{head} for {_duration(self.duration_s)}" if self.duration_s else head


@dataclass
class MetricsState:
    request_rate: float | None = None
    metric: str | None = None
    query: str | None = None
    rules: dict[str, AlertRule] = field(default_factory=dict)
    retention: str | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "request_rate": self.request_rate,
            "metric": self.metric,
            "alert_rules": len(self.rules),
            "retention": self.retention,
        }


class PrometheusClient:
    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self._auth: str | None = None
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "")
            self._auth = base64.b64encode(f"{user}:{password}".encode()).decode()
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        self._base = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))

    def get(self, path: str, params: dict[str, str] | None = None) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        request = urllib.request.Request(f"{self._base}{path}{query}")
        if self._auth:
            request.add_header("Authorization", f"Basic {self._auth}")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                body = json.loads(response.read(20_000_000))
        except urllib.error.HTTPError as exc:
            raise MetricsUnreadable(f"HTTP {exc.code} from {path}") from None
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise MetricsUnreadable(f"cannot reach the server: {reason}") from None
        if not isinstance(body, dict) or body.get("status") != "success":
            error = body.get("error") if isinstance(body, dict) else None
            raise MetricsUnreadable(f"{path}: {error or 'not a Prometheus answer'}")
        return body.get("data")

    def scalar(self, query: str) -> float | None:
        """The sum of an instant query's values, or None when it matches no series."""
        data = self.get("/api/v1/query", {"query": query})
        result = data.get("result") if isinstance(data, dict) else None
        if not result:
            return None
        if data.get("resultType") == "scalar":
            return float(result[1])
        values = [float(r["value"][1]) for r in result if isinstance(r, dict) and "value" in r]
        total = sum(v for v in values if v == v)  # NaN from empty rates is skipped
        return total if values else None


def read_rules(client: PrometheusClient) -> dict[str, AlertRule]:
    data = client.get("/api/v1/rules", {"type": "alert"})
    rules: dict[str, AlertRule] = {}
    for group in data.get("groups", []) if isinstance(data, dict) else []:
        for rule in group.get("rules", []):
            if rule.get("type") == "alerting" and rule.get("name"):
                name = str(rule["name"])
                rules.setdefault(
                    name,
                    AlertRule(name, str(rule.get("query", "")), float(rule.get("duration", 0))),
                )
    return rules


def read_retention(client: PrometheusClient) -> str | None:
    flags = client.get("/api/v1/status/flags")
    if not isinstance(flags, dict):
        return None
    for name in ("storage.tsdb.retention.time", "storage.tsdb.retention"):
        value = flags.get(name)
        if value and value != "0s":
            return str(value)
    return None


def request_rate(
    client: PrometheusClient, template: str, metrics: tuple[str, ...], env: str, window: str
) -> tuple[float | None, str | None, str | None]:
    """(rate, metric, query): the template with each metric in turn until one answers."""
    for metric in metrics if "{metric}" in template else (None,):
        query = fill(template, metric=metric or "", env=env, window=window)
        rate = client.scalar(query)
        if rate is not None:
            return rate, metric, query
    return None, None, None


def _duration(seconds: float) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:g}s"
