"""Terragrunt units: each unit's effective inputs, with terragrunt's own layering.

A unit (`non-prod/us-east-1/staging/rds/terragrunt.hcl`) includes a root configuration
(`find_in_parent_folders()`) and often an `_envcommon/` layer; terragrunt merges the included
files' `inputs` in the order of the `include` blocks and the unit's own `inputs` last (shallow,
or deep with `merge_strategy = "deep"`). Locals read other files with
`read_terragrunt_config(find_in_parent_folders("account.hcl"))`, which is how account ids and
regions reach the inputs. The unit's `terraform { source = "...?ref=v1.9.0" }` pins a module
version per environment.

Only units give facts (a root or `_envcommon` file alone configures nothing); every value is a
fact of the unit's environment, with the file that set it as evidence and the layer that set it
as an attribute. What the files alone do not decide (`dependency.vpc.outputs.vpc_id`) is kept as
a reference to that expression, never guessed.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from typing import Any

from stagegap.probe.discovery import SourceFile, UnreadableFile
from stagegap.probe.facts import Attribute, Env, Fact, Kind
from stagegap.probe.sources.base import OTHER_ENV, Context, deep_merge, make
from stagegap.probe.sources.hclexpr import Evaluator, Unresolved, merge, unquote, walk

UNIT = "terragrunt.hcl"
_REF = re.compile(r"[?&]ref=([^&#]+)")
MAX_INCLUDES = 8
MAX_LEAVES = 2_000


def wants(relative: str) -> bool:
    return relative == UNIT or relative.endswith("/" + UNIT)


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    loader = _Loader(file, ctx)
    data = loader.parse("/" + file.relative, report=True)
    if not isinstance(data, dict) or not ({"include", "terraform"} & data.keys()):
        return []  # a root configuration: it reaches the facts through the units that include it
    unit = Config(loader, "/" + file.relative, _dir(file.relative), data)
    unit_name = _unit_name(file, ctx)
    env, tags = _side(file)
    where = (env, tags, unit_name)
    layers: list[tuple[str, str, dict[str, Any]]] = []  # (layer, path, inputs)
    for name, included in unit.includes():
        inputs = included.inputs()
        if isinstance(inputs, dict):
            layers.append((name, included.path, inputs))
    own = unit.inputs()
    strategy = unit.include_strategies()
    deep = "deep" in strategy
    merged: dict[str, tuple[Any, str, str]] = {}
    for layer, path, inputs in [*layers, ("unit", unit.path, own if isinstance(own, dict) else {})]:
        for key, value in inputs.items():
            if deep and isinstance(value, dict) and key in merged:
                previous = merged[key][0]
                if isinstance(previous, dict):
                    value = deep_merge(previous, value)
            merged[key] = (value, layer, path)
    facts: list[Fact] = []
    files: dict[str, SourceFile] = {}
    for key, (value, layer, path) in merged.items():
        layer_file = files.setdefault(path, _sibling(file, path))
        for dotted, leaf in _flatten(f"inputs.{key}", value):
            facts.append(_fact(ctx, layer_file, Kind.SETTING, dotted, leaf, *where, layer))
    source = unit.terraform_source()
    module = unit_name
    if source is not None:
        facts.append(_fact(ctx, file, Kind.SETTING, "terraform.source", source, *where, "unit"))
        if isinstance(source, str):
            ref = _REF.search(source)
            if ref:
                facts.append(
                    _fact(
                        ctx,
                        file,
                        Kind.VERSION,
                        "terraform.source.ref",
                        ref.group(1),
                        *where,
                        "unit",
                    )
                )
            module = _REF.sub("", source).split("?", 1)[0]
    # the unit itself: a unit that exists in one environment only is a structural difference
    facts.append(
        _fact(
            ctx,
            file,
            Kind.RESOURCE,
            f"terragrunt/{unit_name}",
            module,
            *where,
            "unit",
            needle="terraform",
        )
    )
    return facts


class _Loader:
    """Reads and parses the files a unit reaches, once each, inside the repository only."""

    def __init__(self, file: SourceFile, ctx: Context) -> None:
        self.file = file
        self.ctx = ctx
        self.root = os.path.realpath(file.root)
        cache = ctx.memo.setdefault("terragrunt.parsed", {})
        assert isinstance(cache, dict)
        self.cache: dict[str, Any] = cache

    def exists(self, path: str) -> bool:
        full = os.path.join(self.root, path.lstrip("/"))
        return os.path.isfile(full) and self._inside(full)

    def _inside(self, full: str) -> bool:
        real = os.path.realpath(full)
        return real == self.root or real.startswith(self.root + os.sep)

    def parse(self, path: str, *, report: bool = False) -> Any:
        """A file's parsed HCL, None when it is missing, outside the repository or invalid
        (said once, with file and line, never with the text)."""
        if path in self.cache:
            return self.cache[path]
        relative = path.lstrip("/")
        data: Any = None
        if self.exists(path):
            source = SourceFile(self.file.root, relative, "shared", None)
            try:
                import hcl2  # loaded only for a repository with HCL

                data = hcl2.loads(source.text())
            except UnreadableFile as exc:
                self.ctx.warnings.add(relative, str(exc))
            except Exception as exc:  # python-hcl2 raises lark errors of many kinds
                if report or relative != self.file.relative:
                    line = getattr(exc, "line", None)
                    self.ctx.warnings.add(relative, "not valid HCL", line)
        self.cache[path] = data
        return data


class Config:
    """One parsed terragrunt file evaluated in a unit's context: its locals (lazily, in any
    order), the files it includes and the `inputs` it sets."""

    def __init__(
        self, loader: _Loader, path: str, context_dir: str, data: Any, depth: int = 0
    ) -> None:
        self.loader = loader
        self.path = path
        self.context_dir = context_dir  # where find_in_parent_folders starts
        self.data = data if isinstance(data, dict) else {}
        self.depth = depth
        self._locals: dict[str, Any] = {}
        self._busy: set[str] = set()
        self._includes: list[tuple[str, Config]] | None = None
        self.evaluator = Evaluator(
            {
                "find_in_parent_folders": self._find,
                "read_terragrunt_config": self._read_config,
                "dirname": lambda a: posixpath.dirname(str(a[0])) or "/",
                "basename": lambda a: posixpath.basename(str(a[0])),
                "get_terragrunt_dir": lambda a: self.context_dir,
                "get_parent_terragrunt_dir": lambda a: posixpath.dirname(self.path),
                "merge": merge,
                "lower": lambda a: str(a[0]).lower(),
                "upper": lambda a: str(a[0]).upper(),
                "format": lambda a: str(a[0]).replace("%s", "{}").format(*a[1:]),
            },
            self._lookup,
        )

    # the raw blocks
    def _blocks(self, name: str) -> list[Any]:
        found = self.data.get(name)
        return found if isinstance(found, list) else []

    def raw_locals(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for block in self._blocks("locals"):
            if isinstance(block, dict):
                out.update({k: v for k, v in block.items() if not k.startswith("__")})
        return out

    def local(self, name: str) -> Any:
        if name in self._locals:
            return self._locals[name]
        raw = self.raw_locals()
        if name not in raw or name in self._busy:
            return Unresolved(f"local.{name}")
        self._busy.add(name)
        try:
            value = self.evaluator.value(raw[name])
        finally:
            self._busy.discard(name)
        self._locals[name] = value
        return value

    def all_locals(self) -> dict[str, Any]:
        return {name: self.local(name) for name in self.raw_locals()}

    def inputs(self) -> Any:
        raw = self.data.get("inputs")
        return None if raw is None else self.evaluator.value(raw)

    def terraform_source(self) -> Any:
        for block in self._blocks("terraform"):
            if isinstance(block, dict) and "source" in block:
                value = self.evaluator.value(block["source"])
                return value.text if isinstance(value, Unresolved) else value
        return None

    def include_strategies(self) -> set[str]:
        out: set[str] = set()
        for _, body in self._include_blocks():
            strategy = body.get("merge_strategy")
            if strategy is not None:
                out.add(unquote(strategy))
        return out

    def _include_blocks(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for block in self._blocks("include"):
            if not isinstance(block, dict):
                continue
            if "path" in block:  # an unnamed include (terragrunt < 0.32)
                yield "root", block
                continue
            for name, body in block.items():
                if isinstance(body, dict) and not name.startswith("__"):
                    yield unquote(name), body

    def includes(self) -> list[tuple[str, Config]]:
        if self._includes is not None:
            return self._includes
        self._includes = []
        if self.depth >= MAX_INCLUDES:
            return self._includes
        for name, body in self._include_blocks():
            target = self.evaluator.value(body.get("path"))
            if not isinstance(target, str):
                continue
            path = self._absolute(target)
            data = self.loader.parse(path)
            if data is not None:
                # an included file is evaluated in the including unit's folder
                config = Config(self.loader, path, self.context_dir, data, self.depth + 1)
                self._includes.append((name, config))
        return self._includes

    def _absolute(self, target: str) -> str:
        joined = target if target.startswith("/") else posixpath.join(self.context_dir, target)
        return "/" + posixpath.normpath(re.sub(r"/+", "/", joined)).lstrip("/")

    # functions and variables
    def _find(self, args: list[Any]) -> str:
        name = str(args[0]) if args else UNIT
        folder = self.context_dir
        while folder not in ("", "/"):
            folder = posixpath.dirname(folder) or "/"
            candidate = posixpath.join(folder, name)
            if self.loader.exists(candidate):
                return candidate
        raise ValueError(name)

    def _read_config(self, args: list[Any]) -> dict[str, Any]:
        if self.depth >= MAX_INCLUDES:
            raise ValueError("too deep")
        path = self._absolute(str(args[0]))
        data = self.loader.parse(path)
        if data is None:
            raise ValueError(path)
        config = Config(self.loader, path, posixpath.dirname(path), data, self.depth + 1)
        inputs = config.inputs()
        return {"locals": config.all_locals(), "inputs": inputs if inputs is not None else {}}

    def _lookup(self, root: str, steps: list[str | int]) -> Any:
        if root == "local" and steps and isinstance(steps[0], str):
            return walk(self.local(steps[0]), steps[1:])
        if root == "include" and steps and isinstance(steps[0], str):
            for name, config in self.includes():
                if name == steps[0]:
                    exposed = {"locals": config.all_locals(), "inputs": config.inputs() or {}}
                    return walk(exposed, steps[1:])
        return Unresolved(".".join([root, *map(str, steps)]))


def _flatten(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    """Every leaf as a full dotted key path (lists of scalars stay one value)."""
    stack = [(prefix, value)]
    count = 0
    while stack and count < MAX_LEAVES:
        path, current = stack.pop()
        if isinstance(current, dict) and current:
            for key in reversed(list(current)):
                stack.append((f"{path}.{key}", current[key]))
        elif isinstance(current, list) and any(isinstance(v, dict | list) for v in current):
            for index in reversed(range(len(current))):
                stack.append((f"{path}[{index}]", current[index]))
        else:
            count += 1
            yield path, current


def _fact(
    ctx: Context,
    file: SourceFile,
    kind: Kind,
    key: str,
    value: Any,
    env: Env,
    tags: tuple[str, ...],
    unit: str,
    layer: str,
    needle: str | None = None,
) -> Fact:
    leaf = key.rsplit(".", 1)[-1].split("[", 1)[0]
    line = file.line_of(needle or leaf) if _readable(file) else None
    tags = (*tags, f"{Attribute.LAYER.value}={layer}")
    if isinstance(value, Unresolved):
        return make(
            ctx,
            file,
            kind,
            key,
            value.text,
            line,
            source="terragrunt",
            env=env,
            tags=tags,
            service=unit,
            reference=True,
        )
    if isinstance(value, list):
        value = ",".join(str(v.text if isinstance(v, Unresolved) else v) for v in value)
    return make(
        ctx,
        file,
        kind,
        key,
        value,
        line,
        source="terragrunt",
        env=env,
        tags=tags,
        service=unit,
        value_name=leaf,
    )


def _readable(file: SourceFile) -> bool:
    try:
        file.text()
    except UnreadableFile:
        return False
    return True


def _sibling(unit: SourceFile, path: str) -> SourceFile:
    """The file that set a value, as evidence: placed like the unit it configures."""
    return SourceFile(unit.root, path.lstrip("/"), unit.env, unit.service)


def _side(file: SourceFile) -> tuple[Env, tuple[str, ...]]:
    if file.env == "other":
        return "shared", (OTHER_ENV,)
    return file.env, ()


def _dir(relative: str) -> str:
    return "/" + relative.rpartition("/")[0]


def _unit_name(file: SourceFile, ctx: Context) -> str:
    """The unit's folders below the last one that names an environment (`staging/rds` -> rds,
    `prod/data-stores/rds` -> data-stores/rds); its own folder when none does."""
    parts = file.relative.split("/")[:-1]
    if not parts:
        return "root"
    for index in range(len(parts) - 1, -1, -1):
        if ctx.envs.classify_name(parts[index]) is not None:
            tail = parts[index + 1 :]
            if tail:
                return "/".join(tail)
            break
    return parts[-1]
