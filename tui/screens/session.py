"""A respondent's session: the dimensions, one item at a time, every change saved at once.

The session reads only its own respondent's file: nothing here can show another's answers.
It holds the role's session lock (questionnaires.session_lock) while it is open; without it
(the role is open elsewhere, or was taken over) it is read-only and follows the other
session's changes by watching the response file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Collapsible, Input, OptionList, Static

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import ENVIRONMENTS, Dimension, Item, Role
from stagegap.questionnaires.session_lock import (
    HEARTBEAT_EVERY,
    Draft,
    FileWatch,
    SessionError,
    SessionLock,
    holder_of,
    load_state,
    save_draft,
    set_passphrase,
)
from stagegap.questionnaires.workspace import Workspace, WorkspaceError
from stagegap.tui.app import stagegap_app
from stagegap.tui.messages import AnswerChanged, DraftChanged, Saved, SaveFailed
from stagegap.tui.progress import Progress, progress_of
from stagegap.tui.widgets.answer_widgets import AnswerField
from stagegap.tui.widgets.dimension_sidebar import DimensionSidebar
from stagegap.tui.widgets.footer import StableFooter
from stagegap.tui.widgets.item_editor import ItemEditor, signature

PREFETCH_DELAY = 0.05  # seconds after an item shows before the next editor is built
CHANGING_ACTIONS = frozenset({"dont_know", "not_applicable", "seal", "passphrase"})
WATCH_EVERY = 1.0  # seconds between looks at the response file for changes made elsewhere


class SessionScreen(Screen[None]):
    HELP_TITLE = "answering"
    HELP_ORDER = 2
    BINDINGS = [
        Binding(
            "ctrl+n", "next_item", "Next", id="session.next", priority=True, tooltip="Next item"
        ),
        Binding(
            "ctrl+b",
            "previous_item",
            "Back",
            id="session.previous",
            priority=True,
            show=False,  # beside Next in the help; the footer keeps room for Seal and Hand over
            tooltip="Previous item",
        ),
        Binding(
            "ctrl+down",
            "next_dimension",
            "Next dim",
            id="session.next_dimension",
            priority=True,
            show=False,
            tooltip="First item of the next dimension",
        ),
        Binding(
            "ctrl+up",
            "previous_dimension",
            "Prev dim",
            id="session.previous_dimension",
            priority=True,
            show=False,
            tooltip="First item of the previous dimension",
        ),
        Binding(
            "ctrl+g",
            "next_unanswered",
            "To do",
            id="session.unanswered",
            priority=True,
            tooltip="Jump to the next unanswered item",
        ),
        Binding("ctrl+d", "dont_know", "Don't know", id="session.dont_know", priority=True),
        Binding(
            "ctrl+o",
            "not_applicable",
            "Does not apply",
            id="session.not_applicable",
            priority=True,
            show=False,
            tooltip="The item does not apply here (a reason is asked; never counts as safe)",
        ),
        Binding(
            "ctrl+s",
            "seal",
            "Seal",
            id="session.seal",
            priority=True,
            tooltip="Review and seal your answers (they are saved already)",
        ),
        Binding(
            "f2",
            "passphrase",
            "Passphrase",
            id="session.passphrase",
            show=False,
            tooltip="Set or remove the passphrase that opening these answers asks for",
        ),
        Binding(
            "escape",
            "hand_over",
            "Hand over",
            id="session.hand_over",
            tooltip="Leave the session; the screen is cleared for the next person",
        ),
    ]

    def __init__(self, role: Role, *, lock: SessionLock | None = None) -> None:
        super().__init__(classes=f"role-{role.value}")
        self.role = role
        self.role_lock = lock  # None: the role is open elsewhere, this view only looks
        self.index = 0
        self._answers: dict[str, Answer | None] = {}
        self._drafts: dict[str, Draft] = {}  # typed but not an answer yet (session state)
        self._pending = 0
        self._moving = asyncio.Lock()  # one item change at a time (keys and Enter both move)
        self._editors: dict[str, ItemEditor] = {}  # mounted once per item, hidden when not shown
        self._shown_dimension = ""
        self._prefetching = False
        self._sidebar_state: object = None

    @property
    def workspace(self) -> Workspace:
        return stagegap_app(self).ws

    def compose(self) -> ComposeResult:
        ws = self.workspace
        yield Static(id="session-bar", classes="bar")
        with Horizontal(id="session-body"):
            yield DimensionSidebar(ws.questionnaire, id="sidebar")
            with VerticalScroll(id="pane"):
                yield Static(id="dimension-head")
                with Collapsible(title="Why it matters", id="why"):
                    yield Static(id="why-text")
                yield Vertical(id="editor-slot")
        yield StableFooter()

    async def on_mount(self) -> None:
        ws = self.workspace
        response = ws.response(self.role)
        self.entries: list[tuple[str, Dimension, Item]] = [
            (f"{d.id}.{i.id}", d, i) for d, i in ws.questionnaire.items()
        ]
        self._answers = {item_id: response.current(item_id) for item_id, _, _ in self.entries}
        try:
            self._drafts = load_state(ws.root, self.role).drafts
        except SessionError as exc:
            self.notify(str(exc), title="Drafts not read", severity="warning", timeout=15)
        ids = [e[0] for e in self.entries]
        start = ids.index(response.position) if response.position in ids else 0
        self._watch = FileWatch(ws.response_path(self.role))
        self.set_interval(WATCH_EVERY, self.check_elsewhere, name="watch")
        if self.role_lock is not None:
            self.set_interval(HEARTBEAT_EVERY, self._heartbeat, name="heartbeat")
        self.set_class(self.read_only, "-read-only")
        await self.show_item(start, save_position=False)

    # ------------------------------------------------------------------ the role's lock

    @property
    def read_only(self) -> bool:
        return self.role_lock is None

    def _elsewhere(self, *, short: bool = False) -> str:
        holder = holder_of(self.workspace.root, self.role)
        if holder is None:
            return "no longer open elsewhere; Esc and open it again to answer"
        return f"open in {holder.place}" if short else holder.describe()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only: the keys that would change answers leave the footer."""
        return not (self.read_only and action in CHANGING_ACTIONS)

    def _guarded(self, job: Callable[[], object]) -> Callable[[], object]:
        """A save that first checks the role is still this session's: after a take-over it is
        refused (and reported), never written over the new holder's answers."""
        lock = self.role_lock

        def run() -> object:
            taker = lock.taken_by() if lock is not None else None
            if taker is not None:
                raise WorkspaceError(f"not saved: the role was taken over ({taker.describe()})")
            return job()

        return run

    async def _heartbeat(self) -> None:
        lock = self.role_lock
        if lock is None:
            return
        lost_to = await stagegap_app(self).write(f"{self.role.value}:lock", lock.refresh)
        if lost_to is not None and self.role_lock is lock:
            self.role_lock = None
            self._read_only_view()
            self.notify(
                f"The {self.role.label}'s answers were taken over: now {lost_to.describe()}. "
                "This view is read-only and follows their changes.",
                title="Taken over",
                severity="warning",
                timeout=20,
            )

    def _read_only_view(self) -> None:
        self.set_class(True, "-read-only")
        for editor in self._editors.values():
            editor.read_only = True
            editor.disabled = True
        self._sidebar_state = None
        self._update_chrome()
        self.refresh_bindings()
        self.query_one(DimensionSidebar).focus()

    async def check_elsewhere(self) -> None:
        """Follow changes made elsewhere (another terminal, `stagegap answer`): items whose
        answer on disk differs from the one shown are shown again. This session's own writes
        change nothing shown, so they cost one read."""
        if self.role_lock is not None and self.role_lock.taken_by() is not None:
            await self._heartbeat()  # lost: turn read-only now, not at the next heartbeat
        if not self._watch.changed() or not stagegap_app(self).saver.idle:
            return
        response = self.workspace.response(self.role)
        changed = [
            item_id
            for item_id, _, _ in self.entries
            if signature(response.current(item_id)) != signature(self._answers.get(item_id))
        ]
        if not changed:
            return
        async with self._moving:
            for item_id in changed:
                self._answers[item_id] = response.current(item_id)
                editor = self._editors.pop(item_id, None)
                if editor is not None:
                    await editor.remove()
            # The shown item's editor, if it changed, is gone: nothing of it to commit.
            await self._show_item(self.index, save_position=False, focus=not self.read_only)
        if self.read_only:
            self.notify(f"{len(changed)} answer(s) changed elsewhere; shown as they are now.")

    def on_unmount(self) -> None:
        self.leave()  # however the session ends: hand-over, quit, the app closing

    def leave(self) -> None:
        """Save what the editor shows and give the role's lock back."""
        self.commit_editor()
        lock, self.role_lock = self.role_lock, None
        if lock is not None:
            stagegap_app(self).save(f"{self.role.value}:lock-release", lock.release)

    # ------------------------------------------------------------------ display

    @property
    def sealed(self) -> bool:
        return self.workspace.manifest.sealed(self.role)

    def progress(self, dimension: str | None = None) -> Progress:
        return progress_of(
            self.workspace.questionnaire, self._answers.get, dimension, drafts=self._drafts
        )

    def _update_chrome(self) -> None:
        item_id, dimension, _ = self.entries[self.index]
        dims = self.workspace.questionnaire.dimensions
        progress = {d.id: self.progress(d.id) for d in dims}
        state = ({d: (p.answered, p.total) for d, p in progress.items()}, dimension.id)
        if state != self._sidebar_state:  # rebuilding the options costs; most moves change none
            self._sidebar_state = state
            self.query_one(DimensionSidebar).show(progress, dimension.id)
        total = self.progress()
        bar = Text.assemble(
            (f" {self.role.label} ", "bold reverse"),
            f"  {self.workspace.manifest.organisation}   ",
            f"{total.answered}/{total.total} answered",
        )
        if total.dont_know:
            bar.append(f", {total.dont_know} don't know")
        if total.not_applicable:
            bar.append(f", {total.not_applicable} n/a")
        if total.in_progress:
            bar.append(f", {total.in_progress} in progress", style="bold")
        if self.read_only:
            bar.append(f"   READ-ONLY: {self._elsewhere(short=True)}", style="bold")
        elif self.sealed:
            bar.append("   sealed: changes are kept as amendments", style="italic")
        if not self.read_only:
            bar.append("   ")
            bar.append("saving…" if self._pending else "all changes saved", style="dim")
        self.query_one("#session-bar", Static).update(bar)

    async def show_item(
        self, index: int, *, save_position: bool = True, focus: bool = True
    ) -> None:
        """Show one item. Each item's editor is mounted once and kept (hidden when another item
        shows), so moving between items is a display switch, not a remount; the editors not yet
        mounted are built in the background, nearest first.

        Text that is not a value (a date 2026-13-45, `none` for a number) stops the move: the
        message is shown under the field, which keeps the focus. Leaving an item half answered
        is allowed (what is typed is kept as in progress) with a warning."""
        async with self._moving:
            if not self._may_leave(index):
                return
            leaving = self._leaving_note(index)
            await self._show_item(index, save_position=save_position, focus=focus)
        if leaving:
            self.notify(leaving, title="Kept in progress", severity="warning")
        self._prefetch_soon()

    def _may_leave(self, index: int) -> bool:
        editor = self._editors.get(self.entries[self.index][0]) if self._editors else None
        if editor is None or index == self.index or not editor.is_mounted:
            return True
        field = editor.invalid_field()
        if field is None:
            return True
        field.show_error(field.error)
        field.focus_input()
        self.notify(f"Expected {field.error}.", title="Not moved on", severity="warning")
        return False

    def _leaving_note(self, index: int) -> str:
        item_id, _, item = self.entries[self.index]
        editor = self._editors.get(item_id)
        if editor is None or index == self.index or not editor.is_mounted:
            return ""
        why = editor.incomplete
        return f"{item.prompt_for(self.role.value)} {why}" if why else ""

    async def _show_item(self, index: int, *, save_position: bool, focus: bool) -> None:
        index = max(0, min(index, len(self.entries) - 1))
        previous = self._editors.get(self.entries[self.index][0]) if self._editors else None
        self.commit_editor()
        self.index = index
        item_id, dimension, _ = self.entries[index]
        editor = self._editors.get(item_id)
        with self.app.batch_update():
            if dimension.id != self._shown_dimension:
                self._shown_dimension = dimension.id
                self.query_one("#dimension-head", Static).update(self._dimension_head(dimension))
                self.query_one("#why-text", Static).update(dimension.why.strip())
            if editor is None:
                editor = self._new_editor(index)
                await self.query_one("#editor-slot").mount(editor)
            else:
                editor.display = True
            # Focus the new editor before the old one is hidden, so focus moves once (no
            # detour through another widget) and a key typed next lands here.
            if focus:
                editor.focus_answer()
            if previous is not None and previous is not editor:
                previous.display = False
            self._update_chrome()
            self.query_one("#pane", VerticalScroll).scroll_home(animate=False)
        if save_position and not self.read_only:
            ws, role = self.workspace, self.role
            stagegap_app(self).save(
                f"{role.value}:position",
                lambda: ws.set_position(role, item_id),
            )

    def _dimension_head(self, dimension: Dimension) -> Text:
        dims = self.workspace.questionnaire.dimensions
        d_index = next(n for n, d in enumerate(dims) if d.id == dimension.id)
        head = Text()
        head.append(f"{d_index + 1}/{len(dims)}  {dimension.title}\n", style="bold")
        head.append(dimension.question)
        return head

    def _new_editor(self, index: int) -> ItemEditor:
        item_id, dimension, item = self.entries[index]
        local = [e for e in self.entries if e[1].id == dimension.id]
        i_index = next(n for n, e in enumerate(local) if e[0] == item_id)
        editor = ItemEditor(
            item_id,
            item,
            prompt=item.prompt_for(self.role.value),
            answer=self._answers.get(item_id),
            environments=self.workspace.manifest.environments,
            position=f"Item {i_index + 1} of {len(local)}",
            draft=self._drafts.get(item_id),
            read_only=self.read_only,
        )
        self._editors[item_id] = editor
        return editor

    def _prefetch_soon(self) -> None:
        if not self._prefetching and len(self._editors) < len(self.entries):
            self._prefetching = True
            self.set_timer(PREFETCH_DELAY, self._prefetch)

    async def _prefetch(self) -> None:
        """Mount the nearest editor not yet mounted, hidden; then the next, one per idle turn,
        so a key pressed meanwhile waits for at most one editor."""
        self._prefetching = False
        if not self.is_attached:
            return
        if self._moving.locked():  # an item change is under way: after it
            self._prefetch_soon()
            return
        async with self._moving:
            for step in range(1, len(self.entries)):
                for n in (self.index + step, self.index - step):
                    if 0 <= n < len(self.entries) and self.entries[n][0] not in self._editors:
                        editor = self._new_editor(n)
                        editor.display = False
                        await self.query_one("#editor-slot").mount(editor)
                        break
                else:
                    continue
                break
        self._prefetch_soon()

    def editor(self) -> ItemEditor:
        return self._editors[self.entries[self.index][0]]

    @property
    def editors_built(self) -> bool:
        """Every item's editor is mounted (tests wait for this before a screenshot)."""
        return len(self._editors) == len(self.entries) and not self._moving.locked()

    # ------------------------------------------------------------------ saving

    def commit_editor(self) -> None:
        """Save what the current editor shows, even if its Changed message is in flight."""
        if not getattr(self, "entries", None):
            return
        editor = self._editors.get(self.entries[self.index][0])
        if editor is None or not editor.is_attached or editor._closing or editor._closed:
            return
        try:
            changed, answer = editor.commit()
            draft_changed, draft = editor.commit_draft()
        except NoMatches:  # an editor still being composed or already taken apart
            return
        if changed:
            self.save_answer(editor.item_id, answer)
        if draft_changed:
            self.save_draft(editor.item_id, draft)

    @on(AnswerChanged)
    def _answer_changed(self, event: AnswerChanged) -> None:
        self.save_answer(event.item_id, event.answer)

    @on(DraftChanged)
    def _draft_changed(self, event: DraftChanged) -> None:
        self.save_draft(event.item_id, event.draft)

    def save_draft(self, item_id: str, draft: Draft | None) -> None:
        """Keep what is typed but not an answer yet in the role's session state, at once."""
        if self.read_only:
            return
        root, role = self.workspace.root, self.role
        if draft:
            self._drafts[item_id] = draft
        elif self._drafts.pop(item_id, None) is None:
            return
        self._pending += 1
        stagegap_app(self).save(
            f"{role.value}:draft:{item_id}",
            self._guarded(lambda: save_draft(root, role, item_id, draft)),
        )
        self._update_chrome()

    def save_answer(self, item_id: str, answer: Answer | None) -> None:
        if self.read_only:
            return
        ws, role = self.workspace, self.role
        if answer is None:
            if self.sealed:
                self.notify("Sealed answers can be changed, not cleared.", severity="warning")
                return
            self._answers[item_id] = None
            job = lambda: ws.clear_answer(role, item_id)  # noqa: E731
        else:
            self._answers[item_id] = answer
            job = lambda: ws.set_answer(role, item_id, answer)  # noqa: E731
        self._pending += 1
        stagegap_app(self).save(f"{role.value}:{item_id}", self._guarded(job))
        self._update_chrome()

    def on_saved(self, message: Saved) -> None:
        if stagegap_app(self).saver.idle:
            self._pending = 0
            self._update_chrome()

    def on_save_failed(self, message: SaveFailed) -> None:
        self._pending = 0
        self._update_chrome()

    # ------------------------------------------------------------------ navigation

    async def action_next_item(self) -> None:
        if self.index >= len(self.entries) - 1:
            self.notify("That was the last item. Ctrl+G finds any unanswered; Ctrl+S seals.")
            return
        await self.show_item(self.index + 1)

    async def action_previous_item(self) -> None:
        if self.index > 0:
            await self.show_item(self.index - 1)

    def _dimension_start(self, dimension_id: str) -> int:
        return next(n for n, e in enumerate(self.entries) if e[1].id == dimension_id)

    async def _go_dimension(self, step: int) -> None:
        dims = [d.id for d in self.workspace.questionnaire.dimensions]
        current = dims.index(self.entries[self.index][1].id)
        target = current + step
        if 0 <= target < len(dims):
            await self.show_item(self._dimension_start(dims[target]))

    async def action_next_dimension(self) -> None:
        await self._go_dimension(1)

    async def action_previous_dimension(self) -> None:
        await self._go_dimension(-1)

    async def action_next_unanswered(self) -> None:
        count = len(self.entries)
        for step in range(1, count + 1):
            n = (self.index + step) % count
            if self._answers.get(self.entries[n][0]) is None:
                await self.show_item(n)
                return
        self.notify("Every item is answered. Ctrl+S to review and seal.")

    @on(OptionList.OptionSelected, "#sidebar")
    async def _dimension_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            start = self._dimension_start(event.option_id)
            unanswered = [
                n
                for n, e in enumerate(self.entries)
                if e[1].id == event.option_id and self._answers.get(e[0]) is None
            ]
            await self.show_item(unanswered[0] if unanswered else start)

    @on(Input.Submitted)
    async def _enter_moves_on(self, event: Input.Submitted) -> None:
        """Enter moves on: from the first environment's field to the second's, else to the
        next item."""
        event.stop()
        field = next((a for a in event.input.ancestors if isinstance(a, AnswerField)), None)
        if field is not None and field.id == f"field-{ENVIRONMENTS[0]}":
            editor = self.editor()
            if field.invalid:
                field.show_error(field.error)
                return
            editor.query_one(f"#field-{ENVIRONMENTS[1]}", AnswerField).focus_input()
            return
        await self.action_next_item()

    def _refuse_when_read_only(self) -> bool:
        if self.read_only:
            self.notify(f"Read-only: {self._elsewhere()}.", severity="warning")
        return self.read_only

    async def action_dont_know(self) -> None:
        if self._refuse_when_read_only():
            return
        async with self._moving:  # after any item change already asked for
            self.editor().toggle_dont_know()

    async def action_not_applicable(self) -> None:
        if self._refuse_when_read_only():
            return
        async with self._moving:
            self.editor().toggle_not_applicable()

    # ------------------------------------------------------------------ seal and leave

    def action_seal(self) -> None:
        if self._refuse_when_read_only():
            return
        self.commit_editor()
        manifest = self.workspace.manifest
        if manifest.sealed(self.role):
            entry = manifest.respondents[self.role]
            self.notify(
                f"{self.role.label} sealed on {entry.seal.at:%Y-%m-%d}."  # type: ignore[union-attr]
                " Changes are kept as amendments."
            )
            return
        from stagegap.tui.screens.seal import SealDialog

        self.app.push_screen(
            SealDialog(
                self.role,
                self.workspace.questionnaire,
                self.progress(),
                reasons={
                    item_id: answer.not_applicable
                    for item_id, answer in self._answers.items()
                    if answer is not None and answer.not_applicable is not None
                },
            ),
            self._sealed,
        )

    async def _sealed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        ws, role = self.workspace, self.role
        try:  # queued behind every answer still being saved, so the seal covers them all
            await stagegap_app(self).write(f"{role.value}:seal", lambda: ws.seal(role))
        except WorkspaceError as exc:
            self.notify(str(exc), title="Not sealed", severity="error")
            return
        self.hand_over(True)

    @work(exclusive=True, group="passphrase", exit_on_error=False)
    async def action_passphrase(self) -> None:
        if self._refuse_when_read_only():
            return
        from stagegap.tui.screens.passphrase import PassphraseDialog

        app, root, role = stagegap_app(self), self.workspace.root, self.role
        try:
            has_one = load_state(root, role).passphrase is not None
        except SessionError as exc:
            self.notify(str(exc), severity="error")
            return
        new = await app.push_screen_wait(PassphraseDialog(role, has_one=has_one))
        if new is None:
            return
        await app.write(f"{role.value}:passphrase", lambda: set_passphrase(root, role, new))
        self.notify("Passphrase set." if new else "Passphrase removed.", title=role.label)

    def action_hand_over(self) -> None:
        if self.read_only:  # nothing was answered here: straight back
            self.app.pop_screen()
            return
        self.hand_over(self.sealed)

    def hand_over(self, sealed: bool) -> None:
        from stagegap.tui.screens.handover import HandoverScreen

        self.leave()
        self.app.switch_screen(HandoverScreen(self.role, sealed=sealed))
