"""The sizes stagegap accepts, in one place: the README's "Limits" section states them.

Every file stagegap reads may come from anywhere, so each kind of input has a bound that a
real audit never comes near and that a hostile or broken file hits in well under a second.
"""

from __future__ import annotations

import datetime as dt

MAX_INPUT_BYTES = 512 * 1024
"""An answer file or a questionnaire: a filled answer file is about 15 KB, the bundled
questionnaire 75 KB. Parsing a file of this size takes under a second however it is filled."""

MAX_ALIAS_NODES = 100_000
"""Nodes reached through YAML aliases and merge keys in one document, counted before anything
expands: a real GitLab CI file with hundreds of `<<: *defaults` stays far below it."""

MAX_DEPTH = 100
"""Nesting levels of one YAML document (a Kubernetes manifest is about 15 deep)."""

MAX_ANSWER_ENTRIES = 1000
"""Entries under `answers:` in one answer file (the bundled questionnaire has 38 items)."""

MAX_TEXT_CHARS = 10_000
"""A note, a reason for 'does not apply', a free-text answer, as an answer file gives them."""

MAX_NAME_CHARS = 200
"""A respondent's name in an answer file; an organisation's name at `stagegap init`."""

MAX_AMENDMENTS_PER_ITEM = 20
"""Amendments kept per item after a seal, newest first; the sealed original is always kept."""

EARLIEST_DATE = dt.date(1990, 1, 1)
"""A date answer ('map verified on') before this is a typo."""

MAX_DAYS_AHEAD = 366
"""A date answer this far past today is a typo (9999-12-31)."""


def describe_size(size: int) -> str:
    """1048576 -> '1 MiB', 65536 -> '64 KiB'."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} bytes"
