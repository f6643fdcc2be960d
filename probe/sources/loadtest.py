"""Load tests (k6, Locust, Artillery, JMeter, Gatling, Vegeta) and the environment they aim at.

The target comes from the first URL in the script, or from the file's own path; a test that
targets nothing recognisable is still a load test, just of an unknown environment.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact
from stagegap.probe.sources.base import Context, make

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


_FILE_ENDINGS = (".jmx", ".scala", ".kt", ".java", ".txt", ".http", ".yaml", ".yml")


def wants(relative: str) -> bool:
    return relative.endswith(_FILE_ENDINGS) and any(p.search(relative) for _, p in _FILES)


_TOOL_IMAGES = re.compile(
    r"(?:^|/)(k6|locust|artillery|jmeter|gatling|vegeta|wrk2?|hey)(?:[-.][\w.-]*)?(?::|@|$)",
    re.I,
)


def from_code(file: SourceFile, ctx: Context, text: str) -> list[Fact]:
    """A load-test script by its content: a k6 import, a Locust import, a Gatling package,
    wherever it is kept (a .js file, a Kubernetes ConfigMap, a Helm value, a CI script)."""
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


def is_artillery(doc: object) -> bool:
    """Artillery scripts are YAML with `config.target` and `config.phases` or `scenarios`."""
    if not isinstance(doc, dict) or not isinstance(doc.get("config"), dict):
        return False
    config = doc["config"]
    return "target" in config and ("phases" in config or "scenarios" in doc)


def read_artillery(file: SourceFile, ctx: Context, doc: object) -> list[Fact]:
    if isinstance(doc, dict) and isinstance(doc.get("config"), dict) and "target" in doc["config"]:
        line = getattr(doc["config"], "lines", {}).get("target", 1)
        return [_fact(file, ctx, "artillery", str(doc["config"]["target"]), 1, line)]
    return []


def tool_image(image: str) -> str | None:
    """The load-test tool a container image runs (grafana/k6, locustio/locust, ...)."""
    match = _TOOL_IMAGES.search(image.split("@")[0])
    return match.group(1).lower() if match else None


def from_workload(
    file: SourceFile,
    ctx: Context,
    tool: str,
    urls: list[str],
    line: int | None,
    tags: tuple[str, ...] = (),
) -> Fact:
    """A job or pod that runs a load-test tool; its target is the first URL in its env.
    Tags: `deploy-hook` (runs after each deploy), `schedule` (a CronJob)."""
    fact = _fact(file, ctx, tool, " ".join(urls), line or 1, line or 1)
    return replace(fact, tags=(*fact.tags, *tags))


def _fact(
    file: SourceFile, ctx: Context, tool: str, text: str, line: int, url_line: int | None = None
) -> Fact:
    url = _URL.search(text)
    target: Env | None = None
    host = None
    if url:
        try:
            host = urlsplit(url.group(0)).hostname
        except ValueError:
            host = None
        found = ctx.envs.classify_name(host or "")
        if found in ("staging", "production"):
            target = found
        line = url_line or (text.count("\n", 0, url.start()) + 1)
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
