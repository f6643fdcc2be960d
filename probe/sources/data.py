"""Data tooling: seed scripts, fixtures, synthetic-data generators, anonymisation and
production-snapshot pipelines. Their presence (and the environment they name) is the fact."""

from __future__ import annotations

import re

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact
from stagegap.probe.sources.base import Context, make

_NAMES: list[tuple[str, re.Pattern[str]]] = [
    (
        "anonymize",
        re.compile(
            # sanitising is anonymisation only of data (an app's sanitiseInput.ts is not)
            r"anonymi[sz]|pseudonymi|scrub|saniti[sz](e|ed|ing)?[_.-]?(db|data(base)?[_./-]|dump|sql)|"
            r"mask(ing)?[._-]|clean(ed)?[_-]?(db[_-]?)?dump|pg_anonymizer|replibyte|greenmask|"
            r"snaplet",
            re.I,
        ),
    ),
    (
        "snapshot",
        re.compile(
            # copy/clone only of a database or of production: copy_flow.sql is an app's own
            r"snapshot|(^|[/_.-])(db[_-]?)?(dump|restore)[_.-]|"
            r"(db|database|prod(uction)?)[_-]?(copy|clone)|(copy|clone)[_-]?(db|database|prod)"
            r"|prod[_-]?to[_-]?stag"
            # a job that refreshes staging's database (sync-staging-db.yml, refresh_stage_db.sh)
            r"|(sync|refresh|copy|clone|restore)[_-]?(staging|stage|stg)[_-]?(db|database)"
            r"|(staging|stage|stg)[_-]?(db|database)[_-]?(sync|refresh|restore)",
            re.I,
        ),
    ),
    ("seed", re.compile(r"(^|/)(seeds?|seeders?)(/|[._-])|[._-]seeds?\.", re.I)),
    ("fixtures", re.compile(r"(^|/)fixtures/", re.I)),
    (
        "synthetic",
        re.compile(
            r"(^|/)(factories|factory)[/._]|synthetic|fake[_-]?data|"
            r"generate[_-]?data",
            re.I,
        ),
    ),
]
_EXT = (
    ".sql",
    ".py",
    ".rb",
    ".js",
    ".ts",
    ".sh",
    ".json",
    ".yaml",
    ".yml",
    ".csv",
    ".php",
    ".go",
    ".exs",
    ".ex",
    ".mjs",
)
_CONTENT = [
    (
        "synthetic",
        re.compile(
            r"from\s+faker\s+import|import\s+faker|@faker-js/faker|"
            r"require\(['\"]faker|factory_boy|FactoryBot|Faker::"
        ),
    ),
    ("anonymize", re.compile(r"anon\.|SECURITY LABEL FOR anon|pg_anonymizer|anonymi[sz]e", re.I)),
]


# Tests and recorded HTTP cassettes mention dumps and copies of their own.
_TESTS = re.compile(r"(^|/)(tests?|spec|__tests__|e2e|cassettes|vcr_cassettes)/|[._](test|spec)\.")


# Every name pattern above needs one of these words: one quick search of the path spares
# thousands of files the patterns' searches.
_WORDS = re.compile(
    r"anonymi|pseudonymi|scrub|saniti|mask|clean|replibyte|greenmask|snaplet|snapshot|dump|"
    r"restore|copy|clone|prod|sync|refresh|seed|fixture|factor|synthetic|fake|generate"
)


# Application code named for dumps or restores (app/services/restore_envelope_dumps.rb) is a
# feature of the product; a snapshot pipeline is a script or a job kept with the operations.
_CODE = (".py", ".rb", ".js", ".mjs", ".ts", ".php", ".go", ".ex", ".exs")
_OPERATIONS = re.compile(
    r"(^|/)(scripts?|bin|ops|tools|tasks|jobs|cron|db|database|deploy|infra|ci|\.github|"
    r"\.gitlab|k8s|helm|terraform|maintenance)/",
    re.I,
)


def kind_of(relative: str) -> str | None:
    if not relative.endswith(_EXT):
        return None
    if not _WORDS.search(relative.lower()) or _TESTS.search(relative):
        return None
    for kind, pattern in _NAMES:
        if pattern.search(relative):
            if kind == "snapshot" and relative.endswith(_CODE) and not _OPERATIONS.search(relative):
                continue
            return kind
    return None


def wants(relative: str) -> bool:
    return kind_of(relative) is not None


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    kind = kind_of(file.relative)
    if kind is None:
        return []
    text = file.text()
    env = _target(ctx, file, text)
    facts = [
        make(ctx, file, kind, file.relative, kind, 1, source="data", env=env, value_name="kind")
    ]
    for extra, pattern in _CONTENT:
        match = pattern.search(text)
        if match and extra != kind:
            line = text.count("\n", 0, match.start()) + 1
            facts.append(
                make(
                    ctx,
                    file,
                    extra,
                    file.relative,
                    extra,
                    line,
                    source="data",
                    env=env,
                    value_name="kind",
                )
            )
    return facts


def from_code(file: SourceFile, ctx: Context, text: str) -> list[Fact]:
    """Generators found inside ordinary code (faker, factory_boy)."""
    if "aker" not in text and "actory" not in text:
        return []
    match = _CONTENT[0][1].search(text)
    if not match:
        return []
    line = text.count("\n", 0, match.start()) + 1
    return [
        make(
            ctx,
            file,
            "synthetic",
            file.relative,
            "synthetic",
            line,
            source="data",
            env="shared",
            value_name="kind",
        )
    ]


def _target(ctx: Context, file: SourceFile, text: str) -> Env:
    if file.env in ("staging", "production"):
        return file.env
    return "shared"
