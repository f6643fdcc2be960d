"""Railway config as code (`railway.json`, `railway.toml`): `build` and `deploy` apply to every
environment, `environments.<name>` override them for one. Replicas, sleeping when idle,
pre-deploy commands, health checks and `cronSchedule` per environment; the service is the
folder the file is in."""

from __future__ import annotations

import json
import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact
from stagegap.probe.sources import platform
from stagegap.probe.sources.base import Context, as_str

_PATH = re.compile(r"(^|/)railway\.(json|toml)$")
SOURCE = "railway"


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    if file.relative.endswith(".toml"):
        doc = platform.load_toml(file, ctx)
    else:
        try:
            doc = json.loads(file.text())
        except ValueError as exc:
            ctx.warnings.add(file.relative, "not valid JSON", getattr(exc, "lineno", None))
            return []
    if not isinstance(doc, dict):
        return []
    folder = file.relative.rpartition("/")[0]
    process = folder.rsplit("/", 1)[-1] if folder else "app"
    line = platform.toml_line(file)
    base = {k: doc[k] for k in ("build", "deploy") if isinstance(doc.get(k), dict)}
    default_env: Env = file.env if file.env in ("staging", "production") else "shared"
    facts = _facts(file, ctx, base, default_env, process, line)
    overrides = doc.get("environments")
    for name, override in (overrides if isinstance(overrides, dict) else {}).items():
        env = platform.side(ctx, str(name))
        if env is None or not isinstance(override, dict):
            continue
        facts += _facts(file, ctx, override, env, process, line)
    return facts


def _facts(
    file: SourceFile, ctx: Context, node: dict[str, Any], env: Env, process: str, line: Any
) -> list[Fact]:
    facts = platform.keyed(ctx, file, SOURCE, node, env, process, line)
    deploy = node.get("deploy")
    cron = as_str(deploy.get("cronSchedule")) if isinstance(deploy, dict) else None
    if cron:
        facts.append(platform.cron(ctx, file, SOURCE, process, cron, line("cronSchedule"), env))
    return facts
