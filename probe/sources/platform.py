"""What the deploy-platform sources share: which side a platform's environment name is on, its
variables with their scope, and the meaning of its sizing, scaling and release keys (kept as
data in probe/platforms.yaml, so a new key is a line there, not a branch here).

A platform names its environments inside its files (Netlify contexts, Render blueprint
environments, Serverless stages, samconfig.toml tables), so these sources place facts by the
name the file gives, through the run's environment words; an environment the audit does not
compare (a deploy preview, a review app, a `pr` environment) gives no facts at all.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import yaml

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact, Kind
from stagegap.probe.sources.base import ENV_NAME, Context, as_str, make

LineOf = Callable[[str], int | None]
SEEDS = re.compile(r"\b(seed|loaddata|fixtures?|db:seed|demo[_-]?data)\b", re.I)


@cache
def platform_keys() -> dict[str, dict[str, Any]]:
    text = resources.files("stagegap.probe").joinpath("platforms.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data


def side(ctx: Context, name: str | None) -> Env | None:
    """The compared side a platform's own environment name (a context, a stage) stands on;
    None for any environment the audit leaves out, or a name that names none."""
    if not name:
        return None
    found = ctx.envs.classify_name(name)
    return found if found in ("staging", "production") else None


def stem(ctx: Context, name: str) -> str:
    """A resource's name without its environment word (`shop-db-staging` -> `shop-db`), so
    the same resource of two environments is compared as one."""
    parts = [p for p in re.split(r"([-_.])", name)]
    kept: list[str] = []
    for part in parts:
        if part and part not in "-_." and ctx.envs.classify_name(part) is not None:
            if kept and kept[-1] in ("-", "_", "."):
                kept.pop()
            continue
        kept.append(part)
    return "".join(kept).strip("-_.") or name


def load_toml(file: SourceFile, ctx: Context) -> dict[str, Any] | None:
    """The file parsed by tomllib; a parse error is one warning naming file and line."""
    try:
        return tomllib.loads(file.text())
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        ctx.warnings.add(file.relative, "not valid TOML", int(match.group(1)) if match else None)
        return None


def variable(
    ctx: Context,
    file: SourceFile,
    source: str,
    name: Any,
    value: Any,
    line: int | None,
    env: Env,
    scope: str,
    *,
    reference: bool = False,
    secret: bool = False,
    tags: tuple[str, ...] = (),
) -> list[Fact]:
    """One variable a platform sets for an environment at build or run time; a name that is
    not a variable name is skipped, never echoed."""
    key = str(name)
    if not ENV_NAME.match(key):
        return []
    raw = value if reference or isinstance(value, str | int | float | bool) else None
    return [
        make(
            ctx,
            file,
            Kind.ENV,
            key,
            raw,
            line,
            source=source,
            env=env,
            scope=scope,
            secret=secret,
            reference=reference,
            tags=tags,
        )
    ]


def dig(node: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def keyed(
    ctx: Context,
    file: SourceFile,
    platform: str,
    node: Any,
    env: Env,
    process: str,
    line_of: LineOf,
) -> list[Fact]:
    """The facts platforms.yaml says this platform's keys hold, for one process."""
    spec = platform_keys().get(platform, {})
    facts: list[Fact] = []

    def emit(kind: Kind, key: str, raw: Any, leaf: str, value_name: str) -> None:
        facts.append(
            make(
                ctx,
                file,
                kind,
                key,
                raw,
                line_of(leaf),
                source=platform,
                env=env,
                value_name=value_name,
            )
        )

    for kind, field in (
        (Kind.REPLICAS, "replicas"),
        (Kind.AUTOSCALE_MIN, "autoscale_min"),
        (Kind.AUTOSCALE_MAX, "autoscale_max"),
    ):
        for path in spec.get(field, ()):
            value = dig(node, path)
            if isinstance(value, int | float) and not isinstance(value, bool):
                emit(kind, process, value, path.rsplit(".", 1)[-1], field)
                break
    for path, target in (spec.get("sizing") or {}).items():
        value = as_str(dig(node, path))
        if value is not None:
            emit(Kind.SETTING, f"{process}.{target}", value, path.rsplit(".", 1)[-1], target)
    for path, idle_values in (spec.get("idle") or {}).items():
        value = dig(node, path)
        if value is not None and value in idle_values:
            emit(
                Kind.IDLE_SCALING, process, f"{path}={as_str(value)}", path.rsplit(".")[-1], "idle"
            )
    for path in spec.get("release", ()):
        value = dig(node, path)
        command = " && ".join(map(str, value)) if isinstance(value, list) else as_str(value)
        if command:
            emit(Kind.RELEASE_COMMAND, process, command, path.rsplit(".", 1)[-1], "command")
    for path in spec.get("health", ()):
        value = as_str(dig(node, path))
        if value:
            emit(Kind.DEPLOY_CHECK, process, value, path.rsplit(".", 1)[-1], "health_check")
            break
    return facts


def fact(
    ctx: Context,
    file: SourceFile,
    source: str,
    kind: Kind,
    key: str,
    raw: Any,
    line: int | None,
    env: Env,
    *,
    tags: tuple[str, ...] = (),
    value_name: str | None = None,
) -> Fact:
    """Any other fact a platform file states for one environment."""
    return make(
        ctx, file, kind, key, raw, line, source=source, env=env, tags=tags, value_name=value_name
    )


def cron(
    ctx: Context,
    file: SourceFile,
    source: str,
    name: str,
    schedule: Any,
    line: int | None,
    env: Env,
    *,
    tags: tuple[str, ...] = (),
) -> Fact:
    """A scheduled job of one environment (`suspended` in tags: declared but switched off)."""
    return make(
        ctx,
        file,
        Kind.CRON,
        name,
        as_str(schedule),
        line,
        source=source,
        env=env,
        tags=tags,
        value_name="schedule",
    )


def toml_line(file: SourceFile) -> LineOf:
    """Where a key is written in a TOML file (tomllib keeps no positions)."""

    def find(key: str) -> int | None:
        return file.line_of(key)

    return find


def deploy(
    ctx: Context,
    file: SourceFile,
    source: str,
    name: str,
    env: Env,
    line: int | None,
    triggers: tuple[str, ...],
) -> Fact:
    """A deploy the platform itself starts (on push to a branch, or only by hand)."""
    return make(
        ctx,
        file,
        Kind.DEPLOY,
        name,
        ",".join(triggers) or "push",
        line,
        source=source,
        env=env,
        tags=triggers,
        value_name="triggers",
    )


def mapping(value: Any) -> dict[Any, Any]:
    """A parsed node that should be a mapping, or an empty one."""
    return value if isinstance(value, dict) else {}
