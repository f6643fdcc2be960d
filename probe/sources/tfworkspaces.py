"""Terraform workspaces: one configuration whose values depend on `terraform.workspace`.

A root module that says `local.settings[terraform.workspace]` or
`count = terraform.workspace == "production" ? 1 : 0` is a different configuration in each
workspace. Its files are read once per workspace the module names (keys of a map indexed by
`terraform.workspace`, strings compared with it), with `terraform.workspace`, the module's
locals and its variables' literal defaults evaluated for that workspace: each value becomes a fact
of the environment the workspace names, and a resource whose `count` is 0 in a workspace does not
exist there. Workspaces that name no environment the audit compares are dropped like any other
environment's files.
"""

from __future__ import annotations

import os
import re
from typing import Any

from stagegap.probe.discovery import SourceFile, UnreadableFile
from stagegap.probe.facts import Attribute
from stagegap.probe.sources.base import Context
from stagegap.probe.sources.hclexpr import Evaluator, Unresolved, merge, unquote, walk

_COMPARED = re.compile(
    r'terraform\.workspace\s*[!=]=\s*"([\w.-]+)"|"([\w.-]+)"\s*[!=]=\s*'
    r"terraform\.workspace"
)
_INDEXED = re.compile(
    r"local\.([A-Za-z_][\w-]*)\s*\[\s*terraform\.workspace\s*\]|"
    r"lookup\(\s*local\.([A-Za-z_][\w-]*)\s*,\s*terraform\.workspace"
)
_TIMES_ZERO = frozenset({0, "0"})  # False == 0 as well
MAX_FILES = 200


class Module:
    """The .tf files of one folder, parsed once per run, and the workspaces they name."""

    def __init__(self, parsed: dict[str, Any], texts: list[str]) -> None:
        self.parsed = parsed  # relative path -> python-hcl2 data
        self.raw_locals: dict[str, Any] = {}
        self.defaults: dict[str, Any] = {}
        for data in parsed.values():
            for block in data.get("locals", []) if isinstance(data, dict) else []:
                if isinstance(block, dict):
                    self.raw_locals.update({k: v for k, v in block.items() if k[:2] != "__"})
            for block in data.get("variable", []) if isinstance(data, dict) else []:
                for name, body in block.items() if isinstance(block, dict) else ():
                    if isinstance(body, dict) and "default" in body:
                        self.defaults[unquote(name)] = body["default"]
        self.workspaces = self._named(texts)

    def _named(self, texts: list[str]) -> list[str]:
        names: set[str] = set()
        for text in texts:
            for match in _COMPARED.finditer(text):
                names.add(match.group(1) or match.group(2))
            for match in _INDEXED.finditer(text):
                keyed = self.raw_locals.get(match.group(1) or match.group(2))
                if isinstance(keyed, dict):
                    names.update(unquote(k) for k in keyed if not str(k).startswith("__"))
        return sorted(names)

    def evaluator(self, workspace: str) -> Evaluator:
        cache: dict[str, Any] = {}
        busy: set[str] = set()

        def local(name: str) -> Any:
            if name in cache:
                return cache[name]
            if name not in self.raw_locals or name in busy:
                return Unresolved(f"local.{name}")
            busy.add(name)
            try:
                cache[name] = evaluator.value(self.raw_locals[name])
            finally:
                busy.discard(name)
            return cache[name]

        def lookup(root: str, steps: list[str | int]) -> Any:
            if root == "terraform" and steps == ["workspace"]:
                return workspace
            if root == "local" and steps and isinstance(steps[0], str):
                return walk(local(steps[0]), steps[1:])
            if root == "var" and steps and isinstance(steps[0], str) and steps[0] in self.defaults:
                return walk(evaluator.value(self.defaults[steps[0]]), steps[1:])
            return Unresolved(".".join([root, *map(str, steps)]))

        evaluator = Evaluator(
            {"lookup": _lookup, "merge": merge, "lower": lambda a: str(a[0]).lower()}, lookup
        )
        return evaluator


