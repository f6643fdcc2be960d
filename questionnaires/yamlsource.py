"""YAML read with its line numbers, so every complaint can say file:line.

Users hand-edit questionnaires and answer files; an error that names the line is the difference
between a fix in seconds and a hunt. Always the safe loader: these files come from anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError


@dataclass(frozen=True)
class SourceError(Exception):
    """One problem in one file, shown as 'path:line: message'."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class SourceErrors(Exception):
    """Several problems in one file; str() gives the first, .errors all of them."""

    def __init__(self, errors: Sequence[SourceError]) -> None:
        super().__init__(str(errors[0]) if errors else "invalid file")
        self.errors = list(errors)


class LineIndex:
    """Maps a path into the parsed document (keys and indices) to a 1-based line."""

    def __init__(self, root: yaml.Node | None) -> None:
        self._root = root

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of the deepest part of loc that exists; mapping keys give the key's line."""
        node = self._root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for step in loc:
            found = _child(node, step)
            if found is None:
                break
            marker, node = found
            line = marker.start_mark.line + 1
        return line


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """(the node that names this step, the node it leads to)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(step):
                return key, value
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        if 0 <= step < len(node.value):
            return node.value[step], node.value[step]
    return None


# libyaml's safe loader when PyYAML was built with it: the same nodes and line marks, ten times
# faster (the bundled questionnaire: 24 ms instead of 240, most of the app's start-up).
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_text(text: str, path: str) -> tuple[Any, LineIndex]:
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise SourceErrors([SourceError(path, line, f"not valid YAML: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise SourceErrors([SourceError(path, None, f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    return data, LineIndex(node)


def load_file(path: Path, shown_as: str | None = None) -> tuple[Any, LineIndex]:
    shown = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceErrors([SourceError(shown, None, "no such file")]) from None
    except IsADirectoryError:
        raise SourceErrors([SourceError(shown, None, "is a directory, not a file")]) from None
    except UnicodeDecodeError:
        raise SourceErrors([SourceError(shown, None, "not UTF-8 text")]) from None
    except OSError as exc:
        raise SourceErrors([SourceError(shown, None, f"cannot read: {exc.strerror}")]) from None
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
