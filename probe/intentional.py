"""`.stagegap.yaml`: differences a team has declared intentional, so CI stops failing on them
until the declaration expires."""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from pathlib import Path

import yaml

from stagegap.probe.discovery import UnreadableFile, Warnings, read_inside
from stagegap.probe.malformed import Language, not_valid

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


def load(root: Path, warnings: list[str]) -> list[Intentional]:
    """The declarations; a file that links out of the repository, is no file, or does not
    parse is a warning (naming the place, never quoting the file) and declares nothing."""
    said = Warnings()
    try:
        text = read_inside(root, FILE_NAME)
        data = yaml.safe_load(text) if text is not None else None
    except UnreadableFile as exc:
        said.add(FILE_NAME, str(exc))
        data = None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        said.add(
            FILE_NAME,
            not_valid(Language.YAML, getattr(exc, "problem", None)),
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        )
        data = None
    except (ValueError, RecursionError):  # a 5,000-digit number, nesting without end
        said.add(FILE_NAME, not_valid(Language.YAML))
        data = None
    warnings.extend(said.items)
    if not data:
        return []
    entries = data.get("intentional") if isinstance(data, dict) else None
    out: list[Intentional] = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict) or not entry.get("finding"):
            warnings.append(f"{FILE_NAME}: intentional[{index}] needs a 'finding' id or glob")
            continue
        expires = entry.get("expires")
        if isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                warnings.append(f"{FILE_NAME}: intentional[{index}].expires is not YYYY-MM-DD")
                expires = None
        if not entry.get("reason") or not entry.get("owner"):
            warnings.append(f"{FILE_NAME}: intentional[{index}] should say a reason and an owner")
        out.append(
            Intentional(
                str(entry["finding"]),
                str(entry.get("reason", "")),
                str(entry.get("owner", "")),
                expires if isinstance(expires, dt.date) else None,
            )
        )
    return out


def match(entries: list[Intentional], finding_id: str, today: dt.date) -> Intentional | None:
    return next((e for e in entries if e.covers(finding_id, today)), None)
