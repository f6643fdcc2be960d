"""Scoring of the probe against the accuracy corpus (tests/corpus/*/expected.yaml).

An expert wrote each repository's `expected.yaml` before the probe ever ran on it. This module
reads those expectations, matches the probe's findings against them and computes precision and
recall. It deliberately knows nothing of the probe's Python modules (they are being renamed): it
only sees the JSON contract (probe/CONTRACT.md) as plain dictionaries, and it runs the probe as a
subprocess through `probe_command`, the one place that knows how the probe is started.

Matching: an entry's `match` holds any of `finding` (glob on the finding id), `summary`
(case-insensitive regular expression searched in the summary) and `path` (glob on any evidence
path). Each may be one string or a list (any of the list); all the keys given must hold. An
expected divergence also requires the finding's dimension to equal its own: a finding in the
wrong dimension would send the audit's reader to the wrong question.

Scoring (documented in tests/corpus/README.md):

- recall = expected divergences matched by at least one finding / all expected divergences;
- precision = true positives / counted findings, where a finding is counted when its severity is
  above `info`, or when it is `info` but matches a `not_gaps` entry (then it is false). A counted
  finding is true when it matches an expected divergence or a `tolerated` entry and no `not_gaps`
  entry. A finding that matches a `not_gaps` entry is always false;
- a probe run that exits 2 (nothing found) or fails scores 0 recall and is listed as failing.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

DIMENSIONS: frozenset[str] = frozenset(
    {
        "infrastructure",
        "env-vars",
        "traffic",
        "data",
        "deploys",
        "integrations",
        "observability",
    }
)
SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low", "info")
MATCH_KEYS: frozenset[str] = frozenset({"finding", "summary", "path"})
ENVIRONMENT_NAME = re.compile(r"^[a-z][a-z0-9-]*$")

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "corpus"

Finding = Mapping[str, Any]


class ExpectationError(ValueError):
    """An `expected.yaml` that is not well formed; the message names the file and the entry."""


@dataclass(frozen=True)
class Matcher:
    """One `match:` block. Every key given must hold; a list under a key means any of it."""

    finding: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    path: tuple[str, ...] = ()

    def matches(self, finding: Finding) -> bool:
        """True when the finding satisfies every key this matcher sets."""
        if self.finding and not any(
            fnmatch.fnmatchcase(str(finding.get("id", "")), glob) for glob in self.finding
        ):
            return False
        if self.summary:
            text = str(finding.get("summary", ""))
            if not any(re.search(pattern, text, re.IGNORECASE) for pattern in self.summary):
                return False
        if self.path:
            paths = [str(e.get("path", "")) for e in finding.get("evidence") or []]
            if not any(fnmatch.fnmatchcase(p, glob) for p in paths for glob in self.path):
                return False
        return True


@dataclass(frozen=True)
class Entry:
    """An expected divergence, a not-a-gap or a tolerated finding."""

    id: str
    matcher: Matcher
    dimension: str | None = None
    note: str = ""

    def matches(self, finding: Finding) -> bool:
        """The matcher holds and, when the entry names a dimension, the finding is in it."""
        if self.dimension is not None and finding.get("dimension") != self.dimension:
            return False
        return self.matcher.matches(finding)


@dataclass(frozen=True)
class Expectations:
    """One corpus repository's `expected.yaml`."""

    name: str
    description: str
    compare: tuple[str, str]
    expected: tuple[Entry, ...]
    not_gaps: tuple[Entry, ...] = ()
    tolerated: tuple[Entry, ...] = ()


@dataclass(kw_only=True)
class Counts:
    """What is counted for one repository and summed over all: one set of fields, so a new
    count cannot be kept per repository and forgotten in the totals (or the reverse)."""

    findings: int = 0
    counted: int = 0
    true_positives: int = 0
    expected: int = 0
    matched: int = 0

    @property
    def recall(self) -> float:
        """Share of the expert's divergences found; none expected scores 1."""
        return self.matched / self.expected if self.expected else 1.0

    def add(self, other: Counts) -> None:
        for count in fields(Counts):
            setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))


@dataclass
class RepoScore(Counts):
    """The outcome for one repository; `failed` holds why the probe gave nothing to score."""

    name: str
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    matches: dict[str, list[str]] = field(default_factory=dict)
    failed: str | None = None

    @property
    def precision(self) -> float | None:
        """Share of counted findings that are real; None when the probe claimed nothing."""
        return self.true_positives / self.counted if self.counted else None


