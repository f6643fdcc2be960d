"""Text from a repository made inert before it reaches a terminal.

File names, keys and parser messages come from the repository, and a repository can hold an
ESC: a file called `production\\x1b[2J.yaml` would clear the screen of whoever runs the probe,
an OSC sequence would retitle their terminal. Every control character (C0, DEL, C1) and every
bidirectional override is shown as its escape (`\\x1b`, `\\u202e`), visibly, instead.
"""

from __future__ import annotations

import re
from typing import Any

# One definition for the whole project (questionnaires/inert.py): control characters (a newline
# too, since each string the probe shows is one line) and invisible format characters written
# out as escapes.
from stagegap.questionnaires.inert import inert

__all__ = ["inert", "inert_data", "inert_json"]

# What json.dumps(ensure_ascii=False) leaves raw: it escapes C0 only.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert_data(data: Any) -> Any:
    """`inert` over every string of a JSON-like structure (keys too): for what the probe writes
    into a workspace, which reports and the app print later."""
    if isinstance(data, str):
        return inert(data)
    if isinstance(data, dict):
        return {inert_data(k): inert_data(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [inert_data(v) for v in data]
    return data


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def inert_json(dumped: str) -> str:
    """JSON from json.dumps(ensure_ascii=False) with DEL, C1 and bidi controls escaped as
    \\uXXXX too: the same document to a parser, inert in a terminal. They can only occur
    inside strings, where the escape means the same character."""
    return _RAW_IN_JSON.sub(_json_escape, dumped)
