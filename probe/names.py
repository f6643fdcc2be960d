"""Whether a key read from a file names a variable: the one rule every source applies before a
name read from a file becomes a fact.

A name travels where values never do (findings, the env-vars matrix, SARIF, the workspace,
every report), so the key itself is untrusted. A line of a .env file holding only a pasted
token (`sk_live_...` on its own) parses as a variable with no value; without this rule the
token would be printed as that variable's name.

What real tools accept is wider than a shell's `[A-Za-z_][A-Za-z0-9_]*`: Kubernetes, Compose
and dotenv take dots and dashes (`spring.datasource.url`, `log-level`). A name with a value
(`KEY=value`) may use them; a bare name (`KEY` alone, passed through from the host by Compose
and Docker) must be a shell name, since that is how a pasted token most often looks. Either way
a name shaped like a credential (a known vendor key format, a long run mixing letters and
digits, random mixed case) is no name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from stagegap.probe.vendors import catalog

MAX_NAME = 128
_ASSIGNED = re.compile(rf"[A-Za-z_][A-Za-z0-9_.-]{{0,{MAX_NAME - 1}}}")
_BARE = re.compile(rf"[A-Za-z_][A-Za-z0-9_]{{0,{MAX_NAME - 1}}}")
_SEGMENTS = re.compile(r"[.\[\]=/:@\s]+")  # of a settings path: apps[name=router].key
_PARTS = re.compile(r"[-_.\[\]=/:@\s]+")  # of a name: its words
# a part this long mixing letters and digits back and forth, or holding many of each, is a
# token, not a word with a version (V2, S3, ARCHITEW6432); a run of this many digits is an id
_MIXED_PART = 10
_SWITCHES = re.compile(r"(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
# a part this long with upper and lower case each a quarter of its letters is random, not
# camelCase (databaseConnectionString has 2 capitals in 24)
_CASED_PART = 16


@lru_cache(maxsize=65536)
def variable_name(key: str, *, bare: bool = False) -> bool:
    """True when `key` may be shown as a variable's name; `bare` when the file gave it with no
    value at all (a .env line or a Compose list entry without `=`)."""
    if not (_BARE if bare else _ASSIGNED).fullmatch(key):
        return False
    return not credential_shaped(key)


@lru_cache(maxsize=65536)
def credential_shaped(key: str) -> bool:
    """A key (a name, or a dotted path of names) that looks like a secret rather than names
    people chose."""
    match_key = catalog().match_key
    if any(match_key(segment) for segment in _SEGMENTS.split(key) if segment):
        return True
    return any(_token_part(part) for part in _PARTS.split(key))


def _token_part(part: str) -> bool:
    if len(part) >= _MIXED_PART:
        digits = sum(c.isdigit() for c in part)
        if digits == len(part) or len(_SWITCHES.findall(part)) >= 3:
            return True
        if digits >= 5 and len(part) - digits >= 5:
            return True
    if len(part) >= _CASED_PART:
        upper = sum(c.isupper() for c in part)
        lower = sum(c.islower() for c in part)
        letters = upper + lower
        if letters and min(upper, lower) * 4 >= letters:
            return True
    return False
