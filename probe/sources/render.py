"""Render Blueprints (`render.yaml`): services and databases, either at the top (each placed
by its name: `shop-api-staging`) or under `projects: [environments: ...]` (placed by the
environment's name). A service's `envVars` are set at build and run time; `fromDatabase`,
`fromService` and `sync: false` values live in Render, so they are references; `fromGroup`
brings an environment group's variables. `plan`, `numInstances`/`scaling`, `preDeployCommand`,
cron services and `autoDeploy` become sizing, replicas, release commands, schedules and
deploy triggers.
"""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact, Kind
from stagegap.probe.sources import platform
from stagegap.probe.sources.base import Context, as_str
from stagegap.probe.yamlload import line_of, own_line

_PATH = re.compile(r"(^|/)render(\.[\w-]+)?\.ya?ml$")
SOURCE = "render"


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if not isinstance(doc, dict):
        return []
    groups = _groups(doc.get("envVarGroups"))
    facts: list[Fact] = []
    for env, services, databases in _placed(file, ctx, doc):
        for service in services:
            facts += _service(file, ctx, service, env, groups)
        for database in databases:
            facts += _database(file, ctx, database, env)
    return facts


def _placed(
    file: SourceFile, ctx: Context, doc: dict[Any, Any]
) -> list[tuple[Env, list[Any], list[Any]]]:
    """(side, services, databases) per environment the blueprint names."""
    out: list[tuple[Env, list[Any], list[Any]]] = []
    for project in _list(doc.get("projects")):
        for environment in _list(project.get("environments") if isinstance(project, dict) else []):
            if not isinstance(environment, dict):
                continue
            env = platform.side(ctx, as_str(environment.get("name")))
            if env is not None:
                out.append(
                    (env, _list(environment.get("services")), _list(environment.get("databases")))
                )
    for kind in ("services", "databases"):
        for item in _list(doc.get(kind)):
            if not isinstance(item, dict):
                continue
            env = platform.side(ctx, as_str(item.get("name")))
            if env is None:
                env = "shared" if file.env not in ("staging", "production") else file.env
            out.append((env, [item], []) if kind == "services" else (env, [], [item]))
    return out


def _service(
    file: SourceFile, ctx: Context, service: Any, env: Env, groups: dict[str, list[Any]]
) -> list[Fact]:
    if not isinstance(service, dict):
        return []
    name = platform.stem(ctx, as_str(service.get("name")) or "service")

    def line(key: str) -> int | None:
        return line_of(service, key, own_line(service))

    facts = platform.keyed(ctx, file, SOURCE, service, env, name, lambda leaf: line(leaf))
    if service.get("type") == "cron" and service.get("schedule"):
        facts.append(
            platform.fact(
                ctx,
                file,
                SOURCE,
                Kind.CRON,
                name,
                as_str(service["schedule"]),
                line("schedule"),
                env,
                value_name="schedule",
            )
        )
    elif "autoDeploy" in service or "branch" in service:
        manual = service.get("autoDeploy") is False
        branch = as_str(service.get("branch")) or "default"
        triggers = ("manual",) if manual else (f"push:{branch}",)
        facts.append(platform.deploy(ctx, file, SOURCE, name, env, line("autoDeploy"), triggers))
    entries = _list(service.get("envVars"))
    for entry in entries:
        if isinstance(entry, dict) and entry.get("fromGroup"):
            entries = entries + groups.get(str(entry["fromGroup"]), [])
    for entry in entries:
        facts += _variable(file, ctx, entry, env)
    return facts


def _variable(file: SourceFile, ctx: Context, entry: Any, env: Env) -> list[Fact]:
    if not isinstance(entry, dict) or "key" not in entry:
        return []
    key, line = entry["key"], own_line(entry)
    for source in ("fromDatabase", "fromService"):
        ref = entry.get(source)
        if isinstance(ref, dict):
            shown = (
                f"{source}:{ref.get('name', '')}/{ref.get('property', ref.get('envVarKey', ''))}"
            )
            return platform.variable(
                ctx, file, SOURCE, key, shown, line, env, "run", reference=True
            )
    if entry.get("sync") is False:
        return platform.variable(
            ctx, file, SOURCE, key, "set in the Render dashboard", line, env, "run", reference=True
        )
    if entry.get("generateValue"):
        return platform.variable(
            ctx, file, SOURCE, key, "generated by Render", line, env, "run", reference=True
        )
    return platform.variable(ctx, file, SOURCE, key, entry.get("value"), line, env, "run")


def _database(file: SourceFile, ctx: Context, database: Any, env: Env) -> list[Fact]:
    if not isinstance(database, dict) or not database.get("plan"):
        return []
    name = platform.stem(ctx, as_str(database.get("name")) or "database")
    return [
        platform.fact(
            ctx,
            file,
            SOURCE,
            Kind.SETTING,
            f"{name}.instance_class",
            as_str(database["plan"]),
            line_of(database, "plan", own_line(database)),
            env,
            value_name="instance_class",
        )
    ]


def _groups(raw: Any) -> dict[str, list[Any]]:
    return {
        str(group["name"]): _list(group.get("envVars"))
        for group in _list(raw)
        if isinstance(group, dict) and group.get("name")
    }


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
