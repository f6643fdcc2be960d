"""The stagegap app: built by `make_app` from an opened workspace (or none yet).

The app only presents and collects. Answers, seals and decisions go to the Workspace through
one writer thread (tui.workers.Saver); scores, classes and risks come from reports.reconcile.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.events import DescendantFocus

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.commands import StagegapCommands
from stagegap.tui.hooks import Exporter, ProbeRunner, export_audit, run_probe
from stagegap.tui.keymap import Keymap
from stagegap.tui.messages import Saved, SaveFailed
from stagegap.tui.workers import Saver

if TYPE_CHECKING:
    from stagegap.tui.screens.home import HomeScreen

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"
T = TypeVar("T")


PRELOAD_FIRST = ("session", "workshop", "probe_run")  # where people go from home


def screen_modules() -> tuple[str, ...]:
    """Every screen module but home (already loaded), the likeliest next ones first: found,
    not listed, so a new screen is preloaded too."""
    import pkgutil

    from stagegap.tui import screens

    def first_the_likeliest(name: str) -> tuple[int, str]:
        rank = PRELOAD_FIRST.index(name) if name in PRELOAD_FIRST else len(PRELOAD_FIRST)
        return rank, name

    found = (m.name for m in pkgutil.iter_modules(screens.__path__) if m.name != "home")
    return tuple(f"{screens.__name__}.{name}" for name in sorted(found, key=first_the_likeliest))


PRELOAD_TICK = 0.05  # seconds between two preloaded screen modules: keys get in between


class StagegapApp(App[None]):
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    TITLE = "stagegap"
    SUB_TITLE = "staging / production gap audit"
    COMMANDS = App.COMMANDS | {StagegapCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help", tooltip="Keys and how an audit runs"),
        Binding(
            "ctrl+t",
            "toggle_theme",
            "Theme",
            id="app.theme",
            show=False,
            tooltip="Switch between the light and the dark theme",
        ),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(
        self,
        workspace: Workspace | None,
        *,
        cwd: Path,
        probe_runner: ProbeRunner | None = None,
        exporter: Exporter | None = None,
        today: dt.date | None = None,
        cursor_blink: bool = True,
        theme: str = DARK_THEME,
        keymap: Keymap | None = None,
    ) -> None:
        super().__init__()
        self.keymap = keymap or Keymap()
        self.workspace = workspace
        self.cwd = cwd
        self.probe_runner: ProbeRunner = probe_runner or run_probe
        self.exporter: Exporter = exporter or export_audit
        self.today = today
        self.cursor_blink = cursor_blink
        self._initial_theme = theme
        self.current_role: Role | None = None  # the respondent this terminal last answered as
        self.saver = Saver(on_saved=self._saved_from_thread, on_error=self._failed_from_thread)

    # ------------------------------------------------------------------ lifecycle

    def on_mount(self) -> None:
        self.theme = self._initial_theme
        if self.keymap.bindings:
            self.set_keymap(self.keymap.bindings)
        for problem in self.keymap.problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=15)
        from stagegap.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        self.call_after_refresh(self.set_timer, PRELOAD_TICK, self._preload_screens)

    def _preload_screens(self, pending: tuple[str, ...] | None = None) -> None:
        """Once home is on screen, import the other screens' modules (and, through them,
        Textual's heavier widgets and the reconciliation) one per tick while the user reads,
        so the first switch to each costs what every later one does. On the UI thread: the
        one run that imported them in a worker thread crashed in a Select's mount."""
        if pending is None:
            pending = screen_modules()
        if not pending:
            return
        from importlib import import_module

        import_module(pending[0])
        self.set_timer(PRELOAD_TICK, lambda: self._preload_screens(pending[1:]))

    def on_unmount(self) -> None:
        self.saver.close()

    async def action_quit(self) -> None:
        """Everything is saved as it is typed; a keystroke still in flight is saved here."""
        from stagegap.tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.leave()
        self.saver.flush()
        self.exit()

    @on(DescendantFocus)
    def _no_blink(self, event: DescendantFocus) -> None:
        widget = event.widget
        if not self.cursor_blink and hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False

    # ------------------------------------------------------------------ saving

    def save(self, key: str, job: Callable[[], object]) -> None:
        """Queue a workspace write on the writer thread; never blocks the UI."""
        self.saver.submit(key, job)

    async def write(self, key: str, job: Callable[[], T]) -> T:
        """A workspace write whose result is needed: in order with every other write, on the
        writer thread, awaited without blocking the UI. Its error is raised here."""
        return await asyncio.wrap_future(self.saver.run(key, job))

    def _saved_from_thread(self, key: str) -> None:
        self.post_message(Saved(key))

    def _failed_from_thread(self, key: str, exc: Exception) -> None:
        self.post_message(SaveFailed(key, str(exc)))

    def on_saved(self, message: Saved) -> None:
        if self.screen_stack:
            self.screen.post_message(Saved(message.key))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.notify(message.error, title="Could not save", severity="error", timeout=10)
        if self.screen_stack:
            self.screen.post_message(SaveFailed(message.key, message.error))

    # ------------------------------------------------------------------ actions

    @property
    def ws(self) -> Workspace:
        """The open workspace: every screen past home is reached only with one."""
        if self.workspace is None:
            raise RuntimeError("no workspace is open")
        return self.workspace

    def set_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.sub_title = workspace.manifest.organisation

    def action_help(self) -> None:
        from stagegap.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def _home(self) -> HomeScreen | None:
        from stagegap.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                return screen
        return None

    def action_answer(self, role: str) -> None:
        home = self._home()
        if home is not None:
            home.open_session(Role(role))

    def action_probe(self) -> None:
        home = self._home()
        if home is not None:
            home.open_probe()

    def action_workshop(self) -> None:
        home = self._home()
        if home is not None:
            home.open_workshop()

    def action_export(self) -> None:
        home = self._home()
        if home is not None:
            home.open_export()


def make_app(
    workspace: Workspace | None,
    *,
    cwd: Path,
    probe_runner: ProbeRunner | None = None,
    exporter: Exporter | None = None,
    today: dt.date | None = None,
    cursor_blink: bool = True,
    theme: str = DARK_THEME,
    keymap: Keymap | None = None,
) -> StagegapApp:
    """Build the app from an opened workspace (None: start with the create dialog) and the
    user's keymap, already read (tui.keymap.load_keymap)."""
    return StagegapApp(
        workspace,
        cwd=cwd,
        probe_runner=probe_runner,
        exporter=exporter,
        today=today,
        cursor_blink=cursor_blink,
        theme=theme,
        keymap=keymap,
    )


class _InApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


def stagegap_app(node: _InApp) -> StagegapApp:
    """The running StagegapApp, typed: screens and widgets reach the workspace, the writer and
    the hooks through this instead of an untyped `self.app`."""
    app = node.app
    if not isinstance(app, StagegapApp):
        raise TypeError(f"{type(node).__name__} runs outside the stagegap app")
    return app
