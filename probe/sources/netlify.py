"""Netlify `netlify.toml`: `[build.environment]` is every build's (shared, build time); each
`[context.<name>]` overrides it for a context: `production`, a branch (`staging`), or
`deploy-preview` / `branch-deploy`, which no audit compares. Every variable is set at build
time: Netlify passes it to the build, and a front-end inlines it there."""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact
from stagegap.probe.sources import platform
from stagegap.probe.sources.base import Context

_PATH = re.compile(r"(^|/)netlify\.toml$")
SOURCE = "netlify"


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    doc = platform.load_toml(file, ctx)
    if doc is None:
        return []
    facts = _environment(file, ctx, doc.get("build"), "shared", 1)
    contexts = doc.get("context")
    for name, spec in (contexts if isinstance(contexts, dict) else {}).items():
        env = platform.side(ctx, str(name))
        if env is not None:
            start = file.line_of(f"[context.{name}") or 1
            facts += _environment(file, ctx, spec, env, start)
    return facts


def _environment(file: SourceFile, ctx: Context, spec: Any, env: Env, start: int) -> list[Fact]:
    block = spec.get("environment") if isinstance(spec, dict) else None
    facts: list[Fact] = []
    for name, value in (block if isinstance(block, dict) else {}).items():
        facts += platform.variable(
            ctx, file, SOURCE, name, value, file.line_of(str(name), start), env, "build"
        )
    return facts
