"""A progress panel: a bar, the stage being worked on, and the seven dimensions walked.

Workers report through messages; this widget coalesces them into a few reactives, so a flood of
updates costs one refresh per frame."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import ProgressBar, Static


class WorkProgress(Vertical):
    DEFAULT_CSS = """
    WorkProgress { height: auto; }
    WorkProgress ProgressBar { width: 100%; }
    WorkProgress #stage { color: $text-muted; }
    """

    fraction: reactive[float] = reactive(0.0)
    stage: reactive[str] = reactive("")
    steps: reactive[tuple[tuple[str, str], ...]] = reactive(())
    """(id, label) of the steps walked in order (the seven dimensions for the probe)."""

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=100, show_eta=False, id="bar")
        yield Static(id="stage")
        yield Static(id="steps")

    def watch_fraction(self, value: float) -> None:
        self.query_one(ProgressBar).update(progress=round(100 * max(0.0, min(value, 1.0))))

    def watch_stage(self, value: str) -> None:
        self.query_one("#stage", Static).update(value)
        self._draw_steps()

    def watch_steps(self) -> None:
        self._draw_steps()

    def _draw_steps(self) -> None:
        if not self.steps:
            return
        ids = [step_id for step_id, _ in self.steps]
        current = (
            ids.index(self.stage)
            if self.stage in ids
            else (len(ids) if self.stage == "done" else -1)
        )
        line = Text()
        for n, (_, label) in enumerate(self.steps):
            if n < current:
                line.append(f"✓ {label}  ", style="green")
            elif n == current:
                line.append(f"▶ {label}  ", style="bold")
            else:
                line.append(f"· {label}  ", style="dim")
        self.query_one("#steps", Static).update(line)
