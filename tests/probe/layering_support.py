"""Helpers for the layering tests: write a small repository, read its facts as the engine does
(discovery, set-aside, every source), and look up one component's effective values."""

from __future__ import annotations

from pathlib import Path

from stagegap.probe.discovery import Warnings
from stagegap.probe.engine import _read_everything
from stagegap.probe.environments import Environments
from stagegap.probe.facts import Fact, Kind
from stagegap.probe.secrets import Redactor
from stagegap.probe.sources.base import Context


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def read_facts(root: Path) -> tuple[list[Fact], list[str]]:
    """Every fact and warning of a run over `root`, before any rule."""
    ctx = Context(redactor=Redactor(), envs=Environments.with_aliases(None), warnings=Warnings())
    _, _, facts = _read_everything(root, ctx, lambda label, fraction: None, None)
    return list(facts), list(ctx.warnings.items)


def values(
    facts: list[Fact],
    *,
    source: str,
    env: str,
    service: str | None = None,
    kind: Kind | None = None,
) -> dict[str, str]:
    """key path -> shown value of one component in one environment."""
    return {
        f.key: f.value.shown
        for f in facts
        if f.source == source
        and f.env == env
        and (service is None or f.service == service)
        and (kind is None or f.kind == kind)
    }
