"""What a parse error may say: the language and the parser's own words, never the file's text.

Parsers quote what they choke on: python-hcl2 puts the token in its message (a heredoc holding
a key ends up whole in the warning), PyYAML names the alias, tag or character it found. A
warning travels to the terminal, --json, SARIF and the workspace, so it keeps only the place
(file, line, column, given separately) and the parser's description with every quoted
fragment longer than a punctuation mark cut out.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Language(StrEnum):
    YAML = "YAML"
    JSON = "JSON"
    HCL = "HCL"


# 'x' or "x", or a quote left open: kept only as short as a punctuation mark (`','`, `'\t'`)
_QUOTED = re.compile(r"'[^'\n]*'?|\"[^\"\n]*\"?")
SHORT_QUOTE = 4  # the quotes included
_SPACES = re.compile(r"\s{2,}")
MAX_PROBLEM = 100


def not_valid(language: Language, problem: str | None = None) -> str:
    """`not valid YAML: found undefined alias`: the parser's words without the file's."""
    words = parser_words(problem or "")
    return f"not valid {language}: {words}" if words else f"not valid {language}"


def parser_words(problem: str) -> str:
    first = problem.strip().split("\n", 1)[0]
    cleaned = _SPACES.sub(" ", _QUOTED.sub(_short_only, first)).strip(" :,")
    return cleaned[:MAX_PROBLEM]


def _short_only(match: re.Match[str]) -> str:
    quoted = match.group()
    closed = len(quoted) > 1 and quoted[-1] == quoted[0]
    return quoted if closed and len(quoted) <= SHORT_QUOTE else ""


def too_many_digits(exc: ValueError) -> bool:
    """Python refuses to turn a number of more than 4,300 digits into an int (a guard against
    slow conversions): a file holding one is skipped, not a crash."""
    return "digits" in str(exc)
