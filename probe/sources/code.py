"""Application code that reads environment variables (Python, JavaScript and TypeScript, Ruby):
which names a code path needs.

A variable read without a fallback is required: if an environment lacks it, that code path
fails there first. Regular expressions are enough here; the probe wants names, not semantics.
"""

from __future__ import annotations

import re

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact, Where
from stagegap.probe.secrets import Observed
from stagegap.probe.sources import data, loadtest
from stagegap.probe.sources.base import Context

PY_EXT = (".py",)
JS_EXT = (".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".vue", ".svelte", ".mts", ".cts")
_NAME = r"([A-Z_][A-Z0-9_]*)"
# Each pattern starts with a literal so the regex engine can skip ahead with a fast substring
# search; the tuple says which group holds the name and which one marks a fallback.
# Python: environ["X"] raises when missing; getenv/environ.get/env(...) with a second
# argument has a fallback. JavaScript: `||`, `??` or `?` right after the read is a fallback.
PY_READS: list[tuple[re.Pattern[str], int, int | None]] = [
    (re.compile(rf"environ\[\s*['\"]{_NAME}['\"]\s*\]"), 1, None),
    (re.compile(rf"environ\.get\(\s*['\"]{_NAME}['\"]\s*(,)?"), 1, 2),
    (re.compile(rf"getenv\(\s*['\"]{_NAME}['\"]\s*(,)?"), 1, 2),
    (re.compile(rf"env(?:\.\w+)?\(\s*['\"]{_NAME}['\"]\s*(,)?"), 1, 2),
]
_FALLBACK = r"(\s*(?:\|\||\?\?|\?(?![.?])))?"
JS_READS: list[tuple[re.Pattern[str], int, int | None]] = [
    (re.compile(rf"process\.env(?:\.{_NAME}\b|\[\s*['\"`]{_NAME}['\"`]\s*\]){_FALLBACK}"), 0, 3),
    (re.compile(rf"import\.meta\.env\.{_NAME}\b{_FALLBACK}"), 1, 2),
]
RB_EXT = (".rb",)
# Ruby: ENV.fetch("X") raises when missing unless given a default or a block: Ruby's way to
# say "required". ENV["X"] is nil then, which Ruby code tests (`if ENV["X"]`, `.present?`,
# `.to_i`) far more often than not: optional (its group 1, "ENV", always marks the fallback).
RB_READS: list[tuple[re.Pattern[str], int, int | None]] = [
    (re.compile(rf"ENV\.fetch(?:\(|\s+)\s*['\"]{_NAME}['\"]\s*(,|\)?\s*(?:\{{|do\b))?"), 1, 2),
    (re.compile(rf"(ENV)\[\s*['\"]{_NAME}['\"]\s*\]"), 2, 1),
]
# Set by Vite itself in every build, never by the environment's configuration.
VITE_BUILTINS = frozenset({"DEV", "PROD", "MODE", "BASE_URL", "SSR"})
_DESTRUCTURE = re.compile(r"const\s*\{([^}]*)\}\s*=\s*process\.env")
NEEDS = {"required": Observed(shown="required"), "optional": Observed(shown="optional")}
_SKIP = re.compile(r"(^|/)(tests?|__tests__|spec|e2e|cypress|stories)/|\.(test|spec|stories)\.")


def wants(relative: str) -> bool:
    return relative.endswith(PY_EXT + JS_EXT + RB_EXT)


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    text = file.text()
    if (  # most code mentions none of what any of the three readers below looks for
        "env" not in text
        and "k6" not in text
        and "locust" not in text
        and "gatling" not in text
        and "aker" not in text
        and "actory" not in text
        and not (file.relative.endswith(RB_EXT) and "ENV" in text)
    ):
        return []
    python = file.relative.endswith(PY_EXT)
    ruby = not python and file.relative.endswith(RB_EXT)
    facts = loadtest.from_code(file, ctx, text) + data.from_code(file, ctx, text)
    if _SKIP.search(file.relative):
        return facts
    if ruby:
        if "ENV" not in text:
            return facts
        reads = RB_READS
    elif (
        "environ" not in text
        and "getenv" not in text
        and ".env" not in text
        and ("env(" not in text)
    ):
        return facts
    else:
        reads = PY_READS if python else JS_READS
    found: list[tuple[int, str, str]] = []
    for pattern, name_group, fallback_group in reads:
        for match in pattern.finditer(text):
            name = match.group(name_group) if name_group else (match.group(1) or match.group(2))
            if pattern is JS_READS[1][0] and name in VITE_BUILTINS:
                continue
            if (
                python
                and pattern is PY_READS[3][0]
                and match.start()
                and (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_")
            ):
                continue  # getenv( and environ.get( are matched above; this is env(...)
            fallback = fallback_group is not None and match.group(fallback_group)
            if not python and not ruby and not fallback:
                fallback = _handles_missing(text, match.start(), match.end())
            found.append((match.start(), name, "optional" if fallback else "required"))
    found.sort()
    seen: set[tuple[str, int]] = set()
    line, position = 1, 0
    for start, name, need in found:
        line += text.count("\n", position, start)
        position = start
        if (name, line) not in seen:
            seen.add((name, line))
            facts.append(_read(ctx, file, name, line, need))
    if not python and not ruby and "} = process.env" in text.replace("}=", "} ="):
        for match in _DESTRUCTURE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            for part in match.group(1).split(","):
                name = part.split("=")[0].split(":")[0].strip()
                if re.fullmatch(_NAME, name):
                    need = "optional" if "=" in part else "required"
                    facts.append(_read(ctx, file, name, line, need))
    return facts


_CALLED = re.compile(
    r"(?:\b(?:if|while|Boolean|Number|parseInt|parseFloat|\w*[Bb]ool\w*|is[A-Z]\w*|"
    r"\w*[Ff]lag\w*|\w*[Ee]nabled\w*)\s*\(|!)\s*$"
)
_COMPARED = re.compile(r"\s*(?:[=!]==?|\)\s*(?:\|\||\?\?))")


def _handles_missing(text: str, start: int, end: int) -> bool:
    """JavaScript reads an unset variable as `undefined` without failing; a read tested as a
    condition (`parseBool(process.env.X)`, `if (process.env.X)`, `!process.env.X`,
    `process.env.X === 'true'`) copes with that, so it is not a required read."""
    before = text[max(0, start - 40) : start]
    # _CALLED ends in `(` or `!` and blanks: anything else cannot match (a cheap test first,
    # since the pattern is searched from every position of `before`)
    called = before.rstrip()[-1:] in ("(", "!") and _CALLED.search(before) is not None
    return called or bool(_COMPARED.match(text, end))


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
