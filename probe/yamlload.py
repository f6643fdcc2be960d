"""YAML for the probe: the project's one loader (questionnaires.yamlsource), plus flatten.

Findings must point at a line, and a repository's YAML is hostile input like any other: the
loader keeps a line on every key and list item and refuses alias bombs and deep nesting.
This module adapts its errors to the probe's warnings and turns settings documents into
comparable dotted paths.
"""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.secrets import looks_random
from stagegap.questionnaires.yamlsource import LineDict, LineList, SourceErrors, load_documents

__all__ = ["LineDict", "LineList", "YamlError", "flatten", "line_of", "load_all", "own_line"]

MAX_NODES = 200_000


class YamlError(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def load_all(text: str) -> list[Any]:
    """Every document in the stream (Kubernetes files often hold several)."""
    try:
        return load_documents(text)
    except SourceErrors as exc:
        first = exc.errors[0]
        raise YamlError(first.message, first.line) from None


def line_of(container: Any, key: Any, default: int | None = None) -> int | None:
    if isinstance(container, LineDict):
        return container.lines.get(key, container.line)
    if isinstance(container, LineList) and isinstance(key, int):
        return container.line_at(key)
    return default


def own_line(value: Any, default: int | None = None) -> int | None:
    return getattr(value, "line", default)


# Fields that name an entry of a list of mappings, in order of preference; `key` only beside
# a value (key/value pairs, tolerations), where it is the entry's name and not a secret's key.
_LABEL_FIELDS = ("name", "id", "key")
_PAIRED = frozenset({"value", "values", "valueFrom", "operator", "effect", "path"})
_SEPARATORS = re.compile(r"[-_.:/@+ ]+")
_NOT_A_NAME = re.compile(r"[\[\]=\t\r\n]|^\s|\s$")
_HEX_RUN = re.compile(r"^[0-9a-fA-F]+([-_.:/@+ ][0-9a-fA-F]+){3,}$")  # a UUID, a hash in parts
_LONG_WORD = re.compile(r"[^-_.:/@+ ]{13,}")


def flatten(
    data: Any, prefix: str = "", limit: int = MAX_NODES
) -> list[tuple[str, Any, int | None]]:
    """Leaves of a document as (dotted.path, value, line): how settings files are compared.

    A list of mappings that all carry a `name` (else `id`, else a `key` beside a value, as in
    key/value pairs and tolerations) unique within the list is keyed by it,
    `apps[name=router].replicas`, so two files listing the same entries in a different order
    still compare like with like; any other list is keyed by position, `apps[3].replicas`.
    Only short, readable identifiers key a list: a field holding something that might be a
    credential never becomes part of a path (paths end up in finding ids)."""
    verdicts: dict[str, bool] = {}  # names repeat across a document's lists: judged once
    out: list[tuple[str, Any, int | None]] = []
    stack: list[tuple[str, Any, int | None]] = [(prefix, data, own_line(data))]
    steps = 0
    while stack:
        steps += 1
        if steps > limit:
            break
        path, value, line = stack.pop()
        if isinstance(value, dict):
            for key in reversed(list(value)):
                child = f"{path}.{key}" if path else str(key)
                stack.append((child, value[key], line_of(value, key, line)))
        elif isinstance(value, list) and value and all(isinstance(v, dict | list) for v in value):
            keyed = _labels(value, verdicts)
            for index in reversed(range(len(value))):
                label = keyed[index] if keyed else index
                stack.append((f"{path}[{label}]", value[index], line_of(value, index, line)))
        else:
            out.append((path, value, line))
    return out


def _labels(items: list[Any], verdicts: dict[str, bool]) -> list[str] | None:
    """`field=name` for each entry, when one field names every entry readably and uniquely."""
    if not all(isinstance(v, dict) for v in items):
        return None
    for field in _LABEL_FIELDS:
        if field == "key" and not all(_PAIRED & v.keys() for v in items):
            continue
        names = [v.get(field) for v in items]
        texts = [str(n) for n in names if isinstance(n, str | int) and not isinstance(n, bool)]
        if len(texts) != len(items) or len(set(texts)) != len(texts):
            continue
        for text in texts:
            verdict = verdicts.get(text)
            if verdict is None:
                verdict = verdicts[text] = _readable(text)
            if not verdict:
                break
        else:
            return [f"{field}={t}" for t in texts]
    return None


def _readable(text: str) -> bool:
    """A name a person wrote (`search-api-v2`, `api.internal`), not a token or a hash: every
    word is short, or long and made of letters only; no run of hex words (UUIDs)."""
    if not 0 < len(text) <= 80 or _NOT_A_NAME.search(text) or _HEX_RUN.match(text):
        return False
    if not _LONG_WORD.search(text):
        return True
    return all(w.isalpha() and not looks_random(w) for w in _SEPARATORS.split(text) if len(w) > 12)
