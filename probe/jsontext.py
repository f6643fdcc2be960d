"""JSON text for the probe's outputs, written at native speed.

`json.dumps(..., indent=2)` never uses the standard library's C encoder (only compact output
does), and on a 100-service monorepo the pure-Python path cost more than reading the files.
pydantic_core, already installed with pydantic, writes the same text in Rust: the same
indentation, separators, escapes and key order. Floats are the one difference: below 1e-4 it
writes 0.00001 and 1e-6 where Python writes 1e-05 and 1e-06. Such text (or a string that looks
like it) sends the data through `json.dumps`, so the output stays byte for byte what it was
and what probe/CONTRACT.md shows.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pydantic_core

# How pydantic_core writes a float below 1e-4 (1e-6, 0.00001) where Python writes 1e-06 and
# 1e-05. Two literal-led searches: megabytes of text in milliseconds; a string that merely looks
# like one costs only the slower path.
_SHORT_EXPONENT = re.compile(r"e-\d(?!\d)")
_POSITIONAL_TINY = "0.0000"


def dumps(data: Any) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)`, the same text, faster."""
    try:
        text = pydantic_core.to_json(data, indent=2).decode("utf-8")
    except (ValueError, TypeError):  # e.g. a lone surrogate: json.dumps says what it says
        return json.dumps(data, indent=2, ensure_ascii=False)
    if _POSITIONAL_TINY in text or _SHORT_EXPONENT.search(text):
        return json.dumps(data, indent=2, ensure_ascii=False)
    return text
