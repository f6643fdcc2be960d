"""Extensionless files that hold one value, one folder per environment (`versions/staging/api`
holding `2.41.0`): the version of a component in that environment. Which folders hold them and
what a value looks like are data (probe/value_files.yaml); a file holding anything else is
left alone, and its text never echoed."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact, Kind
from stagegap.probe.sources.base import Context, make

MAX_BYTES = 256


@cache
def _spec() -> tuple[frozenset[str], re.Pattern[str]]:
    text = resources.files("stagegap.probe").joinpath("value_files.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return frozenset(str(f) for f in data["folders"]), re.compile(data["value"])


def wants(relative: str) -> bool:
    parts = relative.split("/")
    if len(parts) < 3 or "." in parts[-1]:
        return False
    return parts[-3].lower() in _spec()[0]


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    if file.env == "shared" or file.size > MAX_BYTES:
        return []  # a folder that names no environment is not one of these
    lines = [line.strip() for line in file.text().splitlines() if line.strip()]
    if len(lines) != 1 or not _spec()[1].match(lines[0]):
        return []
    component = file.name
    return [
        make(
            ctx,
            file,
            Kind.VERSION,
            component,
            lines[0],
            1,
            source="value-file",
            service=component,
            value_name="version",
        )
    ]
