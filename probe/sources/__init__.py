"""The sources, and which of them reads a given file (one file may feed several)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

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


@lru_cache(maxsize=131072)
def readers_for(relative: str) -> tuple[Reader, ...]:
    return tuple(read for wants, read in READERS if wants(relative))


# Extensions some source reads; anything else is only wanted for its name (.env, Dockerfile).
EXTENSIONS = frozenset(
    {
        "yaml",
        "yml",
        "json",
        "tf",
        "tfvars",
        "py",
        "js",
        "mjs",
        "cjs",
        "ts",
        "tsx",
        "jsx",
        "mts",
        "cts",
        "vue",
        "svelte",
        "sql",
        "rb",
        "sh",
        "csv",
        "php",
        "go",
        "ex",
        "exs",
        "jmx",
        "scala",
        "kt",
        "java",
        "txt",
        "http",
        "toml",
        "lock",
        "mod",
        "xml",
        "gradle",
        "kts",
        "hcl",
        "env",
        "Pipfile",
        "Gemfile",
    }
)


def wanted(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1] if "." in name else name
    if (
        ext not in EXTENSIONS
        and not name.startswith((".env", "Dockerfile", "Containerfile"))
        and "ockerfile" not in name
        and not name.endswith(".env")
    ):
        return False
    return bool(readers_for(relative))
