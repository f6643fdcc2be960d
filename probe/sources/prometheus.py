"""Prometheus alert rules (plain rule files or PrometheusRule resources) and Alertmanager
routing: which alerts exist, at what threshold, and where they go when they fire."""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.sources.base import Context, as_str, make
from stagegap.probe.yamlload import line_of, own_line

_THRESHOLD = re.compile(r"(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$")
CHANNELS = {
    "pagerduty_configs": "pagerduty",
    "opsgenie_configs": "opsgenie",
    "victorops_configs": "victorops",
    "slack_configs": "slack",
    "email_configs": "email",
    "webhook_configs": "webhook",
    "msteams_configs": "msteams",
    "telegram_configs": "telegram",
    "pushover_configs": "pushover",
    "sns_configs": "sns",
    "discord_configs": "discord",
}
PAGING = {"pagerduty", "opsgenie", "victorops", "pushover"}


def is_alertmanager(relative: str, doc: Any) -> bool:
    name = relative.rsplit("/", 1)[-1].lower()
    return (
        ("alertmanager" in name or "alertmanager" in relative.lower())
        and isinstance(doc, dict)
        and ("route" in doc or "receivers" in doc)
    )


def is_rules(doc: Any) -> bool:
    groups = doc.get("groups") if isinstance(doc, dict) else None
    return isinstance(groups, list) and any(
        isinstance(g, dict) and isinstance(g.get("rules"), list) for g in groups
    )


def read_rules(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if isinstance(doc, dict) and doc.get("kind") == "PrometheusRule":
        doc = doc.get("spec") or {}
    groups = doc.get("groups") if isinstance(doc, dict) else None
    facts: list[Fact] = []
    for group in groups if isinstance(groups, list) else []:
        if not isinstance(group, dict):
            continue
        for rule in group.get("rules") or []:
            if not isinstance(rule, dict) or "alert" not in rule:
                continue
            name = str(rule["alert"])
            expr = " ".join(str(rule.get("expr", "")).split())
            match = _THRESHOLD.search(expr)
            labels = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
            assert isinstance(labels, dict)
            tags = (
                f"for={rule.get('for', '0s')}",
                f"severity={labels.get('severity', '')}",
                f"op={match.group(1) if match else ''}",
            )
            value = float(match.group(2)) if match else expr
            line = line_of(rule, "expr", own_line(rule))
            facts.append(
                make(ctx, file, "alert", name, value, line, source="prometheus", tags=tags)
            )
    return facts


def read_alertmanager(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    """Receivers with the kinds of channel they use; routes as matcher -> receiver."""
    facts: list[Fact] = []
    receivers = doc.get("receivers") if isinstance(doc, dict) else None
    for receiver in receivers if isinstance(receivers, list) else []:
        if not isinstance(receiver, dict) or "name" not in receiver:
            continue
        kinds = sorted(CHANNELS[k] for k in receiver if k in CHANNELS)
        targets = []
        for entry in receiver.get("email_configs") or []:
            if isinstance(entry, dict) and entry.get("to"):
                targets.append(str(entry["to"]))
        for entry in receiver.get("slack_configs") or []:
            if isinstance(entry, dict) and entry.get("channel"):
                targets.append(str(entry["channel"]))
        tags = tuple(f"channel={k}" for k in kinds) + tuple(f"to={t}" for t in targets)
        if any(k in PAGING for k in kinds):
            tags += ("paging",)
        facts.append(
            make(
                ctx,
                file,
                "alert_receiver",
                str(receiver["name"]),
                ",".join(kinds) or "none",
                own_line(receiver),
                source="alertmanager",
                tags=tags,
                value_name="channels",
            )
        )
    route = doc.get("route") if isinstance(doc, dict) else None
    stack: list[tuple[Any, str]] = [(route, "default")]
    while stack:
        node, label = stack.pop()
        if not isinstance(node, dict):
            continue
        if node.get("receiver"):
            facts.append(
                make(
                    ctx,
                    file,
                    "alert_route",
                    label,
                    as_str(node["receiver"]),
                    line_of(node, "receiver", own_line(node)),
                    source="alertmanager",
                    value_name="receiver",
                )
            )
        for child in node.get("routes") or []:
            if isinstance(child, dict):
                stack.append((child, _matchers(child)))
    return facts


def _matchers(route: dict[str, Any]) -> str:
    parts = [str(m) for m in route.get("matchers") or []]
    for key in ("match", "match_re"):
        if isinstance(route.get(key), dict):
            parts += [f"{k}={v}" for k, v in route[key].items()]
    return ",".join(parts) or "route"
