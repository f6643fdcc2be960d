"""Home: the workspace, each respondent's progress and seal, and what to do next.

It shows counts only, never answers, so it is also safe to leave on screen between respondents.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from stagegap.questionnaires.model import HUMAN_ROLES, Role
from stagegap.questionnaires.response import ProbeRecord, Response
from stagegap.questionnaires.session_lock import (
    Holder,
    Passphrase,
    SessionError,
    SessionLock,
    acquire,
    holder_of,
    load_state,
    record_switch,
    take_over,
    where_am_i,
)
from stagegap.questionnaires.workspace import Workspace, WorkspaceError
from stagegap.tui.app import stagegap_app
from stagegap.tui.progress import plural, progress_of
from stagegap.tui.screens.create_workspace import CreateRequest, CreateWorkspaceDialog
from stagegap.tui.widgets.footer import StableFooter

ACTIONS: list[tuple[str, str]] = [
    ("answer-cto", "Answer as the CTO"),
    ("answer-engineer", "Answer as the engineer"),
    ("probe", "Run the configuration probe"),
    ("workshop", "Open the reconciliation workshop"),
    ("export", "Export the report"),
]


class HomeScreen(Screen[None]):
    HELP_TITLE = "home"
    HELP_ORDER = 1
    BINDINGS = [
        Binding("c", "app.answer('cto')", "CTO", id="home.cto"),
        Binding("e", "app.answer('engineer')", "Engineer", id="home.engineer"),
        Binding("p", "app.probe", "Probe", id="home.probe"),
        Binding("w", "app.workshop", "Workshop", id="home.workshop"),
        Binding("x", "app.export", "Export", id="home.export"),
        Binding("n", "create", "New workspace", id="home.create", show=False),
        Binding("question_mark", "app.help", "Help", id="home.help", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="home"):
            yield Static(id="title", classes="screen-title")
            yield Static(id="respondents")
            yield Static(id="next", classes="next-step")
            with Vertical(id="actions-box"):
                yield OptionList(id="actions")
        yield StableFooter()

    def on_mount(self) -> None:
        self.refresh_state()
        if stagegap_app(self).workspace is None:
            self.call_after_refresh(self.action_create)

    def on_screen_resume(self) -> None:
        self.refresh_state()

    @property
    def workspace(self) -> Workspace | None:
        return stagegap_app(self).workspace

    # ----------------------------------------------------------------- state

    def refresh_state(self) -> None:
        ws = self.workspace
        actions = self.query_one("#actions", OptionList)
        highlighted = actions.highlighted
        actions.clear_options()
        if ws is None:
            cwd = stagegap_app(self).cwd
            self.query_one("#title", Static).update(
                Text.assemble(("stagegap", "bold"), "  no audit workspace in this folder yet")
            )
            self.query_one("#respondents", Static).update(
                Text(
                    f"{cwd}\n\nA workspace is a folder your team can commit to git: the "
                    "manifest, one answer file per respondent, the workshop's decisions and "
                    "the exported reports."
                )
            )
            self.query_one("#next", Static).update("Next: create the workspace (n).")
            actions.add_option(Option("Create a workspace here", id="create"))
            actions.highlighted = 0
            return
        self.app.sub_title = ws.manifest.organisation
        manifest = ws.manifest
        envs = manifest.environments
        title = Text.assemble(
            (manifest.organisation, "bold"),
            f"  {envs.get('staging', 'staging')} vs {envs.get('production', 'production')}",
            (f"   {ws.root.name}/", "dim"),
        )
        self.query_one("#title", Static).update(title)
        responses = {role: ws.response(role) for role in Role}
        record = ws.probe_record()
        self.query_one("#respondents", Static).update(self._table(ws, responses, record))
        self.query_one("#next", Static).update(self._next_step(ws, responses, record))
        for option_id, label in ACTIONS:
            actions.add_option(Option(label, id=option_id))
        actions.highlighted = highlighted if highlighted is not None else 0

    def _table(
        self, ws: Workspace, responses: dict[Role, Response], record: ProbeRecord | None
    ) -> Table:
        table = Table(box=None, expand=True, show_header=True, header_style="bold", pad_edge=False)
        table.add_column("Respondent", no_wrap=True)
        table.add_column("Progress", ratio=1)
        table.add_column("State", no_wrap=True)
        q = ws.questionnaire
        for role in HUMAN_ROLES:
            p = progress_of(q, responses[role].current, drafts=_drafts(ws, role))
            entry = ws.manifest.respondents.get(role)
            name = entry.name if entry and entry.name else ""
            progress = Text(f"{p.answered}/{p.total} answered")
            if p.dont_know:
                progress.append(f", {p.dont_know} don't know", style="dim")
            if p.not_applicable:
                progress.append(f", {p.not_applicable} does not apply", style="dim")
            if p.in_progress:
                progress.append(f", {p.in_progress} in progress", style="bold")
            if entry and entry.seal:
                state = Text(f"sealed {entry.seal.at:%Y-%m-%d}", style="bold green")
            elif p.answered or p.in_progress:
                state = Text("in progress", style="yellow")
            else:
                state = Text("not started", style="dim")
            holder = holder_of(ws.root, role)
            if holder is not None:  # so nobody opens it twice by surprise
                state.append(f", open in {holder.place}", style="italic")
            table.add_row(role.label + (f" ({name})" if name else ""), progress, state)
        observable = sum(1 for _, item in q.items() if item.observable)
        if record is None:
            table.add_row(
                "Probe",
                Text(f"{observable} items readable from config"),
                Text("not run", style="dim"),
            )
        else:
            answered = len(responses[Role.PROBE].answers)
            table.add_row(
                "Probe",
                Text(
                    f"{answered}/{observable} answered, {plural(len(record.findings), 'finding')}"
                ),
                Text(f"ran {record.ran_at:%Y-%m-%d}", style="bold green"),
            )
        return table

    def _next_step(
        self, ws: Workspace, responses: dict[Role, Response], record: ProbeRecord | None
    ) -> Text:
        manifest = ws.manifest
        unsealed = [r for r in HUMAN_ROLES if not manifest.sealed(r)]
        if unsealed:
            who = " and ".join(
                f"the {r.label}" if r is Role.CTO else f"the {r.label.lower()}" for r in unsealed
            )
            step = (
                f"{who[0].upper()}{who[1:]} answer{'s' if len(unsealed) == 1 else ''} alone, "
                "then seal. Nobody sees another's answers until both have sealed."
            )
            if record is None:
                step += " Meanwhile, run the probe on the repository."
            if manifest.workshop_override is not None:
                step += " (The workshop was opened early; the report says so.)"
        elif record is None:
            step = "Both have sealed. Run the probe on the repository, then open the workshop."
        else:
            step = "All three have answered: open the workshop, decide each gap, then export."
        return Text.assemble(("Next: ", "bold"), step)

    # ----------------------------------------------------------------- actions

    @on(OptionList.OptionSelected, "#actions")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option = event.option_id
        if option == "create":
            self.action_create()
        elif option and option.startswith("answer-"):
            self.open_session(Role(option.removeprefix("answer-")))
        elif option == "probe":
            self.open_probe()
        elif option == "workshop":
            self.open_workshop()
        elif option == "export":
            self.open_export()

    def action_create(self) -> None:
        if self.workspace is not None:
            self.notify("This folder already has a workspace.")
            return
        cwd = stagegap_app(self).cwd
        self.app.push_screen(CreateWorkspaceDialog(cwd), self._create)

    async def _create(self, request: CreateRequest | None) -> None:
        if request is None:
            self.notify("No workspace was created.", title="Cancelled")
            return
        app = stagegap_app(self)
        cwd = app.cwd

        def create() -> Workspace:
            return Workspace.create(
                cwd,
                request.organisation,
                staging=request.staging,
                production=request.production,
                questionnaire_file=request.questionnaire_file,
            )

        try:
            ws = await app.write("workspace:create", create)
        except Exception as exc:  # noqa: BLE001 - shown, not raised: SourceErrors too
            self.notify(str(exc), title="Could not create the workspace", severity="error")
            self.call_after_refresh(self.action_create)
            return
        app.set_workspace(ws)
        self.notify(f"Workspace created in {cwd}", title=request.organisation)
        self.refresh_state()

    def _need_workspace(self) -> Workspace | None:
        if self.workspace is None:
            self.action_create()
        return self.workspace

    def open_session(self, role: Role) -> None:
        """Who may open a role's answers, and how: a change of respondent is confirmed (and
        recorded), a passphrase asked for; then the role's session lock is held, or, when the
        role is open elsewhere, the person chooses to look read-only or to take it over.

        The lock is taken here, on the UI thread, not queued behind answers being saved: it
        decides what the next screen is, and it is session coordination, not audit content."""
        from stagegap.tui.screens.session import SessionScreen

        ws = self._need_workspace()
        if ws is None:
            return
        app = stagegap_app(self)
        try:
            state = load_state(ws.root, role)
        except SessionError as exc:
            self.notify(str(exc), title="Not opened", severity="error")
            return
        last = app.current_role
        switching = last is not None and last is not role and role in HUMAN_ROLES
        if not switching and state.passphrase is None:
            got = acquire(ws.root, role, where=where_am_i())
            if isinstance(got, SessionLock):
                app.current_role = role
                app.push_screen(SessionScreen(role, lock=got))
                return
        self._open_session_asking(ws, role, last if switching else None, state.passphrase)

    @work(exclusive=True, group="open-session", exit_on_error=False)
    async def _open_session_asking(
        self, ws: Workspace, role: Role, switched_from: Role | None, passphrase: Passphrase | None
    ) -> None:
        from stagegap.tui.screens.role_check import RoleCheckDialog
        from stagegap.tui.screens.session import SessionScreen
        from stagegap.tui.screens.session_busy import BusyChoice, SessionBusyDialog

        app = stagegap_app(self)
        root, where = ws.root, where_am_i()
        if switched_from is not None or passphrase is not None:
            dialog = RoleCheckDialog(role, last=switched_from, passphrase=passphrase)
            if not await app.push_screen_wait(dialog):
                return
        if switched_from is not None:
            app.save(
                f"{role.value}:switch", lambda: record_switch(root, role, switched_from, where)
            )
        got = acquire(root, role, where=where)
        lock: SessionLock | None = got if isinstance(got, SessionLock) else None
        if isinstance(got, Holder):
            choice = await app.push_screen_wait(SessionBusyDialog(role, got))
            if choice is None:
                return
            if choice is BusyChoice.TAKE_OVER:
                lock = take_over(root, role, where=where)
        if lock is not None:
            app.current_role = role
        await app.push_screen(SessionScreen(role, lock=lock))

    def open_probe(self) -> None:
        if self._need_workspace() is None:
            return
        from stagegap.tui.screens.probe_run import ProbeScreen

        self.app.push_screen(ProbeScreen())

    def open_workshop(self) -> None:
        self._open_after_seals(self._push_workshop)

    def _open_after_seals(self, then: Callable[[], None], *, export: bool = False) -> None:
        """The workshop and the export show everyone's answers: before both humans have
        sealed, only through the recorded override."""
        ws = self._need_workspace()
        if ws is None:
            return
        if ws.can_see_others(Role.CTO):
            then()
            return
        from stagegap.tui.screens.override import OverrideDialog

        def override(result: tuple[str, str] | None) -> None:
            if result is not None:
                self._apply_override(*result, then=then)

        self.app.push_screen(OverrideDialog(ws, export=export), override)

    @work(exclusive=True, group="override", exit_on_error=False)
    async def _apply_override(self, by: str, reason: str, *, then: Callable[[], None]) -> None:
        ws = stagegap_app(self).ws
        try:
            await stagegap_app(self).write(
                "workshop:override", lambda: ws.override_workshop(by, reason)
            )
        except WorkspaceError as exc:
            self.notify(str(exc), severity="error")
            return
        then()

    def _push_workshop(self) -> None:
        from stagegap.tui.screens.workshop import WorkshopScreen

        self.app.push_screen(WorkshopScreen())

    def open_export(self) -> None:
        self._open_after_seals(self._push_export, export=True)

    def _push_export(self) -> None:
        from stagegap.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen())


def _drafts(ws: Workspace, role: Role) -> set[str]:
    """Items the role has typed something into that is not an answer yet."""
    try:
        return set(load_state(ws.root, role).drafts)
    except SessionError:
        return set()  # the session itself says what is wrong with the file
