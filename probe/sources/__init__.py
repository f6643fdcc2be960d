"""The sources, and which of them reads a given file (one file may feed several)."""

from __future__ import annotations

from collections.abc import Callable

from probe.discovery import SourceFile
from probe.facts import Fact
from probe.sources import (
    code,
    data,
    dockerfile,
    dotenv,
    loadtest,
    settings,
    terraform,
    tooling,
    yamlfiles,
)
from probe.sources.base import Context

Reader = Callable[[SourceFile, Context], list[Fact]]

READERS: list[tuple[Callable[[str], bool], Reader]] = [
    (dotenv.wants, dotenv.read),
    (dockerfile.wants, dockerfile.read),
    (yamlfiles.wants, yamlfiles.read),
    (terraform.wants, terraform.read),
    (settings.wants_json, settings.read_json),
    (code.wants, code.read),
    (loadtest.wants, loadtest.read),
    (data.wants, data.read),
    (tooling.wants, tooling.read),
]


def readers_for(relative: str) -> list[Reader]:
    return [read for wants, read in READERS if wants(relative)]


def wanted(relative: str) -> bool:
    return any(wants(relative) for wants, _ in READERS)
