"""A respondent's session: the dimensions, one item at a time, every change saved at once.

The session reads only its own respondent's file: nothing here can show another's answers.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Collapsible, Input, OptionList, Static

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import Dimension, Item, Role
from stagegap.questionnaires.workspace import Workspace, WorkspaceError
from stagegap.tui.app import stagegap_app
from stagegap.tui.messages import AnswerChanged, Saved, SaveFailed
from stagegap.tui.progress import Progress, progress_of
from stagegap.tui.widgets.dimension_sidebar import DimensionSidebar
from stagegap.tui.widgets.footer import StableFooter
from stagegap.tui.widgets.item_editor import ItemEditor

PREFETCH_DELAY = 0.05  # seconds after an item shows before the next editor is built


class SessionScreen(Screen[None]):
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
            tooltip="Previous item",
        ),
        Binding(
            "ctrl+down",
            "next_dimension",
            "Next dim",
            id="session.next_dimension",
            priority=True,
            show=False,
        ),
        Binding(
            "ctrl+up",
            "previous_dimension",
            "Prev dim",
            id="session.previous_dimension",
            priority=True,
            show=False,
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
            "escape",
            "hand_over",
            "Hand over",
            id="session.hand_over",
            tooltip="Leave the session; the screen is cleared for the next person",
        ),
    ]

    def __init__(self, role: Role) -> None:
        super().__init__(classes=f"role-{role.value}")
        self.role = role
        self.index = 0
        self._answers: dict[str, Answer | None] = {}
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
        ids = [e[0] for e in self.entries]
        start = ids.index(response.position) if response.position in ids else 0
        await self.show_item(start, save_position=False)

    # ------------------------------------------------------------------ display

    @property
    def sealed(self) -> bool:
        return self.workspace.manifest.sealed(self.role)

    def progress(self, dimension: str | None = None) -> Progress:
        return progress_of(self.workspace.questionnaire, self._answers.get, dimension)

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
        if self.sealed:
            bar.append("   sealed: changes are kept as amendments", style="italic")
        bar.append("   ")
        bar.append("saving…" if self._pending else "all changes saved", style="dim")
        self.query_one("#session-bar", Static).update(bar)

    async def show_item(
        self, index: int, *, save_position: bool = True, focus: bool = True
    ) -> None:
        """Show one item. Each item's editor is mounted once and kept (hidden when another item
        shows), so moving between items is a display switch, not a remount; the editors not yet
        mounted are built in the background, nearest first."""
        async with self._moving:
            await self._show_item(index, save_position=save_position, focus=focus)
        self._prefetch_soon()

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
        if save_position:
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
        except NoMatches:  # an editor still being composed or already taken apart
            return
        if changed:
            self.save_answer(editor.item_id, answer)

    @on(AnswerChanged)
    def _answer_changed(self, event: AnswerChanged) -> None:
        self.save_answer(event.item_id, event.answer)

    def save_answer(self, item_id: str, answer: Answer | None) -> None:
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
        stagegap_app(self).save(f"{role.value}:{item_id}", job)
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
        event.stop()
        await self.action_next_item()

    async def action_dont_know(self) -> None:
        async with self._moving:  # after any item change already asked for
            self.editor().toggle_dont_know()

    async def action_not_applicable(self) -> None:
        async with self._moving:
            self.editor().toggle_not_applicable()

    # ------------------------------------------------------------------ seal and leave

    def action_seal(self) -> None:
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

    def action_hand_over(self) -> None:
        self.hand_over(self.sealed)

    def hand_over(self, sealed: bool) -> None:
        from stagegap.tui.screens.handover import HandoverScreen

        self.commit_editor()
        self.app.switch_screen(HandoverScreen(self.role, sealed=sealed))
