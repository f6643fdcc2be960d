"""Benchmark: the probe's time against the floor of walking the same tree and reading the same
configuration files, measured in the same run, best of N. Target: within 2x of the floor.

The probe can walk and scan application code in a forked second process
(STAGEGAP_PROBE_PROCESSES=2, probe/codescan.py; off by default); its time that way is printed
too, so the gain or loss from a second core is never hidden. bench/probe/whole.py times the
whole command as a user runs it.

    python bench/probe/run.py [--keep DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor import floor  # noqa: E402
from generate import NODE_MODULES_FILES, generate  # noqa: E402

from stagegap.probe.discovery import VENDORED, Warnings, discover  # noqa: E402
from stagegap.probe.engine import run_probe  # noqa: E402
from stagegap.probe.environments import Environments  # noqa: E402
from stagegap.probe.sources import wanted  # noqa: E402

_FIRST_RUN = """
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from stagegap.probe.engine import run_probe
from stagegap.questionnaires.loader import bundled
bundled()
start = time.perf_counter()
run_probe(Path(sys.argv[2]))
print(time.perf_counter() - start)
"""


def _first_run(root: Path, *, two_processes: bool = False) -> float:
    """A command-line run: a new process, nothing cached yet (the timed runs above repeat in
    one process, where per-path caches are warm). Imports and the questionnaire are left out:
    they cost the same whatever the repository."""
    env = dict(os.environ)
    if two_processes:
        env["STAGEGAP_PROBE_PROCESSES"] = "2"
    repo = str(Path(__file__).resolve().parents[2])
    times = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", _FIRST_RUN, repo, str(root)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(done.stdout))
    return min(times)


def _in_two_processes(root: Path) -> None:
    """The probe with its optional second process (probe/codescan.py)."""
    os.environ["STAGEGAP_PROBE_PROCESSES"] = "2"
    try:
        run_probe(root)
    finally:
        del os.environ["STAGEGAP_PROBE_PROCESSES"]


def best(repeat: int, action: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="generate into DIR and keep it")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    holder = None
    if args.keep:
        root = args.keep
    else:
        holder = tempfile.TemporaryDirectory(prefix="stagegap-bench-")
        root = Path(holder.name)
    try:
        if not (root / "services").exists():
            count = generate(root)
            print(f"generated {count} files (+{NODE_MODULES_FILES} in node_modules) in {root}")
        chosen = {f.relative for f in discover(root, Environments(), wanted, Warnings())}
        floor(str(root), chosen, VENDORED)  # warm the page cache for both contenders
        floor_time = best(args.repeat, lambda: floor(str(root), chosen, VENDORED))
        result = run_probe(root)
        probe_time = best(args.repeat, lambda: run_probe(root))
        two = best(args.repeat, lambda: _in_two_processes(root))
        cold = _first_run(root)
        cold_two = _first_run(root, two_processes=True)
        ratio = probe_time / floor_time
        print(f"config files read:     {len(chosen)}")
        print(f"findings:              {len(result.findings)}")
        print(f"floor (walk + read):   {floor_time * 1000:8.1f} ms")
        print(f"probe (full run):      {probe_time * 1000:8.1f} ms")
        print(
            f"  in two processes:    {two * 1000:8.1f} ms   "
            f"({two / floor_time:.2f}x; STAGEGAP_PROBE_PROCESSES=2)"
        )
        print(
            f"  first run in a fresh process (imports excluded, best of 3): {cold * 1000:.1f} ms "
            f"({cold / floor_time:.2f}x); in two processes {cold_two * 1000:.1f} ms "
            f"({cold_two / floor_time:.2f}x)"
        )
        print(
            f"ratio probe / floor:   {ratio:8.2f}x   (target <= 2.00x: "
            f"{'met' if ratio <= 2.0 else 'NOT met'})"
        )
    finally:
        if holder is not None:
            holder.cleanup()


if __name__ == "__main__":
    main()
