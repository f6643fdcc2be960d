"""Load tests (k6, Locust, Artillery, JMeter, Gatling, Vegeta) and the environment they aim at.

The target comes from the first URL in the script, or from the file's own path; a test that
targets nothing recognisable is still a load test, just of an unknown environment.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from probe.discovery import SourceFile
from probe.facts import Env, Fact
from probe.sources.base import Context, make

_URL = re.compile(r"https?://[^\s'\"`<>)]+")
_CODE_TOOLS = [
    ("k6", re.compile(r"""from\s+['"]k6(/[\w/]+)?['"]|require\(['"]k6""")),
    ("locust", re.compile(r"from\s+locust\s+import|import\s+locust")),
    ("gatling", re.compile(r"io\.gatling")),
]
_FILES = [
    ("jmeter", re.compile(r"\.jmx$")),
    ("gatling", re.compile(r"Simulation\.(scala|kt|java)$")),
    ("vegeta", re.compile(r"(^|/)([\w.-]*vegeta[\w.-]*|targets)\.(txt|http)$")),
    ("artillery", re.compile(r"(^|/)[\w.-]*artillery[\w.-]*\.ya?ml$")),
]


def wants(relative: str) -> bool:
    return any(p.search(relative) for _, p in _FILES)


def from_code(file: SourceFile, ctx: Context, text: str) -> list[Fact]:
    if "k6" not in text and "locust" not in text and "gatling" not in text:
        return []
    for tool, pattern in _CODE_TOOLS:
        match = pattern.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            return [_fact(file, ctx, tool, text, line)]
    return []


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    for tool, pattern in _FILES:
        if pattern.search(file.relative):
            return [_fact(file, ctx, tool, file.text(), 1)]
    return []


def read_artillery(file: SourceFile, ctx: Context, doc: object) -> list[Fact]:
    """Artillery scripts are YAML with `config.target` and phases."""
    if isinstance(doc, dict) and isinstance(doc.get("config"), dict) and "target" in doc["config"]:
        return [_fact(file, ctx, "artillery", str(doc["config"]["target"]), 1)]
    return []


def _fact(file: SourceFile, ctx: Context, tool: str, text: str, line: int) -> Fact:
    url = _URL.search(text)
    target: Env | None = None
    host = None
    if url:
        host = urlsplit(url.group(0)).hostname
        found = ctx.envs.classify_name(host or "")
        if found in ("staging", "production"):
            target = found
        line = text.count("\n", 0, url.start()) + 1
    if target is None and file.env in ("staging", "production"):
        target = file.env
    return make(
        ctx,
        file,
        "load_test",
        tool,
        url.group(0) if url else None,
        line,
        source="loadtest",
        env=target or "shared",
        value_name="target",
    )
