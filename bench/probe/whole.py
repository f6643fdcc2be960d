"""Benchmark: the probe as a user runs it, a whole process from start-up to the last byte of
JSON, against a whole-process floor that walks the same tree and reads the same files.

    python bench/probe/whole.py [--services 100 400] [--runs 7] [--keep DIR]

Both contenders start a fresh Python interpreter each run, so start-up, imports and writing
the output are in the probe's figure, and interpreter start-up is in the floor's too. The
floor (floor.py) is a few lines with no stagegap import: `os.walk` skipping the same vendored
folders, reading every file the probe reads. Runs alternate floor, probe, and the probe with its
optional second process (STAGEGAP_PROBE_PROCESSES=2, probe/codescan.py), so a slow spell of a
shared machine falls on all three. Medians are printed, with the ratio
probe / floor per size and the growth from the smallest size to the largest next to the
growth in files (linear means the two match).

Targets (issue 13, item 7): within 3x the floor at 100 services, 2x at 400.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from stagegap.probe.discovery import VENDORED, Warnings, discover  # noqa: E402
from stagegap.probe.environments import Environments  # noqa: E402
from stagegap.probe.sources import wanted  # noqa: E402

TARGETS = {100: 3.0, 400: 2.0}
FLOOR = Path(__file__).resolve().parent / "floor.py"


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds from starting the process to its exit, output thrown away as `> /dev/null`."""
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def user_environment() -> dict[str, str]:
    """As an installed stagegap runs: with compiled bytecode. Some shells and containers set
    PYTHONDONTWRITEBYTECODE, which would make every run compile stagegap's sources anew
    (100-200 ms) while pip's wheels carry their bytecode: the first run here writes it."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(root: Path, runs: int, listing: Path) -> dict[str, list[float]]:
    python = sys.executable
    floor = [python, str(FLOOR), str(root), str(listing), ",".join(sorted(VENDORED))]
    probe = [python, "-m", "stagegap", "probe", str(root), "--json"]
    env = user_environment()
    two = dict(env, STAGEGAP_PROBE_PROCESSES="2")
    times: dict[str, list[float]] = {"floor": [], "probe": [], "two processes": []}
    timed(floor, env)  # warm the page cache (and the bytecode) for every contender
    timed(probe, env)
    for _ in range(runs):
        times["floor"].append(timed(floor, env))
        times["probe"].append(timed(probe, env))
        times["two processes"].append(timed(probe, two))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate under DIR/<services> and keep it")
    args = parser.parse_args()
    holder = tempfile.TemporaryDirectory(prefix="stagegap-whole-")
    scratch = Path(holder.name)
    medians: dict[int, dict[str, float]] = {}
    files: dict[int, int] = {}
    try:
        for services in args.services:
            root = (args.keep or scratch) / str(services)
            if not (root / "services").exists():
                generate(root, services)
            chosen = sorted(f.relative for f in discover(root, Environments(), wanted, Warnings()))
            listing = scratch / f"chosen-{services}.txt"
            listing.write_text("\n".join(chosen), encoding="utf-8")
            files[services] = len(chosen)
            times = measure(root, args.runs, listing)
            medians[services] = {k: statistics.median(v) for k, v in times.items()}
            m = medians[services]
            target = TARGETS.get(services)
            ratio = m["probe"] / m["floor"]
            verdict = (
                ""
                if target is None
                else f"  target <= {target:.1f}x: " + ("met" if ratio <= target else "NOT met")
            )
            print(f"{services} services, {len(chosen)} files read, median of {args.runs} runs:")
            for name, value in m.items():
                spread = f"{min(times[name]):.3f}-{max(times[name]):.3f}"
                print(f"  {name:14s} {value:7.3f} s   (range {spread} s)")
            print(f"  ratio probe / floor        {ratio:6.2f}x{verdict}")
            print(f"  ratio two processes / floor {m['two processes'] / m['floor']:5.2f}x")
        if len(args.services) > 1:
            small, large = min(args.services), max(args.services)
            grew = files[large] / files[small]
            print(
                f"growth {small} -> {large} services: files read x{grew:.2f}, "
                f"probe x{medians[large]['probe'] / medians[small]['probe']:.2f}, "
                f"floor x{medians[large]['floor'] / medians[small]['floor']:.2f}"
            )
    finally:
        holder.cleanup()


if __name__ == "__main__":
    main()
