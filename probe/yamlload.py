"""YAML with a line number on every mapping key and list item, read with the safe loader.

Findings must point at a line; PyYAML's plain output forgets where things were. The C parser
is used when present (the construction stays in Python either way).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from stagegap.probe.secrets import looks_random

try:
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

MAX_NODES = 200_000
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


class YamlError(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class LineDict(dict[Any, Any]):
    """A mapping that remembers the line of each key (`lines`) and of itself (`line`)."""

    line: int
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list[Any]):
    line: int
    lines: list[int]

    def line_at(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class _Loader(_Base):  # type: ignore[misc,valid-type]
    merges = True

    # No path resolvers are registered: skip the per-node bookkeeping libyaml calls back for.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of a node, asked by libyaml's composer for every node. Without path
        resolvers it is the default tag of a collection or of a quoted scalar, and for a plain
        scalar it depends on the text alone, which repeats across config files."""
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < 65536:
                    _PLAIN_TAGS[value] = tag
            return tag
        if kind is yaml.MappingNode:
            return _MAP
        if kind is yaml.SequenceNode:
            return _SEQ
        return super().resolve(kind, value, implicit)


_PLAIN_TAGS: dict[str, str] = {}


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            key = str(key)
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = key_node.start_mark.line + 1
    return data


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    data = LineList(loader.construct_object(child, deep=True) for child in node.value)
    data.line = node.start_mark.line + 1
    data.lines = [child.start_mark.line + 1 for child in node.value]
    return data


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def _build(loader: _Loader, node: yaml.Node, memo: dict[int, Any]) -> Any:
    """Python objects from the composed node graph, without the constructor's generator
    machinery: plain strings (most of a config file) are taken as they are, other scalars and
    unusual tags go through the safe constructor. Aliases share one object (memo), so an
    alias bomb costs what its distinct nodes cost."""
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP and isinstance(node, yaml.MappingNode):
        found = memo.get(id(node))
        if found is not None:
            return found
        if loader.merges:
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    loader.flatten_mapping(node)
                    break
        data = LineDict()
        memo[id(node)] = data
        data.line = node.start_mark.line + 1
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = _build(loader, key_node, memo)
            try:
                hash(key)
            except TypeError:
                key = str(key)
            data[key] = _build(loader, value_node, memo)
            lines[key] = key_node.start_mark.line + 1
        data.lines = lines
        return data
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        found = memo.get(id(node))
        if found is not None:
            return found
        items = LineList()
        memo[id(node)] = items
        items.line = node.start_mark.line + 1
        items.lines = [child.start_mark.line + 1 for child in node.value]
        items.extend(_build(loader, child, memo) for child in node.value)
        return items
    return loader.construct_object(node, deep=True)


def load_all(text: str) -> list[Any]:
    """Every document in the stream (Kubernetes files often hold several)."""
    loader = _Loader(text)
    loader.merges = "<<" in text  # merge keys are rare: only then look for them
    try:
        documents = []
        while loader.check_node():
            node = loader.get_node()
            documents.append(_build(loader, node, {}) if node is not None else None)
        return documents
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        raise YamlError(f"not valid YAML: {problem}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"not valid YAML: {exc}", None) from None
    except RecursionError:
        raise YamlError("YAML nested too deeply, skipped", None) from None
    finally:
        loader.dispose()


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
