"""Keys and the shape of an audit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from stagegap.tui.app import stagegap_app

HELP = """\
## How an audit runs

1. **Each human answers alone.** The CTO and the engineer each open their session from home,
   answer the seven dimensions and **seal**. Nobody sees another's answers before both sealed.
2. **The probe reads the configuration** of the repository and answers as the third respondent.
3. **The workshop** shows where the three disagree, and records a decision for every gap.
4. **Export** the report (PDF, HTML, Markdown, JSON, CSV).

## Keys

| Where | Key | Does |
|---|---|---|
| anywhere | `ctrl+p` | command palette: every action |
| anywhere | `f1` | this help |
| anywhere | `ctrl+t` | light / dark theme |
| anywhere | `ctrl+q` | quit (everything is already saved) |
| home | `c` `e` `p` `w` `x` | CTO, engineer, probe, workshop, export |
| session | `ctrl+n` / `ctrl+b` | next / previous item (`enter` in a text field moves on too) |
| session | `ctrl+down` / `ctrl+up` | next / previous dimension |
| session | `ctrl+g` | next unanswered item |
| session | `ctrl+d` | I don't know |
| session | `ctrl+o` | does not apply (asks why; never counts as safe) |
| session | `tab` | the next field: answer, I don't know, does not apply, confidence, note |
| session | `ctrl+s` | review and seal |
| session | `escape` | hand over: leave, the screen shows nothing of your answers |
| probe | `ctrl+r` / `escape` | run / cancel |
| workshop | `enter` | the three answers side by side |
| workshop | `d` | record the decision for the selected item |
| workshop | `tab` | map, agenda and plan |

Every change is saved the moment you make it; quitting or a killed terminal loses nothing.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,f1,q", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide help-dialog"):
            yield Static("stagegap help", classes="dialog-title")
            yield Markdown(HELP + self._remapped(), id="help-text")

    def _remapped(self) -> str:
        keymap = stagegap_app(self).keymap
        if not keymap.bindings:
            where = (
                f"`{keymap.path}`" if keymap.path else "`keymap.yaml` in stagegap's config folder"
            )
            return (
                f"\nKeys can be remapped in {where}: one `binding id: key` per line, "
                "e.g. `session.next: ctrl+j` (ids: `app.`, `home.`, `session.`, `probe.`, "
                "`workshop.` and the action).\n"
            )
        rows = "\n".join(f"| `{i}` | `{k}` |" for i, k in sorted(keymap.bindings.items()))
        return (
            f"\n## Your keymap\n\nFrom `{keymap.source}`; these replace the keys above.\n\n"
            f"| Binding | Key |\n|---|---|\n{rows}\n"
        )

    def action_close(self) -> None:
        self.dismiss()
