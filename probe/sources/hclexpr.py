"""The literal part of HCL expressions, as python-hcl2 8.x hands them over: enough to follow
terragrunt's layering (`find_in_parent_folders`, `read_terragrunt_config`, `merge`, `local.x`,
`include.name.locals.x`, string templates), never a full evaluator.

python-hcl2 keeps a literal string with its quotes (`"\\"db.t3.medium\\""`) and wraps any other
expression in `${...}`. What cannot be worked out from the files alone (a dependency's outputs,
`get_env`, arithmetic) stays `Unresolved` with its text, so a source can say where a value comes
from without guessing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

_IDENT = re.compile(r"[A-Za-z_][\w-]*")
_CALL = re.compile(r"^([A-Za-z_][\w]*)\((.*)\)$", re.S)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
MAX_DEPTH = 40


@dataclass(frozen=True, slots=True)
class Unresolved:
    """An expression the files alone do not decide; `text` is the expression itself."""

    text: str


Functions = Mapping[str, Callable[[list[Any]], Any]]
Lookup = Callable[[str, list[str | int]], Any]  # (root name, steps) -> value or Unresolved


def unquote(raw: Any) -> str:
    text = str(raw)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


class Evaluator:
    """Evaluates python-hcl2 values with the given functions and variable roots."""

    def __init__(self, functions: Functions, lookup: Lookup) -> None:
        self.functions = functions
        self.lookup = lookup

    def value(self, raw: Any, depth: int = 0) -> Any:
        """A parsed attribute's value: dicts and lists element by element, strings as HCL."""
        if depth > MAX_DEPTH:
            return Unresolved(str(raw)[:80])
        if isinstance(raw, dict):
            return {
                unquote(k): self.value(v, depth + 1)
                for k, v in raw.items()
                if not str(k).startswith("__")
            }
        if isinstance(raw, list):
            return [self.value(v, depth + 1) for v in raw]
        if not isinstance(raw, str):
            return raw
        if raw.startswith("${") and raw.endswith("}") and _closing(raw, 1) == len(raw) - 1:
            return self.expression(raw[2:-1], depth + 1)
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            return self.template(raw[1:-1], depth + 1)
        return raw

    def template(self, body: str, depth: int) -> Any:
        """A string with `${...}` parts: a whole string only when every part is known."""
        if body.startswith("<<"):  # a heredoc: its text is generated files, not a value
            return Unresolved("heredoc")
        out: list[str] = []
        index = 0
        while True:
            start = body.find("${", index)
            if start < 0:
                out.append(body[index:])
                break
            end = _closing(body, start + 1)
            if end < 0:
                return Unresolved(body)
            out.append(body[index:start])
            part = self.expression(body[start + 2 : end], depth + 1)
            if isinstance(part, Unresolved) or isinstance(part, dict | list):
                return Unresolved(body)
            out.append(_text(part))
            index = end + 1
        return "".join(out)

    def expression(self, text: str, depth: int) -> Any:
        text = text.strip()
        if depth > MAX_DEPTH or not text:
            return Unresolved(text)
        if len(text) >= 2 and text[0] == text[-1] == '"' and '"' not in text[1:-1]:
            return self.template(text[1:-1], depth + 1)
        if _NUMBER.match(text):
            return float(text) if "." in text else int(text)
        if text in ("true", "false"):
            return text == "true"
        choice = _split_top(text, "?")
        if choice is not None:
            branches = _split_top(choice[1], ":")
            if branches is None:
                return Unresolved(text)
            condition = self.expression(choice[0], depth + 1)
            if not isinstance(condition, bool):
                return Unresolved(text)
            return self.expression(branches[0] if condition else branches[1], depth + 1)
        for operator in ("==", "!="):
            sides = _split_top(text, operator)
            if sides is not None:
                left = self.expression(sides[0], depth + 1)
                right = self.expression(sides[1], depth + 1)
                if isinstance(left, Unresolved) or isinstance(right, Unresolved):
                    return Unresolved(text)
                return (left == right) == (operator == "==")
        call = _CALL.match(text)
        if call and _closing(text, len(call.group(1))) == len(text) - 1:
            name, inner = call.group(1), call.group(2)
            function = self.functions.get(name)
            if function is None:
                return Unresolved(text)
            args = [self.expression(a, depth + 1) for a in _split_args(inner)]
            if any(isinstance(a, Unresolved) for a in args):
                return Unresolved(text)
            try:
                return function(args)
            except (TypeError, ValueError, KeyError, IndexError):
                return Unresolved(text)
        return self.traversal(text, depth)

    def traversal(self, text: str, depth: int) -> Any:
        """`local.a.b`, `var.x[0]`, `local.settings[terraform.workspace]`."""
        root = _IDENT.match(text)
        if root is None:
            return Unresolved(text)
        steps: list[str | int] = []
        index = root.end()
        while index < len(text):
            if text[index] == ".":
                name = _IDENT.match(text, index + 1)
                if name is None:
                    return Unresolved(text)
                steps.append(name.group(0))
                index = name.end()
            elif text[index] == "[":
                end = _closing(text, index)
                if end < 0:
                    return Unresolved(text)
                key = self.expression(text[index + 1 : end], depth + 1)
                if not isinstance(key, str | int) or isinstance(key, bool):
                    return Unresolved(text)
                steps.append(key)
                index = end + 1
            else:
                return Unresolved(text)
        return self.lookup(root.group(0), steps)


def walk(value: Any, steps: list[str | int]) -> Any:
    """`value.a.b[0]`, or Unresolved when a step is missing."""
    for step in steps:
        if isinstance(value, Unresolved):
            return value
        if isinstance(step, int) and isinstance(value, list) and -len(value) <= step < len(value):
            value = value[step]
        elif isinstance(step, str) and isinstance(value, dict) and step in value:
            value = value[step]
        else:
            return Unresolved(".".join(map(str, steps)))
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _scan(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, bracket depth before it) of every character outside quoted strings."""
    depth = 0
    quoted = False
    index = start
    while index < len(text):
        char = text[index]
        if quoted:
            if char == "\\":
                index += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        else:
            yield index, char, depth
            if char in "([{":
                depth += 1
            elif char in ")]}":
                depth -= 1
        index += 1


def _closing(text: str, open_at: int) -> int:
    """Index of the bracket closing the one at `open_at`, skipping quoted strings; -1 if none."""
    for index, char, depth in _scan(text, open_at):
        if char in ")]}" and depth == 1:
            return index
    return -1


def _split_top(text: str, operator: str) -> tuple[str, str] | None:
    """`text` split at the first `operator` outside brackets and quotes."""
    for index, char, depth in _scan(text):
        if depth == 0 and char not in ")]}" and text.startswith(operator, index):
            return text[:index], text[index + len(operator) :]
    return None


def _split_args(text: str) -> list[str]:
    """Top-level comma-separated arguments."""
    out: list[str] = []
    rest: str | None = text
    while rest is not None:
        parts = _split_top(rest, ",")
        head, rest = (rest, None) if parts is None else parts
        out.append(head)
    return [a for a in out if a.strip()]


def merge(args: list[Any]) -> dict[str, Any]:
    """HCL's merge(): later maps win, key by key."""
    out: dict[str, Any] = {}
    for arg in args:
        if not isinstance(arg, dict):
            raise TypeError("merge takes maps")
        out.update(arg)
    return out
