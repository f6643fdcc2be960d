"""Application code that reads environment variables: which names a code path needs.

A variable read without a fallback is required: if an environment lacks it, that code path
fails there first. Regular expressions are enough here; the probe wants names, not semantics.
"""

from __future__ import annotations

import re

from probe.discovery import SourceFile
from probe.facts import Fact, Where
from probe.secrets import Observed
from probe.sources import data, loadtest
from probe.sources.base import Context

PY_EXT = (".py",)
JS_EXT = (".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".vue", ".svelte", ".mts", ".cts")
_NAME = r"([A-Z_][A-Z0-9_]*)"
# One pass per language. Python: environ["X"] (required: KeyError when missing), or
# getenv/environ.get/env(...) whose second argument, when present, is a fallback.
PY_READ = re.compile(
    rf"environ\[\s*['\"]{_NAME}['\"]\s*\]"
    rf"|(?:getenv|environ\.get|\benv(?:\.\w+)?)\(\s*['\"]{_NAME}['\"]\s*(,)?"
)
# JavaScript: process.env.X, process.env["X"], import.meta.env.X; `||`, `??` or `?` after the
# read is a fallback.
JS_READ = re.compile(
    rf"(?:process\.env\.{_NAME}\b|process\.env\[\s*['\"`]{_NAME}['\"`]\s*\]"
    rf"|import\.meta\.env\.{_NAME}\b)(\s*(?:\|\||\?\?|\?(?![.?])))?"
)
_DESTRUCTURE = re.compile(r"const\s*\{([^}]*)\}\s*=\s*process\.env")
NEEDS = {"required": Observed(shown="required"), "optional": Observed(shown="optional")}
_SKIP = re.compile(r"(^|/)(tests?|__tests__|spec|e2e|cypress|stories)/|\.(test|spec|stories)\.")


def wants(relative: str) -> bool:
    return relative.endswith(PY_EXT + JS_EXT)


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    text = file.text()
    facts = loadtest.from_code(file, ctx, text) + data.from_code(file, ctx, text)
    if _SKIP.search(file.relative):
        return facts
    if (
        "environ" not in text
        and "getenv" not in text
        and ".env" not in text
        and ("env(" not in text)
    ):
        return facts
    python = file.relative.endswith(PY_EXT)
    pattern = PY_READ if python else JS_READ
    starts: list[int] | None = None
    seen: set[tuple[str, int]] = set()
    for match in pattern.finditer(text):
        if python:
            name = match.group(1) or match.group(2)
            need = "required" if match.group(1) or not match.group(3) else "optional"
        else:
            name = match.group(1) or match.group(2) or match.group(3)
            need = "optional" if match.group(4) else "required"
        starts = starts or _line_starts(text)
        line = _line(starts, match.start())
        if (name, line) not in seen:
            seen.add((name, line))
            facts.append(_read(ctx, file, name, line, need))
    if not python and "} = process.env" in text.replace("}=", "} ="):
        for match in _DESTRUCTURE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            for part in match.group(1).split(","):
                name = part.split("=")[0].split(":")[0].strip()
                if re.fullmatch(_NAME, name):
                    need = "optional" if "=" in part else "required"
                    facts.append(_read(ctx, file, name, line, need))
    return facts


def _read(ctx: Context, file: SourceFile, name: str, line: int, need: str) -> Fact:
    return Fact(
        kind="reads_env",
        key=name,
        value=NEEDS[need],
        env="shared",
        where=Where(file.relative, line, f"{name} ({need})"),
        source="code",
        service=file.service,
        scope="run",
        tags=(need,),
    )


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _line(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts)
    while low < high:
        mid = (low + high) // 2
        if starts[mid] <= offset:
            low = mid + 1
        else:
            high = mid
    return low
