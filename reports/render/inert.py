"""Text from answers, notes and configuration files made harmless for plain-text outputs.

A note typed in the app or a line excerpted from a repository can carry an ESC byte (a terminal
escape sequence that recolours or rewrites a screen when someone `cat`s the Markdown), a
bidirectional override that reorders what a reviewer sees, or, in a spreadsheet, a leading `=`
that runs as a formula. HTML escapes through Jinja; Markdown and CSV pass through here.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 controls except tab, newline and carriage return; DEL; C1; bidirectional overrides."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""OWASP CSV injection: a cell starting with one of these is read as a formula by spreadsheets."""


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode control pictures: ESC shows as ␛
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def inert(text: str) -> str:
    """Every control character shown as a visible mark; tab and line breaks kept."""
    return _CONTROL.sub(_visible, text)


def spreadsheet_cell(value: object) -> str:
    """A CSV cell no spreadsheet executes: controls made visible, formulas quoted with '."""
    text = inert(str(value))
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text
