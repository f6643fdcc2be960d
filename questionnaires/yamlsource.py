"""The one YAML loader: safe, bounded, and with a line number on every key and list item.

Users hand-edit questionnaires and answer files, and the probe reads whatever YAML a repository
holds; an error that names the line is the difference between a fix in seconds and a hunt, and
a finding must point at a line. Every file comes from anywhere, so the loader is the safe one
and it is bounded: an alias bomb ("billion laughs", `runs-on: *l`) is refused by counting the
nodes each alias would expand to before anything expands, nesting has a depth limit, and a
number too long to convert is an error at its line, never a traceback. The C parser is used
when present; the construction stays in Python either way.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from stagegap.questionnaires.limits import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_INPUT_BYTES,
    describe_size,
)

try:
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class SourceError(Exception):
    """One problem in one file, shown as 'path:line: message'."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}" if where else self.message


class SourceErrors(Exception):
    """Several problems in one file; str() gives the first, .errors all of them."""

    def __init__(self, errors: Sequence[SourceError]) -> None:
        super().__init__(str(errors[0]) if errors else "invalid file")
        self.errors = list(errors)


class LineDict(dict[Any, Any]):
    """A mapping that remembers the line of each key (`lines`) and of itself (`line`)."""

    line: int
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list[Any]):
    """A list that remembers the line of each item (`lines`) and of itself (`line`)."""

    line: int
    lines: list[int]

    def line_at(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class _Loader(_Base):  # type: ignore[misc,valid-type]
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


class _Builder:
    """Python objects from one composed document, within the alias and depth budgets.

    An alias is the same node object as its anchor; it is built once and shared (memo), and
    its expanded size (every node under it, aliases included, memoised per node) is charged
    to the document's alias budget each time it is referenced. So a bomb is refused after a
    handful of steps, long before anyone walks the shared structure.
    """

    def __init__(self, loader: _Loader, path: str, unique_keys: bool) -> None:
        self.loader = loader
        self.path = path
        self.unique_keys = unique_keys
        self.memo: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        self.expanded = 0

    def fail(self, line: int | None, message: str) -> SourceErrors:
        return SourceErrors([SourceError(self.path, line, message)])

    def build(self, node: yaml.Node, used_at: int, depth: int = 0) -> tuple[Any, int]:
        """(the object, its expanded node count); used_at is the line that refers to it."""
        tag = node.tag
        if tag == _STR:
            return node.value, 1
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            found = self.memo.get(id(node))
            if found is not None:
                size = self.sizes.get(id(node))
                if size is None:  # an alias to a collection still being built: a cycle
                    raise self.fail(used_at, "an alias refers to its own enclosing collection")
                self.charge(size, used_at)
                return found, size
            if depth >= MAX_DEPTH:
                raise self.fail(
                    node.start_mark.line + 1, f"nested too deeply (limit {MAX_DEPTH} levels)"
                )
            if tag == _MAP and isinstance(node, yaml.MappingNode):
                return self.mapping(node, depth)
            if tag == _SEQ and isinstance(node, yaml.SequenceNode):
                return self.sequence(node, depth)
        return self.scalar(node), 1

    def charge(self, size: int, line: int) -> None:
        self.expanded += size
        if self.expanded > MAX_ALIAS_NODES:
            message = f"too many aliases (YAML alias expansion limit {MAX_ALIAS_NODES})"
            raise self.fail(line, message)

    def scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:  # a 5,000-digit integer, 2026-13-45
            reason = str(exc).split(";")[0]
            raise self.fail(
                node.start_mark.line + 1, f"not a valid value: {node.value[:40]!r}: {reason}"
            ) from None

    def mapping(self, node: yaml.MappingNode, depth: int) -> tuple[LineDict, int]:
        data = LineDict()
        self.memo[id(node)] = data
        data.line = node.start_mark.line + 1
        lines: dict[Any, int] = {}
        size = 1
        explicit: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                size += self.merge(data, lines, value_node, key_node.start_mark.line + 1, depth)
            else:
                explicit.append((key_node, value_node))
        merged = set(data) if data else ()
        for key_node, value_node in explicit:
            key_line = key_node.start_mark.line + 1
            key, key_size = self.build(key_node, key_line, depth + 1)
            try:
                hash(key)
            except TypeError:
                key = str(key)
            if self.unique_keys and key in lines and key not in merged:
                first = lines[key]
                raise self.fail(key_line, f"duplicate key {key!r}, first given on line {first}")
            value, value_size = self.build(value_node, key_line, depth + 1)
            data[key] = value
            lines[key] = key_line
            size += key_size + value_size
        data.lines = lines
        self.sizes[id(node)] = size
        return data, size

    def merge(
        self, data: LineDict, lines: dict[Any, int], value_node: yaml.Node, line: int, depth: int
    ) -> int:
        """`<<: *defaults` or `<<: [*a, *b]`: keys not yet present are copied in (the first
        mapping named wins, explicit keys override later); copies count against the budget."""
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        size = 0
        for source_node in sources:
            source, source_size = self.build(source_node, line, depth + 1)
            if not isinstance(source, LineDict):
                raise self.fail(line, "a merge key (<<) takes a mapping or a list of mappings")
            size += source_size
            for key, value in source.items():
                if key not in data:
                    data[key] = value
                    lines[key] = source.line_of(key)
        return size

    def sequence(self, node: yaml.SequenceNode, depth: int) -> tuple[LineList, int]:
        items = LineList()
        self.memo[id(node)] = items
        items.line = node.start_mark.line + 1
        items.lines = [child.start_mark.line + 1 for child in node.value]
        size = 1
        for child, child_line in zip(node.value, items.lines, strict=True):
            value, child_size = self.build(child, child_line, depth + 1)
            items.append(value)
            size += child_size
        self.sizes[id(node)] = size
        return items, size


def load_documents(text: str, path: str = "", *, unique_keys: bool = False) -> list[Any]:
    """Every document in the stream (Kubernetes files often hold several), as LineDict,
    LineList and plain scalars. Raises SourceErrors naming path:line for any problem."""
    try:
        with _no_collection():
            return _load(text, path, unique_keys)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise SourceErrors([SourceError(path, line, f"not valid YAML: {problem}")]) from None
    except yaml.reader.ReaderError as exc:  # a NUL byte, a control character
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        message = f"not valid YAML: character {exc.character:#04x} is not allowed"
        raise SourceErrors([SourceError(path, line, message)]) from None
    except yaml.YAMLError as exc:
        raise SourceErrors([SourceError(path, None, f"not valid YAML: {exc}")]) from None
    except RecursionError:  # the pure-Python composer, where libyaml is missing
        message = f"nested too deeply (limit {MAX_DEPTH} levels)"
        raise SourceErrors([SourceError(path, None, message)]) from None


def _load(text: str, path: str, unique_keys: bool) -> list[Any]:
    loader = _Loader(text)  # inside the caller's try: a NUL byte is refused right here
    try:
        documents: list[Any] = []
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                documents.append(None)
                continue
            builder = _Builder(loader, path, unique_keys)
            documents.append(builder.build(node, node.start_mark.line + 1)[0])
        return documents
    finally:
        loader.dispose()


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Composing allocates a node and a tuple per key, none of them garbage; the cyclic
    collector's full passes over them made a 1 MiB file of 100,000 keys take 2-3 s instead of
    0.5 s (measured: 120,000 keys 2.9 s with collection, 0.45 s without). Collection resumes
    after the parse, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class LineIndex:
    """Maps a path into the loaded document (keys and indices) to a 1-based line."""

    def __init__(self, root: Any) -> None:
        self._root = root
        self._by_text: dict[int, dict[str, Any]] = {}

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of the deepest part of loc that exists; mapping keys give the key's line."""
        node = self._root
        line = getattr(node, "line", None)
        if line is None:
            return None
        for step in loc:
            if isinstance(node, LineDict):
                key = self._key(node, step)
                if key is _MISSING:
                    break
                line, node = node.lines[key], node[key]
            elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
                line, node = node.lines[step], node[step]
            else:
                break
        return line

    def _key(self, node: LineDict, step: str | int) -> Any:
        """The key step names: itself, or a key whose text it is (pydantic says '7' for 7)."""
        if step in node.lines:
            return step
        by_text = self._by_text.get(id(node))
        if by_text is None:  # built once per mapping: a lookup per error stays O(1)
            by_text = self._by_text[id(node)] = {str(k): k for k in reversed(node.lines)}
        return by_text.get(str(step), _MISSING)


_MISSING = object()


def load_text(text: str, path: str) -> tuple[Any, LineIndex]:
    """One document, strict about keys: a key given twice is an error naming both lines."""
    documents = load_documents(text, path, unique_keys=True)
    if len(documents) > 1:
        raise SourceErrors([SourceError(path, None, "expected one YAML document, found several")])
    data = documents[0] if documents else None
    return data, LineIndex(data)


def load_file(
    path: Path, shown_as: str | None = None, max_bytes: int | None = MAX_INPUT_BYTES
) -> tuple[Any, LineIndex]:
    """Read and load one file; max_bytes None for the workspace's own, machine-written files."""
    shown = shown_as or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise SourceErrors([SourceError(shown, None, "no such file")]) from None
    except IsADirectoryError:
        raise SourceErrors([SourceError(shown, None, "is a directory, not a file")]) from None
    except UnicodeDecodeError:
        raise SourceErrors([SourceError(shown, None, "not UTF-8 text")]) from None
    except OSError as exc:
        raise SourceErrors([SourceError(shown, None, f"cannot read: {exc.strerror}")]) from None
    if max_bytes is not None and len(raw) > max_bytes:
        message = f"file too large (limit {describe_size(max_bytes)})"
        raise SourceErrors([SourceError(shown, None, message)])
    return load_text(text, shown)


def errors_from_validation(
    exc: ValidationError, index: LineIndex, path: str, prefix: Sequence[str | int] = ()
) -> SourceErrors:
    """Pydantic's errors as file:line messages naming the field."""
    found: list[SourceError] = []
    seen: set[tuple[int | None, str]] = set()
    for err in exc.errors():
        steps = [step for step in err["loc"] if isinstance(step, str | int)]
        union_at = next((n for n, s in enumerate(steps) if _is_union_member(s)), None)
        if union_at is not None:
            # One line for a value that fits none of a union's types, not one per type.
            steps, message = steps[:union_at], "not a valid value here"
        else:
            message = err["msg"].removeprefix("Value error, ")
        loc = [*prefix, *steps]
        field = ".".join(str(s) for s in loc if not str(s).startswith("function-")) or "(top)"
        line = index.line_of(loc)
        if (line, field) in seen:
            continue
        seen.add((line, field))
        found.append(SourceError(path, line, f"{field}: {message}"))
    return SourceErrors(found)


_UNION_MEMBERS = frozenset({"str", "int", "float", "bool", "date", "datetime", "none"})


def _is_union_member(step: str | int) -> bool:
    """Pydantic names each type it tried in a union as a step of the error's location."""
    return isinstance(step, str) and (step in _UNION_MEMBERS or "[" in step)
