"""Plain application settings files (config/production.yaml, appsettings.Staging.json): every
leaf becomes a 'setting' fact that the rules recognise by name (log level, pool size, ...)."""

from __future__ import annotations

import json
import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.malformed import Language, not_valid, too_many_digits
from stagegap.probe.sources.base import Context, make
from stagegap.probe.yamlload import flatten

_CONFIG_DIR = re.compile(r"(^|/)(config|configs|settings|conf|deploy|deployment)/", re.I)
_BASE_NAMES = re.compile(
    r"(^|/)(default|base|common|application|appsettings|settings|config)"
    r"\.(ya?ml|json)$",
    re.I,
)


def eligible(file: SourceFile) -> bool:
    if file.env in ("staging", "production"):
        return True
    return (
        file.env == "shared"
        and bool(_CONFIG_DIR.search(file.relative))
        and bool(_BASE_NAMES.search(file.relative))
    )


def wants_json(relative: str) -> bool:
    return relative.endswith(".json") and not relative.endswith(
        ("package.json", "package-lock.json", "tsconfig.json", ".tfvars.json", "composer.lock")
    )


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if not isinstance(doc, dict):
        return []
    return [
        make(ctx, file, "setting", path, value, line, source="settings")
        for path, value, line in flatten(doc)
        if not isinstance(value, dict | list) or not value
    ]


def read_json(file: SourceFile, ctx: Context) -> list[Fact]:
    if not eligible(file):
        return []
    text = file.text()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:  # its messages are the json module's own words
        ctx.warnings.add(file.relative, not_valid(Language.JSON, exc.msg), exc.lineno, exc.colno)
        return []
    except ValueError as exc:
        problem = "a number with too many digits" if too_many_digits(exc) else None
        ctx.warnings.add(file.relative, not_valid(Language.JSON, problem))
        return []
    facts = []
    for path, value, _ in flatten(doc):
        if isinstance(value, dict | list):
            continue
        leaf = path.rsplit(".", 1)[-1].split("[")[0]
        facts.append(
            make(ctx, file, "setting", path, value, file.line_of(f'"{leaf}"'), source="settings")
        )
    return facts
