"""Serverless Framework stages and AWS SAM environments.

`serverless.yml`: each stage named under `params` (v3) is one environment; `${param:x}` takes
the stage's value, else `default`'s; `${sls:stage}`, `${opt:stage...}` and
`${self:provider.stage}` are the stage's name. `provider.environment` and each function's
`environment` are run-time variables; `provider.memorySize` sizes every function; a `schedule`
event is a cron of each stage where it is enabled (`enabled: false` is a suspended one).

`samconfig.toml`: each top-level table (`[staging.deploy.parameters]`) is one environment;
its `parameter_overrides` are settings of that environment, and `confirm_changeset = true`
makes its deploys wait for a person."""

from __future__ import annotations

import re
import shlex
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact, Kind
from stagegap.probe.sources import platform
from stagegap.probe.sources.base import Context, as_str
from stagegap.probe.yamlload import line_of, own_line

_SERVERLESS = re.compile(r"(^|/)serverless(\.[\w-]+)?\.ya?ml$")
_SAMCONFIG = re.compile(r"(^|/)samconfig\.toml$")
_PARAM = re.compile(r"\$\{param:([\w-]+)(?:,\s*([^}]*))?\}")
_STAGE = re.compile(r"\$\{(?:sls:stage|self:provider\.stage|opt:stage[^}]*)\}")
SOURCE = "serverless"


def wants_serverless(relative: str) -> bool:
    return bool(_SERVERLESS.search(relative))


def wants_samconfig(relative: str) -> bool:
    return bool(_SAMCONFIG.search(relative))


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if not isinstance(doc, dict) or not isinstance(doc.get("provider"), dict):
        return []
    params = platform.mapping(doc.get("params"))
    default = platform.mapping(params.get("default"))
    facts: list[Fact] = []
    for stage, values in params.items():
        env = platform.side(ctx, str(stage)) if stage != "default" else None
        if env is None:
            continue
        merged = {**default, **(values if isinstance(values, dict) else {})}
        facts += _stage(file, ctx, doc, str(stage), merged, env)
    return facts


def _stage(
    file: SourceFile,
    ctx: Context,
    doc: dict[Any, Any],
    stage: str,
    params: dict[Any, Any],
    env: Env,
) -> list[Fact]:
    def resolve(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        whole = _PARAM.fullmatch(value.strip())
        if whole and whole.group(1) in params:
            return params[whole.group(1)]
        text = _STAGE.sub(stage, value)
        return _PARAM.sub(lambda m: str(params.get(m.group(1), m.group(2) or m.group(0))), text)

    provider = doc["provider"]
    facts: list[Fact] = []
    blocks = [(provider.get("environment"), provider)]
    functions = platform.mapping(doc.get("functions"))
    blocks += [(f.get("environment"), f) for f in functions.values() if isinstance(f, dict)]
    for block, _owner in blocks:
        for name, value in (block if isinstance(block, dict) else {}).items():
            resolved = resolve(value)
            reference = isinstance(resolved, str) and "${" in resolved
            facts += platform.variable(
                ctx,
                file,
                SOURCE,
                name,
                resolved,
                line_of(block, name),
                env,
                "run",
                reference=reference,
            )
    memory = resolve(provider.get("memorySize"))
    if memory is not None:
        facts.append(
            platform.fact(
                ctx,
                file,
                SOURCE,
                Kind.SETTING,
                "functions.resources.limits.memory",
                as_str(memory),
                line_of(provider, "memorySize"),
                env,
                value_name="memory",
            )
        )
    for name, function in functions.items():
        if not isinstance(function, dict):
            continue
        for event in function.get("events") or []:
            schedule = event.get("schedule") if isinstance(event, dict) else None
            rate = schedule.get("rate") if isinstance(schedule, dict) else schedule
            if not rate:
                continue
            enabled = resolve(schedule.get("enabled", True)) if isinstance(schedule, dict) else True
            off = enabled is False or str(enabled).lower() == "false"
            rates = rate if isinstance(rate, list) else [rate]
            facts.append(
                platform.cron(
                    ctx,
                    file,
                    SOURCE,
                    str(name),
                    rates[0],
                    own_line(event),
                    env,
                    tags=("suspended",) if off else (),
                )
            )
    return facts


def read_samconfig(file: SourceFile, ctx: Context) -> list[Fact]:
    doc = platform.load_toml(file, ctx)
    if doc is None:
        return []
    facts: list[Fact] = []
    for name, table in doc.items():
        env = platform.side(ctx, str(name))
        deploy = table.get("deploy") if isinstance(table, dict) else None
        parameters = deploy.get("parameters") if isinstance(deploy, dict) else None
        if env is None or not isinstance(parameters, dict):
            continue
        start = file.line_of(f"[{name}.deploy.parameters]") or 1
        overrides = parameters.get("parameter_overrides")
        pairs = _overrides(overrides)
        line = file.line_of("parameter_overrides", start)
        for key, value in pairs.items():
            facts.append(platform.fact(ctx, file, "sam", Kind.SETTING, key, value, line, env))
        facts += platform.keyed(ctx, file, "sam", pairs, env, "functions", _fixed(line))
        confirm = parameters.get("confirm_changeset") is True
        facts.append(
            platform.deploy(
                ctx,
                file,
                "sam",
                f"sam deploy --config-env {name}",
                env,
                file.line_of("confirm_changeset", start),
                ("approval",) if confirm else (),
            )
        )
    return facts


def _overrides(raw: Any) -> dict[str, str]:
    """`"A=1 B='two words'"` or `["A=1", "B=2"]` as a mapping."""
    items: list[str] = []
    if isinstance(raw, str):
        try:
            items = shlex.split(raw)
        except ValueError:
            items = raw.split()
    elif isinstance(raw, list):
        items = [str(x) for x in raw]
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if sep and re.match(r"^[A-Za-z][A-Za-z0-9]*$", key):
            pairs[key] = value
    return pairs


def _fixed(line: int | None) -> platform.LineOf:
    """Every parameter_overrides key is on the one line of that string."""
    return lambda _leaf: line
