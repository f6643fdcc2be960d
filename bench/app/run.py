"""How fast does the workshop app answer? Launch to first paint, and each main screen switch.

    python bench/app/run.py [--repeat N]

1. Launch to first paint, as a whole process. The app is started as a user starts it (the
   `stagegap` command, in a workspace folder) on a pseudo-terminal of 120x40, and the clock stops
   when the terminal has received the home screen's text ("Answer as the CTO"): interpreter
   start, imports, reading the workspace, composing and the first frame all count, as they do
   for a person waiting at a terminal. A pty rather than Textual's headless mode, because
   headless mode skips the driver and the real write to a terminal, and starts inside an
   already-running interpreter. The baseline is the smallest Textual app (bench/app/baseline.py,
   one Static) launched the same way in the same run, so the ratio says what stagegap adds to
   Textual's own start, whatever the machine's speed that minute. Beside the wall clock, the
   CPU the process had used by then (/proc, Linux): on a busy machine the wall clock measures
   the neighbours too, the CPU time hardly.

2. Screen switches and keystrokes, in process, through App.run_test()'s pilot at 120x40:
   time.perf_counter() from the key press until the first frame of the new screen has been
   composed (App._display, where a frame goes to the terminal). The first switch to each screen
   is reported apart from the repeated ones; it is measured once the app has preloaded its
   screens, as a person reading home first meets it. The baseline is a two-screen Textual app
   switched by a key, measured the same way: the pilot's own cost. Beside the wall clock, the
   process's CPU time meanwhile (time.process_time(), every thread).

The workspace is the demo's: the bundled questionnaire, both humans' answers (sealed), the
probe's answers and findings and the workshop's decisions, so every screen has real content.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
COLUMNS, ROWS = 120, 40
TODAY = dt.date(2026, 11, 26)
HOME_MARK = "Answer as the CTO"
BASELINE_MARK = "baseline ready"
LAUNCH_TIMEOUT = 60.0
TARGET_FIRST_PAINT = 0.5
TARGET_SWITCH = 0.1
ANSI = re.compile(
    r"\x1b(?:\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|.)"
)


# ----------------------------------------------------------------------------- the workspace


def demo_workspace(root: Path) -> Path:
    """The demo audit, without running the probe or rendering a report: both humans have
    answered and sealed, the probe's recorded answers and findings, the workshop's decisions."""
    from stagegap.questionnaires.model import HUMAN_ROLES, Role
    from stagegap.questionnaires.workspace import Workspace
    from stagegap.reports.demo import load_answers, load_decisions, load_probe_record

    ws = Workspace.create(root / "audit", "Larkspur Commerce")
    for role in HUMAN_ROLES:
        answers, name = load_answers(ws, role, TODAY)
        ws.import_answers(role, answers, name)
        ws.seal(role)
    probe_answers, _ = load_answers(ws, Role.PROBE, TODAY)
    ws.record_probe(probe_answers, load_probe_record(TODAY))
    for item_id, decision in load_decisions(TODAY).items():
        ws.set_decision(item_id, decision)
    return ws.root


# ----------------------------------------------------------------------------- launch


class Launch(NamedTuple):
    wall: float  # seconds from start to the mark on screen
    cpu: float | None  # seconds of CPU the process used by then (Linux), steadier under load


def cpu_of(pid: int) -> float | None:
    """User + system CPU seconds of a running process, all its threads (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_paint(argv: list[str], cwd: Path, mark: str) -> Launch:
    """From starting `argv` on a fresh 120x40 pty until `mark` has been drawn on it."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", COLORTERM="truecolor")
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    received = b""
    try:
        while True:
            left = LAUNCH_TIMEOUT - (time.perf_counter() - start)
            if left <= 0:
                raise SystemExit(f"{argv}: nothing like {mark!r} on screen after {LAUNCH_TIMEOUT}s")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the process closed the terminal
                chunk = b""
            if not chunk:
                tail = ANSI.sub("", received.decode("utf-8", "replace"))[-400:]
                raise SystemExit(f"{argv} ended before drawing {mark!r}: {tail!r}")
            received += chunk
            if mark in ANSI.sub("", received.decode("utf-8", "replace")):
                return Launch(time.perf_counter() - start, cpu_of(process.pid))
    finally:
        _stop(process, master)


def _stop(process: subprocess.Popen[bytes], master: int) -> None:
    """ctrl+q as a user would quit, then make sure nothing is left running."""
    try:
        os.write(master, b"\x11")
        deadline = time.monotonic() + 5
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def stagegap_command() -> list[str]:
    script = Path(sys.executable).parent / "stagegap"
    found = str(script) if script.exists() else shutil.which("stagegap")
    return [found] if found else [sys.executable, "-m", "stagegap"]


# ----------------------------------------------------------------------------- switches


class Frames:
    """When each frame was composed and for which screen: App._display is where a frame goes
    to the terminal (in run_test() the headless driver then drops it)."""

    def __init__(self, app: Any) -> None:
        self.log: list[tuple[float, float, str]] = []
        display = app._display

        def recorded(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.log.append((time.perf_counter(), time.process_time(), type(screen).__name__))

        app._display = recorded

    def first_after(self, start: float, screen: str | None) -> tuple[float, float] | None:
        """(wall, process CPU) clocks at the first frame of `screen` after `start`."""
        for at, cpu, name in self.log:
            if at > start and (screen is None or name == screen):
                return at, cpu
        return None


class Switch(NamedTuple):
    wall: float
    cpu: float  # the process's CPU seconds meanwhile, all threads: steadier under load


async def timed(pilot: Any, frames: Frames, keys: Iterable[str], screen: str | None) -> Switch:
    """From pressing `keys` until the first frame of `screen` (None: of any screen) has been
    composed. Not pilot.pause(): it waits for the whole process to be idle, which a busy
    neighbour thread or timer stretches by up to a second."""
    start, start_cpu = time.perf_counter(), time.process_time()
    await pilot.press(*keys)
    deadline = start + LAUNCH_TIMEOUT
    while (shown := frames.first_after(start, screen)) is None:
        if time.perf_counter() > deadline:
            raise SystemExit(f"no frame of {screen or 'any screen'} after pressing {keys}")
        await asyncio.sleep(0.001)
    await pilot.pause()  # let the rest settle before the next measurement starts
    return Switch(shown[0] - start, shown[1] - start_cpu)


async def preloaded(pilot: Any) -> None:
    """A person reads home before pressing a key; meanwhile the app imports the other screens
    (StagegapApp._preload_screens). The first switches are measured after that, as a person
    meets them."""
    from stagegap.tui.app import screen_modules

    deadline = time.perf_counter() + LAUNCH_TIMEOUT
    while not all(name in sys.modules for name in screen_modules()):
        if time.perf_counter() > deadline:
            raise SystemExit("the app never finished preloading its screens")
        await pilot.pause(0.05)
    await pilot.pause()


async def stagegap_switches(workspace: Path, repeat: int) -> dict[str, list[Switch]]:
    """Each main switch `repeat` times; the first of each list is the cold one (the screen's
    module imported and the screen built for the first time)."""
    from stagegap.questionnaires.workspace import Workspace
    from stagegap.tui.app import make_app

    app = make_app(Workspace.open(workspace), cwd=workspace, today=TODAY, cursor_blink=False)
    app.animation_level = "none"
    times: dict[str, list[Switch]] = {}

    def note(name: str, switch: Switch) -> None:
        times.setdefault(name, []).append(switch)

    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        frames = Frames(app)
        while type(app.screen).__name__ != "HomeScreen":
            await pilot.pause()
        await preloaded(pilot)
        steps: list[tuple[str, list[str], str | None]] = [
            ("home -> session (c)", ["c"], "SessionScreen"),
            ("keystroke: next item (ctrl+n)", ["ctrl+n"], None),
            ("keystroke: down in a list", ["down"], None),
            ("session -> hand-over (esc)", ["escape"], "HandoverScreen"),
            ("hand-over -> home (enter)", ["enter"], "HomeScreen"),
            ("home -> probe screen (p)", ["p"], "ProbeScreen"),
            ("probe screen -> home (esc)", ["escape"], "HomeScreen"),
            ("home -> workshop (w)", ["w"], "WorkshopScreen"),
            ("workshop -> home (esc)", ["escape"], "HomeScreen"),
        ]
        for _ in range(repeat):
            for name, keys, screen in steps:
                note(name, await timed(pilot, frames, keys, screen))
        assert app.saver.flush(timeout=30)
    return times


async def baseline_switches(repeat: int) -> list[Switch]:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Static

    class Other(Screen[None]):
        BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

        def compose(self) -> ComposeResult:
            yield Static("other screen")
            yield Footer()

    class TwoScreens(App[None]):
        BINDINGS = [Binding("o", "push_screen('other')", "Other")]
        SCREENS = {"other": Other}

        def compose(self) -> ComposeResult:
            yield Static("first screen")
            yield Footer()

    app = TwoScreens()
    app.animation_level = "none"
    times: list[Switch] = []
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        frames = Frames(app)
        await pilot.pause()
        for _ in range(repeat):
            times.append(await timed(pilot, frames, ["o"], "Other"))
            times.append(await timed(pilot, frames, ["escape"], "Screen"))
    return times


# ----------------------------------------------------------------------------- report


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="launches and switches each")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="stagegap-bench-app-") as tmp:
        workspace = demo_workspace(Path(tmp))
        print(f"workspace: the demo audit; {COLUMNS}x{ROWS}; {args.repeat} runs each\n")
        report_launch(workspace, args.repeat)
        report_switches(workspace, args.repeat)


def report_launch(workspace: Path, repeat: int) -> None:
    baseline = [sys.executable, str(HERE / "baseline.py")]
    app_runs: list[Launch] = []
    base_runs: list[Launch] = []
    for _ in range(repeat):  # alternating, so a slow minute hits both
        base_runs.append(first_paint(baseline, workspace, BASELINE_MARK))
        app_runs.append(first_paint(stagegap_command(), workspace, HOME_MARK))
    print("launch to first paint (whole process, pty)")
    print(f"  {'':22} {'median':>8} {'best':>8} {'cpu median':>11}   runs")
    for name, runs in (("stagegap home screen", app_runs), ("baseline Textual app", base_runs)):
        cpus = [r.cpu for r in runs if r.cpu is not None]
        cpu = ms(statistics.median(cpus)) if cpus else "n/a"
        walls = [r.wall for r in runs]
        print(
            f"  {name:22} {ms(statistics.median(walls)):>8} {ms(min(walls)):>8} {cpu:>11}   "
            f"{', '.join(ms(t) for t in walls)}"
        )
    app_median = statistics.median(r.wall for r in app_runs)
    base_median = statistics.median(r.wall for r in base_runs)
    print(
        f"  ratio of medians {app_median / base_median:.2f}x; "
        f"target < {ms(TARGET_FIRST_PAINT)}: {verdict(app_median < TARGET_FIRST_PAINT)}\n"
    )


def report_switches(workspace: Path, repeat: int) -> None:
    switches = asyncio.run(stagegap_switches(workspace, repeat))
    base = asyncio.run(baseline_switches(repeat))
    base_median = statistics.median(s.wall for s in base)
    print("screen switches and keystrokes (pilot, in process; first = cold, then repeated)")
    print(
        f"  {'':34} {'first':>7} {'median':>7} {'worst':>7} {'cpu 1st':>8} {'cpu med':>8} "
        f"{'vs baseline':>12}"
    )
    for name, runs in switches.items():
        warm = runs[1:] or runs
        median = statistics.median(s.wall for s in warm)
        print(
            f"  {name:34} {ms(runs[0].wall):>7} {ms(median):>7} "
            f"{ms(max(s.wall for s in warm)):>7} {ms(runs[0].cpu):>8} "
            f"{ms(statistics.median(s.cpu for s in warm)):>8} {median / base_median:>11.1f}x"
        )
    name = "baseline: two-screen Textual app"
    print(
        f"  {name:34} {ms(base[0].wall):>7} {ms(base_median):>7} "
        f"{ms(max(s.wall for s in base)):>7} {ms(base[0].cpu):>8} "
        f"{ms(statistics.median(s.cpu for s in base)):>8}"
    )
    slowest_first = max(runs[0].wall for runs in switches.values())
    slowest_median = max(
        statistics.median(s.wall for s in (runs[1:] or runs)) for runs in switches.values()
    )
    print(
        f"\n  slowest first switch {ms(slowest_first)}, slowest repeated median "
        f"{ms(slowest_median)}; target < {ms(TARGET_SWITCH)}: "
        f"{verdict(max(slowest_first, slowest_median) < TARGET_SWITCH)}"
    )
    print(f"  load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
