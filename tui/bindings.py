"""Every key of the app, read from the live bindings: the help and the keymap ids come from here.

A new screen needs no list to be kept: every class with BINDINGS in a module of
stagegap.tui.screens (and the app) is found by walking the package, so its keys show in the
help (F1) and its binding ids can be remapped in keymap.yaml at once.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache

from textual.app import App
from textual.binding import Binding


@dataclass(frozen=True)
class KeyRow:
    """One binding as the help shows it."""

    id: str
    where: str  # "anywhere", or the screen's HELP_TITLE ("session", "workshop", ...)
    key: str  # the key as configured now (a remapped key, else the default)
    default: str
    does: str

    def matches(self, query: str) -> bool:
        text = " ".join((self.id, self.where, self.key, self.does)).lower()
        return all(word in text for word in query.lower().split())


@cache
def binding_owners() -> tuple[type, ...]:
    """The app, then every class declaring BINDINGS in a screens module, by HELP_ORDER (the
    order an audit visits them; dialogs last)."""
    from stagegap.tui import screens
    from stagegap.tui.app import StagegapApp

    owners: list[type] = [StagegapApp]
    for info in sorted(pkgutil.iter_modules(screens.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{screens.__name__}.{info.name}")
        owners += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and value.__module__ == module.__name__
            and "BINDINGS" in vars(value)
        ]
    return tuple(sorted(owners, key=lambda owner: int(getattr(owner, "HELP_ORDER", 50))))


def _where(owner: type, binding_id: str) -> str:
    if issubclass(owner, App):
        return "anywhere"
    return str(getattr(owner, "HELP_TITLE", binding_id.partition(".")[0]))


def key_rows(remapped: dict[str, str] | None = None) -> list[KeyRow]:
    """Every binding with an id, with the key it has now (`remapped`: id -> key(s))."""
    remapped = remapped or {}
    rows: list[KeyRow] = []
    seen: set[str] = set()
    for owner in binding_owners():
        for binding in vars(owner)["BINDINGS"]:
            if not isinstance(binding, Binding) or not binding.id or binding.id in seen:
                continue
            seen.add(binding.id)
            rows.append(
                KeyRow(
                    id=binding.id,
                    where=_where(owner, binding.id),
                    key=remapped.get(binding.id, binding.key),
                    default=binding.key,
                    does=binding.tooltip or binding.description,
                )
            )
    return rows


def binding_ids() -> dict[str, str]:
    """Every binding id of the app -> its default key."""
    return {row.id: row.default for row in key_rows()}
