"""Fly.io `fly.toml` and `fly.<env>.toml`: `[env]` is set at run time, `[build.args]` at build
time; `[http_service]` and `[[vm]]` size the app, `[deploy] release_command` runs before each
release. A plain `fly.toml` beside a `fly.<pre-production>.toml` is production's (the
convention `fly deploy --config fly.staging.toml` follows), unless its app name says otherwise.
"""

from __future__ import annotations

import re

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact
from stagegap.probe.sources import platform
from stagegap.probe.sources.base import Context, as_str

_PATH = re.compile(r"(^|/)fly(\.[\w-]+)?\.toml$")
SOURCE = "fly"


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    doc = platform.load_toml(file, ctx)
    if doc is None:
        return []
    env = _env(file, ctx, as_str(doc.get("app")))
    if env is None:
        return []
    line = platform.toml_line(file)
    facts: list[Fact] = []
    run = doc.get("env")
    for name, value in (run if isinstance(run, dict) else {}).items():
        facts += platform.variable(ctx, file, SOURCE, name, value, line(f"{name}"), env, "run")
    build = doc.get("build")
    args = build.get("args") if isinstance(build, dict) else None
    for name, value in (args if isinstance(args, dict) else {}).items():
        facts += platform.variable(ctx, file, SOURCE, name, value, line(f"{name}"), env, "build")
    facts += platform.keyed(ctx, file, SOURCE, doc, env, "app", line)
    return facts


def _env(file: SourceFile, ctx: Context, app: str | None) -> Env | None:
    by_app = platform.side(ctx, app)
    if by_app is not None:
        return by_app
    if file.env in ("staging", "production"):
        return file.env
    if file.env == "other":
        return None
    folder = file.path.parent
    try:
        siblings = [
            p.name for p in folder.iterdir() if _PATH.search(p.name) and p.name != file.name
        ]
    except OSError:
        siblings = []
    if any(platform.side(ctx, name) == "staging" for name in siblings):
        return "production"
    return "shared"
