"""Vercel `vercel.json`: `env` (run time) and `build.env` (build time) are every deployment's;
`crons` run on production deployments only (Vercel's rule), so each is a production
schedule; `functions` sizing is shared. Per-environment values live in the `.env.<mode>`
files beside it, which the dotenv source reads."""

from __future__ import annotations

import json
import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.sources import platform
from stagegap.probe.sources.base import Context

_PATH = re.compile(r"(^|/)vercel\.json$")
SOURCE = "vercel"


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    try:
        doc: Any = json.loads(file.text())
    except ValueError as exc:
        ctx.warnings.add(file.relative, "not valid JSON", getattr(exc, "lineno", None))
        return []
    if not isinstance(doc, dict) or file.env == "other":
        return []
    facts: list[Fact] = []
    build = doc.get("build")
    for block, scope in (
        (doc.get("env"), "run"),
        (build.get("env") if isinstance(build, dict) else None, "build"),
    ):
        for name, value in (block if isinstance(block, dict) else {}).items():
            facts += platform.variable(
                ctx, file, SOURCE, name, value, file.line_of(f'"{name}"'), "shared", scope
            )
    for cron in doc.get("crons") or []:
        if isinstance(cron, dict) and cron.get("path") and cron.get("schedule"):
            path = str(cron["path"])
            facts.append(
                platform.cron(
                    ctx,
                    file,
                    SOURCE,
                    path,
                    cron["schedule"],
                    file.line_of(path),
                    "production",
                    tags=("production-deployments-only",),
                )
            )
    return facts
