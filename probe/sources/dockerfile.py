"""Dockerfiles: ARG is build time, ENV is baked into the image and seen at run time.

dockerfile-parse's `args`/`envs` describe one stage only; walking `structure` sees every stage
of a multi-stage build, which is where build-time variables usually hide.
"""

from __future__ import annotations

import io
import re
import shlex

from dockerfile_parse import DockerfileParser

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.sources.base import Context, env_scope, make, named

_NAME = re.compile(r"(^|/)(Dockerfile|Containerfile)([.-][\w.-]+)?$|\.[Dd]ockerfile$")


def wants(relative: str) -> bool:
    return ("ockerfile" in relative or "Containerfile" in relative) and bool(_NAME.search(relative))


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    parser = DockerfileParser(fileobj=io.BytesIO(file.text().encode("utf-8")))
    facts: list[Fact] = []
    for instruction in parser.structure:
        kind = instruction["instruction"]
        if kind not in ("ARG", "ENV", "FROM"):
            continue
        line = int(instruction["startline"]) + 1
        value = str(instruction["value"])
        if kind == "FROM":
            image = value.split()[0] if value.split() else ""
            facts.append(make(ctx, file, "image", "FROM", image, line, source="dockerfile"))
            continue
        for name, raw in _pairs(value, kind):
            if not named(ctx, file, name, line, bare=raw is None):  # `ARG NAME` is a shell name
                continue
            scope = "build" if kind == "ARG" else env_scope(name, "run")
            facts.append(
                make(
                    ctx,
                    file,
                    "env",
                    name,
                    raw,
                    line,
                    source="dockerfile",
                    scope=scope,
                    tags=("dockerfile-" + kind.lower(),),
                )
            )
    return facts


def _pairs(value: str, kind: str) -> list[tuple[str, str | None]]:
    """`ENV A=1 B=2`, legacy `ENV A 1`, `ARG A` and `ARG A=default`."""
    try:
        words = shlex.split(value, posix=True)
    except ValueError:
        words = value.split()
    if not words:
        return []
    if kind == "ENV" and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]) or None)]
    pairs: list[tuple[str, str | None]] = []
    for word in words:
        name, sep, raw = word.partition("=")
        pairs.append((name, raw if sep else None))
    return pairs
