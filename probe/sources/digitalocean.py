"""DigitalOcean App Platform specs (`.do/app.yaml`, `.do/app.<env>.yaml`): each component's
`envs` carry their own scope (`RUN_TIME`, `BUILD_TIME`, `RUN_AND_BUILD_TIME`); instance size
and count size it; `PRE_DEPLOY` jobs run before each release; `deploy_on_push` says whether a
push deploys; a database with `production: false` is a dev database; `alerts` are the app's.
The environment is the file's, else the app's name (`atlas-staging`)."""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact, Kind
from stagegap.probe.sources import platform
from stagegap.probe.sources.base import Context, as_str
from stagegap.probe.yamlload import line_of, own_line

_PATH = re.compile(r"(^|/)\.do/[^/]+\.ya?ml$")
SOURCE = "digitalocean"
COMPONENTS = ("services", "workers", "static_sites", "jobs", "functions")
SCOPES = {"RUN_TIME": ("run",), "BUILD_TIME": ("build",), "RUN_AND_BUILD_TIME": ("build", "run")}


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if not isinstance(doc, dict):
        return []
    spec = platform.mapping(doc.get("spec")) or doc
    env = _env(file, ctx, as_str(spec.get("name")))
    if env is None:
        return []
    facts = _envs(file, ctx, spec.get("envs"), env)
    for kind in COMPONENTS:
        for component in spec.get(kind) or []:
            if isinstance(component, dict):
                facts += _component(file, ctx, component, env, kind)
    for database in spec.get("databases") or []:
        if isinstance(database, dict):
            name = as_str(database.get("name")) or "db"
            managed = database.get("production") is True or bool(database.get("cluster_name"))
            facts.append(
                platform.fact(
                    ctx,
                    file,
                    SOURCE,
                    Kind.SETTING,
                    f"{name}.instance_class",
                    "managed cluster" if managed else "dev database",
                    line_of(database, "production", own_line(database)),
                    env,
                    value_name="instance_class",
                )
            )
    for alert in spec.get("alerts") or []:
        if isinstance(alert, dict) and alert.get("rule"):
            facts.append(
                platform.fact(
                    ctx,
                    file,
                    SOURCE,
                    Kind.ALERT,
                    str(alert["rule"]),
                    str(alert["rule"]),
                    own_line(alert),
                    env,
                    value_name="rule",
                )
            )
    return facts


def _component(
    file: SourceFile, ctx: Context, component: dict[Any, Any], env: Env, kind: str
) -> list[Fact]:
    name = as_str(component.get("name")) or kind
    facts = _envs(file, ctx, component.get("envs"), env)
    if kind == "jobs":
        if component.get("kind") in ("PRE_DEPLOY", "POST_DEPLOY") and component.get("run_command"):
            facts.append(
                platform.fact(
                    ctx,
                    file,
                    SOURCE,
                    Kind.RELEASE_COMMAND,
                    name,
                    as_str(component["run_command"]),
                    line_of(component, "run_command"),
                    env,
                    value_name="command",
                )
            )
        return facts
    facts += platform.keyed(
        ctx,
        file,
        SOURCE,
        component,
        env,
        name,
        lambda leaf: line_of(component, leaf, own_line(component)),
    )
    source = next(
        (component[k] for k in ("github", "gitlab", "git") if isinstance(component.get(k), dict)),
        None,
    )
    if isinstance(source, dict) and "deploy_on_push" in source:
        branch = as_str(source.get("branch")) or "default"
        triggers = (f"push:{branch}",) if source.get("deploy_on_push") else ("manual",)
        facts.append(
            platform.deploy(
                ctx, file, SOURCE, name, env, line_of(source, "deploy_on_push"), triggers
            )
        )
    return facts


def _envs(file: SourceFile, ctx: Context, entries: Any, env: Env) -> list[Fact]:
    facts: list[Fact] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or "key" not in entry:
            continue
        secret = entry.get("type") == "SECRET"
        value = entry.get("value")
        reference = isinstance(value, str) and (value.startswith("${") or value.startswith("EV["))
        shown = ("encrypted in the app spec" if secret else value) if not reference else value
        for scope in SCOPES.get(str(entry.get("scope", "RUN_AND_BUILD_TIME")), ("build", "run")):
            facts += platform.variable(
                ctx,
                file,
                SOURCE,
                entry["key"],
                shown,
                own_line(entry),
                env,
                scope,
                reference=reference or secret,
                secret=secret,
            )
    return facts


def _env(file: SourceFile, ctx: Context, name: str | None) -> Env | None:
    if file.env in ("staging", "production"):
        return file.env
    by_name = platform.side(ctx, name)
    if by_name is not None:
        return by_name
    return None if file.env == "other" else "shared"