@dataclass
class Totals(Counts):
    """Micro-averaged totals: every divergence and every finding weighs the same."""

    failing: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.counted if self.counted else 1.0


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    raise ExpectationError(f"{where}: expected a non-empty string or list of strings")


def parse_matcher(raw: object, where: str) -> Matcher:
    """Validate a `match:` block: a mapping of known keys, regular expressions that compile."""
    if not isinstance(raw, dict) or not raw:
        raise ExpectationError(f"{where}: 'match' must be a non-empty mapping")
    unknown = set(raw) - MATCH_KEYS
    if unknown:
        raise ExpectationError(f"{where}: unknown match keys {sorted(unknown)}")
    finding = _strings(raw["finding"], f"{where}.finding") if "finding" in raw else ()
    summary = _strings(raw["summary"], f"{where}.summary") if "summary" in raw else ()
    path = _strings(raw["path"], f"{where}.path") if "path" in raw else ()
    for pattern in summary:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ExpectationError(f"{where}.summary: bad regular expression: {error}") from None
    return Matcher(finding=finding, summary=summary, path=path)


def parse_entry(raw: object, where: str, *, dimension_required: bool) -> Entry:
    """Validate one list entry: an id, a known dimension where required, a matcher."""
    if not isinstance(raw, dict):
        raise ExpectationError(f"{where}: each entry must be a mapping")
    unknown = set(raw) - {"id", "dimension", "match", "note"}
    if unknown:
        raise ExpectationError(f"{where}: unknown keys {sorted(unknown)}")
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not entry_id:
        raise ExpectationError(f"{where}: 'id' must be a non-empty string")
    dimension = raw.get("dimension")
    if dimension is None and dimension_required:
        raise ExpectationError(f"{where} ({entry_id}): 'dimension' is required")
    if dimension is not None and dimension not in DIMENSIONS:
        raise ExpectationError(f"{where} ({entry_id}): unknown dimension {dimension!r}")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise ExpectationError(f"{where} ({entry_id}): 'note' must be a string")
    matcher = parse_matcher(raw.get("match"), f"{where} ({entry_id})")
    return Entry(id=entry_id, matcher=matcher, dimension=dimension, note=note)


def parse_expectations(raw: object, name: str) -> Expectations:
    """Validate a whole `expected.yaml` document; ids must be unique within the file."""
    if not isinstance(raw, dict):
        raise ExpectationError(f"{name}: the document must be a mapping")
    unknown = set(raw) - {"description", "compare", "expected", "not_gaps", "tolerated"}
    if unknown:
        raise ExpectationError(f"{name}: unknown top-level keys {sorted(unknown)}")
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ExpectationError(f"{name}: 'description' must be a non-empty string")
    compare = raw.get("compare")
    if not isinstance(compare, str) or compare.count(":") != 1:
        raise ExpectationError(f"{name}: 'compare' must read ENV:ENV, e.g. staging:production")
    left, right = compare.split(":")
    if not (ENVIRONMENT_NAME.match(left) and ENVIRONMENT_NAME.match(right)) or left == right:
        raise ExpectationError(f"{name}: 'compare' names two different environments")

    def entries(key: str, *, required: bool, dimension_required: bool) -> tuple[Entry, ...]:
        items = raw.get(key)
        if items is None and not required:
            return ()
        if not isinstance(items, list) or (required and not items):
            raise ExpectationError(f"{name}: '{key}' must be a list" + (" (non-empty)" * required))
        return tuple(
            parse_entry(item, f"{name}: {key}[{i}]", dimension_required=dimension_required)
            for i, item in enumerate(items)
        )

    expected = entries("expected", required=True, dimension_required=True)
    not_gaps = entries("not_gaps", required=False, dimension_required=False)
    tolerated = entries("tolerated", required=False, dimension_required=False)
    seen: set[str] = set()
    for entry in (*expected, *not_gaps, *tolerated):
        if entry.id in seen:
            raise ExpectationError(f"{name}: duplicate id {entry.id!r}")
        seen.add(entry.id)
    return Expectations(
        name=name,
        description=description.strip(),
        compare=(left, right),
        expected=expected,
        not_gaps=not_gaps,
        tolerated=tolerated,
    )


