"""Help (F1): how an audit runs, and every key of every screen, read from the live bindings
(a remapped key shows as remapped). Scrolls from the keyboard; `/` searches."""

from __future__ import annotations

from itertools import groupby

from rich.markdown import Markdown as RichMarkdown
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static

from stagegap.tui.app import stagegap_app
from stagegap.tui.bindings import KeyRow, key_rows

INTRO = """\
## How an audit runs

1. **Each human answers alone.** The CTO and the engineer each open their session from home,
   answer the seven dimensions and **seal**. Nobody sees another's answers before both sealed.
2. **The probe reads the configuration** of the repository and answers as the third respondent.
3. **The workshop** shows where the three disagree, and records a decision for every gap.
4. **Export** the report (PDF, HTML, Markdown, JSON, CSV).

Every change is saved the moment you make it; quitting or a killed terminal loses nothing.
In a form, `tab` moves to the next field, `space` or `enter` chooses, and `enter` in a text
field moves on (from the staging field to the production field first). `ctrl+p` opens the
command palette, with every action by name.
"""


SEARCH_PAUSE = 0.15  # seconds without a key before the search runs


def _key(key: str) -> str:
    return " ".join(f"`{k.strip()}`" for k in key.split(","))


def keys_markdown(rows: list[KeyRow], query: str = "") -> str:
    shown = [r for r in rows if r.matches(query)] if query else rows
    if not shown:
        return f"No key matches {query!r}."
    parts = [f"{len(shown)} of {len(rows)} keys match {query!r}.\n" if query else ""]
    for where, group in groupby(shown, key=lambda r: r.where):
        parts.append(f"### {where[:1].upper()}{where[1:]}\n\n| Key | Does | Id |\n|---|---|---|")
        parts += [f"| {_key(r.key)} | {r.does} | `{r.id}` |" for r in group]
        parts.append("")
    return "\n".join(parts)


class HelpText(Static):
    """The help as Markdown, drawn by Rich in one piece: Textual's Markdown widget builds a
    widget per table cell and took seconds for the key tables."""

    source = ""

    def show(self, source: str) -> None:
        self.source = source
        self.update(RichMarkdown(source))


class HelpScreen(ModalScreen[None]):
    AUTO_FOCUS = "#help-scroll"  # keys scroll at once; / goes to the search
    HELP_TITLE = "help"
    HELP_ORDER = 30
    BINDINGS = [
        Binding("escape,f1", "close", "Close", id="help.close"),
        Binding("slash", "search", "Search", id="help.search", tooltip="Search the keys"),
    ]

    rows: list[KeyRow] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide help-dialog"):
            yield Static(
                "stagegap help   (/ searches, PageDown scrolls, Esc closes)", classes="dialog-title"
            )
            yield Input(placeholder="Search keys: e.g. seal, ctrl+s, workshop", id="help-search")
            with VerticalScroll(id="help-scroll"):
                yield HelpText(id="help-text")

    def on_mount(self) -> None:
        self.query_one(HelpText).show(self._source(""))
        self._read_keys()

    @work(thread=True, exclusive=True, group="help-keys", exit_on_error=False)
    def _read_keys(self) -> None:
        """The first time, finding every screen's bindings imports every screen (about two
        seconds with the workshop's and the export's dependencies): off the UI thread, so the
        help opens at once and the keys follow."""
        rows = key_rows(stagegap_app(self).keymap.bindings)
        self.app.call_from_thread(self._keys_read, rows)

    def _keys_read(self, rows: list[KeyRow]) -> None:
        self.rows = rows
        query = self.query_one("#help-search", Input).value.strip()
        self.query_one(HelpText).show(self._source(query))

    def _source(self, query: str) -> str:
        if self.rows is None:
            return f"{INTRO}\n## Keys\n\nReading the keys of every screen…\n"
        keys = keys_markdown(self.rows, query)
        intro = "" if query else INTRO
        return f"{intro}\n## Keys\n\n{keys}\n{self._remapped()}"

    def _remapped(self) -> str:
        keymap = stagegap_app(self).keymap
        if not keymap.bindings:
            where = (
                f"`{keymap.path}`" if keymap.path else "`keymap.yaml` in stagegap's config folder"
            )
            return (
                f"\nKeys can be remapped in {where}: one `binding id: key` per line, "
                "e.g. `session.next: ctrl+j` (the ids are in the tables above).\n"
            )
        rows = "\n".join(f"| `{i}` | `{k}` |" for i, k in sorted(keymap.bindings.items()))
        return (
            f"\n## Your keymap\n\nFrom `{keymap.source}`; the keys above include these.\n\n"
            f"| Binding | Key |\n|---|---|\n{rows}\n"
        )

    _pending_search: Timer | None = None

    @on(Input.Changed, "#help-search")
    def _search_soon(self) -> None:
        """Search once typing pauses: drawing the tables on every key made typing lag."""
        if self._pending_search is not None:
            self._pending_search.stop()
        self._pending_search = self.set_timer(SEARCH_PAUSE, self._search)

    def _search(self) -> None:
        query = self.query_one("#help-search", Input).value.strip()
        self.query_one(HelpText).show(self._source(query))
        self.query_one("#help-scroll", VerticalScroll).scroll_home(animate=False)

    @on(Input.Submitted, "#help-search")
    def _to_results(self) -> None:
        if self._pending_search is not None:
            self._pending_search.stop()
        self._search()
        self.query_one("#help-scroll").focus()

    def action_search(self) -> None:
        self.query_one("#help-search", Input).focus()

    def action_close(self) -> None:
        self.dismiss()
