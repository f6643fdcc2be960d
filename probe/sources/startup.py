"""What a container does on every start: the steps (probe/startup.yaml) its start command, or
the script its image's ENTRYPOINT runs, contains. Compose reads it per service, so a development
setup that flushes and reseeds its database at start is seen beside a production one that
does not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from stagegap.probe.discovery import SourceFile, UnreadableFile

# A script a command names: split into words first and match each whole, so a long word (a
# hostile 5,000-digit argument) costs one pass, not a backtracking search from every position.
_WORD_BREAK = re.compile(r"[^\w./-]+")
_SCRIPT_NAME = re.compile(r"[\w./-]*[\w-]\.(?:sh|bash)")
_ENTRYPOINT = re.compile(r"^\s*(ENTRYPOINT|CMD)\s+(.+)$", re.M | re.I)
MAX_SCRIPTS = 4


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    data_job: str | None
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Seen:
    step: Step
    path: str  # the file that says it (the compose file or the script)
    line: int


@cache
def steps() -> tuple[Step, ...]:
    text = resources.files("stagegap.probe").joinpath("startup.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return tuple(
        Step(str(s["id"]), s.get("data_job"), re.compile(s["pattern"], re.I)) for s in data["steps"]
    )


def on_start(file: SourceFile, spec: dict[str, Any]) -> list[Seen]:
    """The steps a compose service runs at start, from its command and entrypoint, the scripts
    they name, and else the ENTRYPOINT/CMD of the Dockerfile its build uses."""
    commands = [_text(spec.get(key)) for key in ("entrypoint", "command")]
    found = [
        Seen(step, file.relative, 0)
        for step in steps()
        for c in commands
        if c and step.pattern.search(c)
    ]
    context, dockerfile = _build(file, spec.get("build"))
    scripts = [s for c in commands if c for s in _scripts_in(c)]
    if context is not None and not any(commands[:1]) and dockerfile is not None:
        text = _read(file, dockerfile)
        for match in _ENTRYPOINT.finditer(text or ""):
            scripts += _scripts_in(match.group(2))
    for script in scripts[:MAX_SCRIPTS]:
        path = _locate(file, context, script)
        text = _read(file, path) if path else None
        if text is None or path is None:
            continue
        for step in steps():
            said = step.pattern.search(text)
            if said:
                found.append(Seen(step, path, text.count("\n", 0, said.start()) + 1))
    unique: dict[str, Seen] = {}
    for seen in found:
        unique.setdefault(seen.step.id, seen)
    return list(unique.values())


def _scripts_in(command: str) -> list[str]:
    return [
        word
        for word in _WORD_BREAK.split(command)
        if word.endswith((".sh", ".bash")) and _SCRIPT_NAME.fullmatch(word)
    ]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(map(str, value))
    return str(value) if isinstance(value, str) else ""


def _build(file: SourceFile, build: Any) -> tuple[str | None, str | None]:
    """(context folder, Dockerfile path), relative to the repository."""
    folder = file.relative.rpartition("/")[0]
    if isinstance(build, str):
        context, dockerfile = build, "Dockerfile"
    elif isinstance(build, dict) and isinstance(build.get("context", "."), str):
        context = build.get("context", ".")
        dockerfile = str(build.get("dockerfile", "Dockerfile"))
    else:
        return None, None
    if "://" in context or context.startswith(("/", "git@")):
        return None, None
    base = _join(folder, context)
    return base, _join(base or "", dockerfile) if base is not None else None


def _join(folder: str, relative: str) -> str | None:
    parts: list[str] = [p for p in folder.split("/") if p]
    for part in relative.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None  # outside the repository
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def _locate(file: SourceFile, context: str | None, script: str) -> str | None:
    """The script in the build context: by its path there, else by its name at the top."""
    name = script.rsplit("/", 1)[-1]
    candidates = [_join(context or "", script.lstrip("./")) if not script.startswith("/") else None]
    candidates.append(_join(context or "", name))
    for candidate in candidates:
        if candidate and _exists(file, candidate):
            return candidate
    return None


def _exists(file: SourceFile, relative: str) -> bool:
    path = file.root / relative
    return path.is_file() and not path.is_symlink()


def _read(file: SourceFile, relative: str) -> str | None:
    if not _exists(file, relative):
        return None
    try:
        return SourceFile(file.root, relative, "shared", None).text()
    except UnreadableFile:
        return None
