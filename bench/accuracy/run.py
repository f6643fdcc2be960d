"""Accuracy benchmark: precision and recall of `stagegap probe` on every repository of the
corpus (tests/corpus/*/expected.yaml), per repository and in total.

    python bench/accuracy/run.py [--verbose] [NAME ...]
    python -m bench.accuracy [--verbose] [NAME ...]

Scoring is explained in bench/accuracy/scoring.py and tests/corpus/README.md. The command exits
0 whatever the numbers are: the floors live in tests/probe/test_accuracy.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the package importable and import relative to it (PEP 366), so
    # the same file also works as `python -m bench.accuracy` and type-checks as one module.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "bench.accuracy"

from .scoring import (  # noqa: E402
    CORPUS,
    RepoScore,
    corpus_repos,
    score_repo,
    total,
)


def _percent(value: float | None) -> str:
    return "    -" if value is None else f"{value * 100:5.1f}"


def render(scores: Sequence[RepoScore], *, verbose: bool) -> str:
    """The table as text: one row per repository, then the totals and the failing ones."""
    width = max([len("repository"), *(len(s.name) for s in scores)])
    header = f"{'repository':<{width}}  findings  counted  expected  matched  recall  precision"
    lines = [header, "-" * len(header)]
    for item in scores:
        flag = "  FAILING: " + item.failed if item.failed else ""
        lines.append(
            f"{item.name:<{width}}  {item.findings:>8}  {item.counted:>7}  {item.expected:>8}"
            f"  {item.matched:>7}  {_percent(item.recall):>6}  {_percent(item.precision):>9}" + flag
        )
        if verbose:
            for entry_id, hits in item.matches.items():
                lines.append(f"    matched:         {entry_id} <- {', '.join(hits)}")
            for missed in item.missed:
                lines.append(f"    missed:          {missed}")
            for false in item.false_positives:
                lines.append(f"    false positive:  {false}")
    totals = total(scores)
    lines.append("-" * len(header))
    lines.append(
        f"{'TOTAL':<{width}}  {totals.findings:>8}  {totals.counted:>7}  {totals.expected:>8}"
        f"  {totals.matched:>7}  {_percent(totals.recall):>6}  {_percent(totals.precision):>9}"
    )
    if totals.failing:
        lines.append("failing (probe found nothing or failed): " + ", ".join(totals.failing))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("names", nargs="*", help="only these corpus repositories")
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="list missed divergences and false positives"
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder")
    args = parser.parse_args(argv)
    repos = corpus_repos(args.corpus)
    if args.names:
        wanted = set(args.names)
        repos = [r for r in repos if r.name in wanted]
        unknown = wanted - {r.name for r in repos}
        if unknown:
            parser.error(f"not in the corpus: {', '.join(sorted(unknown))}")
    print(render([score_repo(repo) for repo in repos], verbose=args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
