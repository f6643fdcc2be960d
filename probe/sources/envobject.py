"""Environment files that export one object literal per environment (Angular's
`src/environments/environment.prod.ts`, `config/environment.staging.js`): every leaf is a
setting of the environment the file's name places it in.

Such files replace each other whole at build time (angular.json `fileReplacements`), they do
not layer: the bare `environment.ts` is the default build (development), never a base that
staging or production inherit, so it gives no facts. The object is read with json5 (unquoted
keys, single quotes, trailing commas, comments); an object that is not a literal (spread,
imports, function calls) is one warning naming the file and line, never its text.
"""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact, Kind
from stagegap.probe.sources.base import Context, make
from stagegap.probe.yamlload import flatten

_NAME = re.compile(r"(^|/)environment\.([\w-]+)\.(ts|js|mjs|cjs|mts|cts)$")
_EXPORT = re.compile(
    r"(export\s+const\s+\w+\s*(:\s*[\w.<>\[\]| ]+)?|export\s+default|module\.exports)\s*=?\s*\{"
)


def wants(relative: str) -> bool:
    return bool(_NAME.search(relative))


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    if file.env not in ("staging", "production", "other"):
        return []  # a file naming no environment, or a template
    text = file.text()
    found = _EXPORT.search(text)
    if found is None:
        return []
    start = found.end() - 1
    end = text.rfind("}")
    line = text.count("\n", 0, start) + 1
    try:
        import json5  # pure Python: loaded only for a repository with such files

        data: Any = json5.loads(text[start : end + 1])
    except Exception:  # json5 raises ValueError subclasses with the text in the message
        ctx.warnings.add(file.relative, "exports an object that is not a plain literal", line)
        return []
    if not isinstance(data, dict):
        return []
    facts = []
    for path, value, _ in flatten(data):
        if isinstance(value, dict | list) and value:
            continue
        leaf = path.rsplit(".", 1)[-1].split("[")[0]
        facts.append(
            make(ctx, file, Kind.SETTING, path, value, file.line_of(leaf, line), source="settings")
        )
    return facts
