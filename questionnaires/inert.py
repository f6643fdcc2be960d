"""Text from a file made safe to print: control characters shown, never obeyed.

An organisation's name, an answer or a variable name can hold an escape sequence (ESC ]0;
retitles the terminal, ESC [2J clears it, a bidi override reverses what the reader sees).
Anything that prints text from a file or a user passes it through `inert` first.
"""

from __future__ import annotations

import unicodedata


def _visible(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_KEPT = {0x09: "\t"}
_CONTROLS = (*range(0x20), 0x7F, *range(0x80, 0xA0))
_ONE_LINE: dict[int, str] = {code: _visible(code) for code in _CONTROLS} | _KEPT
_MULTI_LINE: dict[int, str] = _ONE_LINE | {0x0A: "\n"}


def inert(text: str, *, keep_newlines: bool = False) -> str:
    """Control characters as visible escapes ('\\x1b'); tabs stay, newlines only if asked.

    Beyond ASCII, Unicode's format characters (bidi overrides, zero-width joiners) are shown
    too: they change what a reader sees without being visible themselves.
    """
    table = _MULTI_LINE if keep_newlines else _ONE_LINE
    safe = text.translate(table)
    if safe.isascii():
        return safe
    return "".join(
        _visible(ord(c)) if unicodedata.category(c) in _HIDDEN and ord(c) > 0x7F else c
        for c in safe
    )


_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
