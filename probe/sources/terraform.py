"""Terraform: .tfvars per environment and .tf under envs/<env>/ (or shared modules).

python-hcl2 8.x keeps no line numbers and returns strings with their quotes; lines are found
by searching the file for the attribute after its block's header, and quotes are stripped.
"""

from __future__ import annotations

import json
import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact, Kind
from stagegap.probe.malformed import Language, not_valid, too_many_digits
from stagegap.probe.sources import tfworkspaces
from stagegap.probe.sources.base import Context, make

_ACCOUNT = re.compile(r"arn:aws[\w-]*:[\w-]*:[\w-]*:(\d{12}):")
_SCHEDULE = re.compile(r"^(cron|rate)\((.+)\)$")
_MODULE_REF = re.compile(r"[?&]ref=([^&#]+)")
MAX_LEAVES = 20_000
# Where Terraform hands a process its environment: Lambda's environment { variables = {...} },
# App Service's app_settings. The variable is the last part of the key.
_RUNTIME_ENV = re.compile(r"(?:\.environment\.variables|\.app_settings)\.([A-Za-z_][A-Za-z0-9_]*)$")


def wants(relative: str) -> bool:
    return relative.endswith((".tf", ".tfvars", ".tfvars.json"))


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    text = file.text()
    try:
        if file.relative.endswith(".json"):
            data = json.loads(text)
        else:
            import hcl2  # 80 ms of parser generator: loaded only for a repository with HCL

            data = hcl2.loads(text)
    except json.JSONDecodeError as exc:
        ctx.warnings.add(file.relative, not_valid(Language.JSON, exc.msg), exc.lineno, exc.colno)
        return []
    except RecursionError:
        raise  # the engine names it
    except Exception as exc:  # python-hcl2 raises lark errors of many kinds
        # they quote the token they stopped at (a heredoc, a key): only the place is kept
        digits = isinstance(exc, ValueError) and too_many_digits(exc)
        language = Language.JSON if file.relative.endswith(".json") else Language.HCL
        ctx.warnings.add(
            file.relative,
            not_valid(language, "a number with too many digits" if digits else None),
            _number(getattr(exc, "line", None)),
            _number(getattr(exc, "column", None)),
        )
        return []
    if not isinstance(data, dict):
        return []
    module = tfworkspaces.module_of(file, ctx) if file.relative.endswith(".tf") else None
    if module is None:
        return _read_blocks(file, ctx, data, None, ())
    facts: list[Fact] = []
    for workspace in module.workspaces:  # one configuration per workspace
        side = ctx.envs.classify_name(workspace)
        if side in ("staging", "production"):
            seen = tfworkspaces.evaluated(module, workspace, data)
            tags = (tfworkspaces.layer_tag(workspace),)
            facts += _read_blocks(file, ctx, seen, side, tags)
    return facts


def _read_blocks(
    file: SourceFile, ctx: Context, data: dict[str, Any], env: Env | None, tags: tuple[str, ...]
) -> list[Fact]:
    facts: list[Fact] = []
    for prefix, header, body in _blocks(data):
        start = file.line_of(header) if header else 1
        for key, value in _leaves(body):
            leaf = key.rsplit(".", 1)[-1].split("[")[0]
            line = file.line_of(leaf, start or 1)
            full = f"{prefix}.{key}" if prefix else key
            facts.extend(_facts(file, ctx, full, leaf, value, line, env, tags))
    return facts


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


def _facts(
    file: SourceFile,
    ctx: Context,
    key: str,
    leaf: str,
    value: Any,
    line: int | None,
    env: Env | None = None,
    tags: tuple[str, ...] = (),
) -> list[Fact]:
    def fact(kind: Kind, key: str, value: Any, **extra: Any) -> Fact:
        return make(
            ctx, file, kind, key, value, line, source="terraform", env=env, tags=tags, **extra
        )

    out = [fact(Kind.SETTING, key, value, value_name=leaf)]
    variable = _RUNTIME_ENV.search(key)
    if variable:  # a function's or an app's environment, set by Terraform: variables like any
        out.append(fact(Kind.ENV, variable.group(1), value, scope="run"))
    if isinstance(value, str):
        for account in _ACCOUNT.findall(value):
            out.append(fact(Kind.ACCOUNT, key, account, value_name="account_id"))
        schedule = _SCHEDULE.match(value)
        if schedule and leaf in ("schedule_expression", "schedule"):
            out.append(fact(Kind.CRON, key.rsplit(".", 1)[0], value, value_name="schedule"))
        ref = _MODULE_REF.search(value) if leaf == "source" else None
        if ref:  # a module pinned by `?ref=`: a version per environment
            out.append(fact(Kind.VERSION, f"{key}.ref", ref.group(1)))
    return out


def _blocks(data: dict[str, Any]) -> list[tuple[str, str | None, Any]]:
    """(key prefix, text of the block's header line, body) for every top-level block."""
    out: list[tuple[str, str | None, Any]] = []
    plain: dict[str, Any] = {}
    for block_type, entries in data.items():
        if block_type in ("resource", "data") and isinstance(entries, list):
            for entry in entries:
                for rtype, named in _items(entry):
                    for rname, body in _items(named):
                        header = f'{block_type} "{rtype}" "{rname}"'
                        prefix = (
                            f"{rtype}.{rname}"
                            if block_type == "resource"
                            else f"data.{rtype}.{rname}"
                        )
                        out.append((prefix, header, body))
        elif block_type in ("variable", "module", "provider", "output") and isinstance(
            entries, list
        ):
            for entry in entries:
                for name, body in _items(entry):
                    header = f'{block_type} "{name}"'
                    short = {
                        "variable": "var",
                        "module": "module",
                        "provider": "provider",
                        "output": "output",
                    }[block_type]
                    out.append((f"{short}.{name}", header, body))
        elif block_type in ("locals", "terraform") and isinstance(entries, list):
            for body in entries:
                out.append(("local" if block_type == "locals" else "terraform", block_type, body))
        elif not block_type.startswith("__"):  # python-hcl2's __comments__: not configuration
            plain[block_type] = entries
    if plain:
        out.insert(0, ("", None, plain))
    return out


def _items(value: Any) -> list[tuple[str, Any]]:
    if not isinstance(value, dict):
        return []
    return [(_unquote(k), v) for k, v in value.items() if k != "__is_block__"]


def _leaves(body: Any) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [("", body)]
    while stack and len(out) < MAX_LEAVES:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, child in reversed(list(value.items())):
                if key == "__is_block__":
                    continue
                stack.append((f"{path}.{_unquote(key)}" if path else _unquote(key), child))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index in reversed(range(len(value))):
                stack.append((f"{path}[{index}]" if len(value) > 1 else path, value[index]))
        elif path:
            out.append((path, _clean(value)))
    return out


def _unquote(raw: Any) -> str:
    text = str(raw)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _unquote(value)
    if isinstance(value, list):
        cleaned = [_clean(v) for v in value]
        return (
            ",".join(str(v) for v in cleaned)
            if all(isinstance(v, str | int | float) for v in cleaned)
            else str(cleaned)
        )
    return value