def module_of(file: SourceFile, ctx: Context) -> Module | None:
    """The module the file belongs to, when that module depends on its workspace."""
    folder = file.relative.rpartition("/")[0]
    memo = ctx.memo.setdefault("tfworkspaces", {})
    assert isinstance(memo, dict)
    if folder not in memo:
        memo[folder] = _load(file, folder)
    module = memo[folder]
    return module if isinstance(module, Module) and module.workspaces else None


def _load(file: SourceFile, folder: str) -> Module | None:
    directory = os.path.join(file.root, folder) if folder else str(file.root)
    try:
        entries = sorted(
            e.name
            for e in os.scandir(directory)
            if e.name.endswith(".tf") and e.is_file(follow_symlinks=False)
        )[:MAX_FILES]
    except OSError:
        return None
    texts: list[str] = []
    parsed: dict[str, Any] = {}
    for name in entries:
        relative = f"{folder}/{name}" if folder else name
        try:
            text = SourceFile(file.root, relative, "shared", None).text()
        except UnreadableFile:
            continue
        if "terraform.workspace" not in text and "locals" not in text and "variable" not in text:
            continue
        texts.append(text)
        try:
            import hcl2

            parsed[relative] = hcl2.loads(text)
        except Exception:  # said by the terraform source when it reads that file
            continue
    if not any("terraform.workspace" in t for t in texts):
        return None
    return Module(parsed, texts)


def evaluated(module: Module, workspace: str, data: dict[str, Any]) -> dict[str, Any]:
    """One file's blocks as the workspace sees them; resources counted 0 there left out."""
    evaluator = module.evaluator(workspace)
    out: dict[str, Any] = {}
    for block_type, entries in data.items():
        if block_type in ("resource", "data", "module") and isinstance(entries, list):
            kept = []
            for entry in entries:
                kept.append(_present(evaluator, entry, depth=1 if block_type == "module" else 2))
            out[block_type] = [k for k in kept if k]
        elif block_type == "locals":
            out[block_type] = [
                {
                    k: _plain(v)
                    for k, v in evaluator.value(block).items()
                    if not _keyed_by_workspace(module, k)
                }
                for block in entries
                if isinstance(block, dict)
            ]
        else:
            out[block_type] = entries
    return out


def layer_tag(workspace: str) -> str:
    return f"{Attribute.LAYER.value}=workspace:{workspace}"


def _present(evaluator: Evaluator, entry: Any, depth: int) -> dict[str, Any]:
    """The entry (type -> name -> body) without bodies whose `count` is 0, values evaluated."""
    if not isinstance(entry, dict):
        return {}
    out: dict[str, Any] = {}
    for name, body in entry.items():
        if str(name).startswith("__"):
            continue
        if depth > 1:
            inner = _present(evaluator, body, depth - 1)
            if inner:
                out[name] = inner
            continue
        if not isinstance(body, dict):
            continue
        if "count" in body and evaluator.value(body["count"]) in _TIMES_ZERO:
            continue
        out[name] = {
            k: _plain(evaluator.value(v))
            for k, v in body.items()
            if k != "count" and not str(k).startswith("__")
        }
    return out


def _keyed_by_workspace(module: Module, name: str) -> bool:
    value = module.raw_locals.get(name)
    return isinstance(value, dict) and set(map(unquote, value)) & set(module.workspaces) != set()


def _plain(value: Any) -> Any:
    """Evaluated values back in the shape the terraform source reads: unresolved expressions
    as `${...}` text (a reference), the rest as they are."""
    if isinstance(value, Unresolved):
        return "${" + value.text + "}"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _lookup(args: list[Any]) -> Any:
    table, key = args[0], args[1]
    if isinstance(table, dict) and key in table:
        return table[key]
    if len(args) > 2:
        return args[2]
    raise KeyError(key)
