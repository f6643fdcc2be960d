"""Probe test helpers: fixture repositories, one cached probe run per repository, and the
checks every fixture test makes (planted gaps found at the right place, nothing identical
reported)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from stagegap.probe.engine import ProbeResult, run_probe
from stagegap.questionnaires.response import ProbeFinding

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"
CANARY = "CANARY"


@cache
def probed(name: str) -> ProbeResult:
    return run_probe(REPOS / name)


def by_id(result: ProbeResult) -> dict[str, object]:
    return {f.id: f for f in result.findings}


Planted = tuple[str, str, str, list[tuple[str, int | None]]]


def check_planted(result: ProbeResult, planted: list[Planted]) -> None:
    found = {f.id: f for f in result.findings}
    for finding_id, dimension, severity, places in planted:
        assert finding_id in found, f"{finding_id} not reported; got {sorted(found)}"
        finding: ProbeFinding = found[finding_id]
        assert finding.dimension == dimension, finding_id
        assert finding.severity == severity, (finding_id, finding.severity)
        evidence = {(e.path, e.line) for e in finding.evidence}
        for place in places:
            assert place in evidence, (finding_id, place, evidence)


def check_dimensions_covered(result: ProbeResult) -> None:
    dims = {f.dimension for f in result.findings if f.severity != "info"}
    assert dims == {
        "infrastructure",
        "env-vars",
        "traffic",
        "data",
        "deploys",
        "integrations",
        "observability",
    }, dims


def check_not_reported(result: ProbeResult, words: list[str]) -> None:
    """Things identical in both environments must not appear as gaps (the differ's note that a
    name differs by design, staging's host against production's, is not one)."""
    for finding in result.findings:
        if "/differs-by-design/" in finding.id:
            continue
        for word in words:
            assert word not in finding.id, (word, finding.id)
