"""`.stagegap.yaml`: differences a team has declared intentional, so CI stops failing on them
until the declaration expires."""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from pathlib import Path

from stagegap.probe.yamlload import YamlError, load_all

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
    path = root / FILE_NAME
    if not path.is_file():
        return []
    try:
        documents = load_all(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlError) as exc:
        line = getattr(exc, "line", None)
        where = f"{FILE_NAME}:{line}" if line else FILE_NAME
        warnings.append(f"{where}: cannot read the intentional-differences file: {exc}")
        return []
    data = (documents[0] if documents else None) or {}
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