def load_expectations(repo: Path) -> Expectations:
    """Read and validate `repo/expected.yaml`."""
    path = repo / "expected.yaml"
    try:
        with path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise ExpectationError(f"{repo.name}: expected.yaml is not valid YAML: {error}") from None
    return parse_expectations(raw, repo.name)


def corpus_repos(corpus: Path = CORPUS) -> list[Path]:
    """Every folder of the corpus that holds an `expected.yaml`, sorted by name."""
    return sorted(p.parent for p in corpus.glob("*/expected.yaml"))


def is_counted(finding: Finding, expectations: Expectations) -> bool:
    """Above info always counts; an info finding counts only when it claims a non-gap."""
    if finding.get("severity") != "info":
        return True
    return any(entry.matches(finding) for entry in expectations.not_gaps)


def score(
    expectations: Expectations, findings: Sequence[Finding], *, exit_code: int = 0
) -> RepoScore:
    """Score one repository's findings against its expectations (pure, no I/O)."""
    result = RepoScore(name=expectations.name, expected=len(expectations.expected))
    if exit_code not in (0, 1):
        result.failed = f"probe exited {exit_code}"
        result.missed = [f"{entry.id} [{entry.dimension}]" for entry in expectations.expected]
        return result
    result.findings = len(findings)
    for entry in expectations.expected:
        hits = [str(f.get("id")) for f in findings if entry.matches(f)]
        if hits:
            result.matched += 1
            result.matches[entry.id] = hits
        else:
            result.missed.append(f"{entry.id} [{entry.dimension}]")
    for finding in findings:
        if not is_counted(finding, expectations):
            continue
        result.counted += 1
        false_claim = next((e.id for e in expectations.not_gaps if e.matches(finding)), None)
        if false_claim is not None:
            result.false_positives.append(f"{finding.get('id')} (not a gap: {false_claim})")
            continue
        if any(e.matches(finding) for e in (*expectations.expected, *expectations.tolerated)):
            result.true_positives += 1
        else:
            result.false_positives.append(str(finding.get("id")))
    return result


def total(scores: Sequence[RepoScore]) -> Totals:
    """Sum the repositories' counts; failing repositories keep their expected divergences."""
    totals = Totals()
    for item in scores:
        totals.add(item)
        if item.failed is not None:
            totals.failing.append(item.name)
    return totals


def probe_command(repo: Path | str) -> list[str]:
    """The one place that knows how to start the probe.

    Once the packages live under `stagegap.*`, `python -m stagegap` is the stable form; until
    then the console script installed beside this interpreter is used (found by PATH last).
    """
    if importlib.util.find_spec("stagegap") is not None:
        return [sys.executable, "-m", "stagegap", "probe", str(repo), "--json"]
    script = Path(sys.executable).parent / "stagegap"
    if not script.exists():
        found = shutil.which("stagegap")
        if found is None:
            raise FileNotFoundError("the stagegap command is not installed beside this Python")
        script = Path(found)
    return [str(script), "probe", str(repo), "--json"]


@dataclass(frozen=True)
class ProbeRun:
    """What one probe run gave: its exit code, its findings and its stderr for diagnosis."""

    exit_code: int
    findings: tuple[Finding, ...]
    stderr: str = ""


def run_probe(repo: Path) -> ProbeRun:
    """Run the probe on one repository as a subprocess and parse its JSON findings."""
    completed = subprocess.run(
        probe_command(repo), capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL
    )
    if completed.returncode not in (0, 1):
        return ProbeRun(completed.returncode, (), completed.stderr.strip())
    try:
        document = json.loads(completed.stdout)
    except json.JSONDecodeError:
        return ProbeRun(3, (), "the probe printed something that is not JSON")
    findings = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(findings, list):
        return ProbeRun(3, (), "the probe's JSON has no findings list")
    return ProbeRun(completed.returncode, tuple(f for f in findings if isinstance(f, dict)))


def score_repo(repo: Path) -> RepoScore:
    """Load a repository's expectations, probe it and score the result."""
    expectations = load_expectations(repo)
    run = run_probe(repo)
    result = score(expectations, run.findings, exit_code=run.exit_code)
    if result.failed is not None and run.stderr:
        reason = run.stderr.splitlines()[-1].replace(str(repo), repo.name)
        result.failed += f": {reason[:110]}"
    return result


def score_corpus(corpus: Path = CORPUS) -> list[RepoScore]:
    """Score every repository of the corpus, in name order."""
    return [score_repo(repo) for repo in corpus_repos(corpus)]
