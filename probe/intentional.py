"""`.stagegap.yaml`: differences a team has declared intentional, so CI stops failing on them
until the declaration expires, and which pair of environments the audit compares.

```yaml
compare: uat:prod            # optional; --compare on the command line wins
intentional:
  - finding: env-vars/same-secret/-/SESSION_SECRET   # an id or a glob
    reason: rotating next sprint
    owner: alice
    expires: 2027-01-31
```

Every problem is one warning naming the file and line; an id no catalogued check can match
(probe/checks.yaml) is one too, since it would silently declare nothing.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stagegap.probe.checks import names_a_check
from stagegap.probe.discovery import UnreadableFile, Warnings, read_inside
from stagegap.probe.malformed import Language, not_valid
from stagegap.probe.yamlload import YamlError, line_of, load_all

FILE_NAME = ".stagegap.yaml"


@dataclass(frozen=True)
class Intentional:
    pattern: str
    reason: str
    owner: str
    expires: dt.date | None

    def covers(self, finding_id: str, today: dt.date) -> bool:
        if self.expires is not None and today > self.expires:
            return False
        return finding_id == self.pattern or fnmatch.fnmatchcase(finding_id, self.pattern)


@dataclass(frozen=True)
class Compare:
    """`compare: uat:prod`, with where it was written for messages about it."""

    text: str
    where: str


@dataclass(frozen=True)
class Settings:
    intentional: list[Intentional] = field(default_factory=list)
    compare: Compare | None = None


def load(root: Path, warnings: list[str]) -> Settings:
    """The declarations and the compared pair; a file that links out of the repository, is no
    file, or does not parse is a warning (naming the place, never quoting the file) and
    declares nothing. The bounded loader refuses alias bombs here as everywhere."""
    said = Warnings()
    documents: list[Any] = []
    try:
        text = read_inside(root, FILE_NAME)
        documents = load_all(text) if text is not None else []
    except UnreadableFile as exc:
        said.add(FILE_NAME, str(exc))
    except YamlError as exc:
        problem = str(exc).removeprefix("not valid YAML").lstrip(": ")
        said.add(FILE_NAME, not_valid(Language.YAML, problem), exc.line)
    except (ValueError, RecursionError):  # a 5,000-digit number, nesting without end
        said.add(FILE_NAME, not_valid(Language.YAML))
    warnings.extend(said.items)
    data = documents[0] if documents else None
    if not isinstance(data, dict):
        if data is not None:
            warnings.append(f"{FILE_NAME}: expected a mapping with 'intentional' and 'compare'")
        return Settings()
    return Settings(_intentional(data, warnings), _compare(data, warnings))


def _compare(data: dict[Any, Any], warnings: list[str]) -> Compare | None:
    if "compare" not in data:
        return None
    where = f"{FILE_NAME}:{line_of(data, 'compare')}"
    value = data["compare"]
    if not isinstance(value, str):
        warnings.append(f"{where}: compare should read PRE:PROD, e.g. uat:prod")
        return None
    return Compare(value, where)


def _intentional(data: dict[Any, Any], warnings: list[str]) -> list[Intentional]:
    entries = data.get("intentional")
    out: list[Intentional] = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        where = f"{FILE_NAME}:{line_of(entries, index)}"
        if not isinstance(entry, dict) or not entry.get("finding"):
            warnings.append(f"{where}: intentional[{index}] needs a 'finding' id or glob")
            continue
        pattern = str(entry["finding"])
        if not names_a_check(pattern):
            warnings.append(
                f"{FILE_NAME}:{line_of(entry, 'finding')}: {pattern!r} names no known check "
                "(stagegap probe --list-checks lists them)"
            )
        expires = entry.get("expires")
        if isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                warnings.append(
                    f"{FILE_NAME}:{line_of(entry, 'expires')}: intentional[{index}].expires "
                    "is not YYYY-MM-DD"
                )
                expires = None
        if not entry.get("reason") or not entry.get("owner"):
            warnings.append(f"{where}: intentional[{index}] should say a reason and an owner")
        out.append(
            Intentional(
                pattern,
                str(entry.get("reason", "")),
                str(entry.get("owner", "")),
                expires if isinstance(expires, dt.date) else None,
            )
        )
    return out


def match(entries: list[Intentional], finding_id: str, today: dt.date) -> Intentional | None:
    return next((e for e in entries if e.covers(finding_id, today)), None)
