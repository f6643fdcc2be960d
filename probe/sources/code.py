"""Application code that reads environment variables: which names a code path needs.

A variable read without a fallback is required: if an environment lacks it, that code path
fails there first. Regular expressions are enough here; the probe wants names, not semantics.
"""

from __future__ import annotations

import re

from probe.discovery import SourceFile
from probe.facts import Fact
from probe.sources import data, loadtest
from probe.sources.base import Context, env_scope, make

PY_EXT = (".py",)
JS_EXT = (".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".vue", ".svelte", ".mts", ".cts")
_NAME = r"([A-Z_][A-Z0-9_]*)"
PY_PATTERNS = [
    # os.environ["X"], environ["X"]: KeyError when missing
    (re.compile(rf"environ\[\s*['\"]{_NAME}['\"]\s*\]"), "required"),
    # os.getenv("X", default) / os.environ.get("X", default) / env("X", default=...)
    (re.compile(rf"(?:getenv|environ\.get|\benv(?:\.\w+)?)\(\s*['\"]{_NAME}['\"]\s*(,)?"), None),
]
JS_PATTERNS = [
    (re.compile(rf"process\.env\.{_NAME}\b(\s*(?:\|\||\?\?|\?(?!\.)))?"), None),
    (re.compile(rf"process\.env\[\s*['\"`]{_NAME}['\"`]\s*\](\s*(?:\|\||\?\?))?"), None),
    (re.compile(rf"import\.meta\.env\.{_NAME}\b(\s*(?:\|\||\?\?))?"), None),
]
_DESTRUCTURE = re.compile(r"const\s*\{([^}]*)\}\s*=\s*process\.env")
_SKIP = re.compile(r"(^|/)(tests?|__tests__|spec|e2e|cypress|stories)/|\.(test|spec|stories)\.")


def wants(relative: str) -> bool:
    return relative.endswith(PY_EXT + JS_EXT)


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    text = file.text()
    facts = loadtest.from_code(file, ctx, text) + data.from_code(file, ctx, text)
    if _SKIP.search(file.relative):
        return facts
    if "env" not in text:
        return facts
    patterns = PY_PATTERNS if file.relative.endswith(PY_EXT) else JS_PATTERNS
    starts = _line_starts(text)
    seen: set[tuple[str, int]] = set()
    for pattern, fixed in patterns:
        for match in pattern.finditer(text):
            name = match.group(1)
            line = _line(starts, match.start())
            if (name, line) in seen:
                continue
            seen.add((name, line))
            need = fixed or ("optional" if match.group(2) else "required")
            facts.append(_read(ctx, file, name, line, need))
    if patterns is JS_PATTERNS:
        for match in _DESTRUCTURE.finditer(text):
            line = _line(starts, match.start())
            for part in match.group(1).split(","):
                name = part.split("=")[0].split(":")[0].strip()
                if re.fullmatch(_NAME, name):
                    need = "optional" if "=" in part else "required"
                    facts.append(_read(ctx, file, name, line, need))
    return facts


def _read(ctx: Context, file: SourceFile, name: str, line: int, need: str) -> Fact:
    return make(
        ctx,
        file,
        "reads_env",
        name,
        need,
        line,
        source="code",
        env="shared",
        scope=env_scope(name, "run"),
        tags=(need,),
        value_name="need",
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
