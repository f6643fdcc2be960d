"""Docker Compose files: a base file shared by both environments and one override per environment
(docker-compose.prod.yml). `docker-compose.override.yml` is loaded only on developer machines,
so it is left out.
"""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Attribute, Fact, Kind
from stagegap.probe.sources import startup
from stagegap.probe.sources.base import Context, as_str, env_scope, make, named, worker_count
from stagegap.probe.yamlload import flatten, line_of

_NAME = re.compile(r"(^|/)(docker-)?compose([.-][\w.-]+)?\.ya?ml$")
# keys read as variables (Kind.ENV), not as settings
_VARIABLE_KEYS = ("environment", "build.args")


def wants(relative: str) -> bool:
    return bool(_NAME.search(relative))


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if file.name.startswith(("docker-compose.override.", "compose.override.")):
        return []
    services = doc.get("services") if isinstance(doc, dict) else None
    if not isinstance(services, dict):
        return []
    facts: list[Fact] = []
    for name, spec in services.items():
        if not isinstance(spec, dict):
            continue
        facts += _service(file, ctx, str(name), spec, line_of(services, name))
    return facts


def _service(
    file: SourceFile, ctx: Context, name: str, spec: dict[str, Any], line: int | None
) -> list[Fact]:
    facts: list[Fact] = []
    tags = (f"{Attribute.COMPOSE_SERVICE.value}={name}",)
    image = as_str(spec.get("image"))
    if image:
        facts.append(
            make(
                ctx,
                file,
                "image",
                name,
                image,
                line_of(spec, "image", line),
                source="compose",
                tags=tags,
            )
        )
    if image and ctx.redactor.catalog.match_mock(image):
        return facts  # a mock's own settings are not the application's variables
    for var, raw, at in _pairs(file, ctx, spec.get("environment"), spec, "environment", line):
        facts.append(
            make(
                ctx,
                file,
                "env",
                var,
                raw,
                at,
                source="compose",
                scope=env_scope(var, "run"),
                tags=tags,
            )
        )
    build = spec.get("build")
    if isinstance(build, dict):
        for var, raw, at in _pairs(file, ctx, build.get("args"), build, "args", line):
            facts.append(
                make(
                    ctx,
                    file,
                    "env",
                    var,
                    raw,
                    at,
                    source="compose",
                    scope="build",
                    tags=(*tags, "build-arg"),
                )
            )
        for ref in build.get("cache_from") or []:
            facts.append(
                make(
                    ctx,
                    file,
                    "build_cache",
                    name,
                    as_str(ref),
                    line_of(build, "cache_from", line),
                    source="compose",
                    tags=tags,
                )
            )
    deploy = spec.get("deploy")
    if isinstance(deploy, dict) and "replicas" in deploy:
        facts.append(
            make(
                ctx,
                file,
                "replicas",
                name,
                deploy.get("replicas"),
                line_of(deploy, "replicas", line),
                source="compose",
                tags=tags,
            )
        )
    facts += _keys(file, ctx, name, spec, line, tags)
    facts += _on_start(file, ctx, name, spec, line, tags)
    workers = worker_count(spec.get("command"))
    if workers is not None:
        facts.append(
            make(
                ctx,
                file,
                "setting",
                f"{name}.workers",
                workers,
                line_of(spec, "command", line),
                source="compose",
                tags=tags,
            )
        )
    return facts


def _keys(
    file: SourceFile,
    ctx: Context,
    name: str,
    spec: dict[str, Any],
    line: int | None,
    tags: tuple[str, ...],
) -> list[Fact]:
    """Every other value of the service under its full key path (services.web.command), for
    the comparison of each key; variables are read above as variables."""
    out = []
    for path, value, at in flatten(spec):
        if path.startswith(_VARIABLE_KEYS) or isinstance(value, dict):
            continue
        if isinstance(value, list):
            if any(isinstance(v, dict | list) for v in value):
                continue
            value = ",".join(map(str, value))
        out.append(
            make(
                ctx,
                file,
                Kind.SETTING,
                f"services.{name}.{path}",
                value,
                at or line,
                source="compose",
                tags=tags,
                value_name=path.rsplit(".", 1)[-1],
            )
        )
    return out


def _on_start(
    file: SourceFile,
    ctx: Context,
    name: str,
    spec: dict[str, Any],
    line: int | None,
    tags: tuple[str, ...],
) -> list[Fact]:
    """What the service does on every start (flush, seed, migrate), wherever it is said: the
    compose file, or the entrypoint script of the image it builds."""
    out = []
    for seen in startup.on_start(file, spec):
        said = file if seen.path == file.relative else _beside(file, seen.path)
        at = seen.line or line_of(spec, "command", line)
        step_tags = (*tags, f"{Attribute.LAYER.value}={seen.path}")
        key = f"services.{name}.on_start.{seen.step.id}"
        out.append(make(ctx, said, Kind.SETTING, key, True, at, source="compose", tags=step_tags))
        if seen.step.data_job:
            out.append(
                make(
                    ctx,
                    said,
                    Kind.DATA_JOB,
                    seen.step.data_job,
                    name,
                    at,
                    source="compose",
                    tags=step_tags,
                    value_name="job",
                )
            )
    return out


def _beside(file: SourceFile, relative: str) -> SourceFile:
    """A script the service runs, as evidence: placed like the compose file that runs it."""
    return SourceFile(file.root, relative, file.env, file.service)


def _pairs(
    file: SourceFile, ctx: Context, value: Any, parent: Any, key: str, default: int | None
) -> list[tuple[str, Any, int | None]]:
    """Compose allows `environment` as a mapping or as a list of KEY=value strings; a bare
    entry (no `=`) passes a host variable through and must be a shell name (probe/names.py)."""
    base = line_of(parent, key, default)
    if isinstance(value, dict):
        return [(str(k), v, line_of(value, k, base)) for k, v in value.items()]
    if isinstance(value, list):
        out = []
        for index, entry in enumerate(value):
            text = as_str(entry)
            if text is None:
                continue
            var, sep, raw = text.partition("=")
            at = line_of(value, index, base)
            if named(ctx, file, var.strip(), at, bare=not sep):
                out.append((var.strip(), raw if sep else None, at))
        return out
    return []
