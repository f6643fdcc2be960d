"""The command palette: every action of the app, titled by group ("audit: ...")."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider


class StagegapCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        from stagegap.tui.app import stagegap_app

        app = stagegap_app(self)
        screen = self.screen  # the screen the palette was opened from
        run = app.run_action
        commands: list[tuple[str, str, Callable[[], object]]] = [
            (
                "audit: answer as the CTO",
                "Open the CTO's session",
                partial(run, "app.answer('cto')"),
            ),
            (
                "audit: answer as the engineer",
                "Open the engineer's session",
                partial(run, "app.answer('engineer')"),
            ),
            (
                "audit: run the probe",
                "Read the repository's configuration",
                partial(run, "app.probe"),
            ),
            (
                "audit: open the workshop",
                "The divergence map, the agenda and the decisions",
                partial(run, "app.workshop"),
            ),
            ("export: the report", "PDF, HTML, Markdown, JSON or CSV", partial(run, "app.export")),
            (
                "view: toggle light / dark theme",
                "Switch the theme",
                partial(run, "app.toggle_theme"),
            ),
            ("view: help", "Keys and how an audit runs", partial(run, "app.help")),
            ("app: quit", "Everything is saved already", partial(run, "app.quit")),
        ]
        # The current screen's own actions (session: seal, hand over, ...).
        for binding in screen.BINDINGS:
            if not isinstance(binding, Binding) or not binding.id:
                continue
            group = binding.id.split(".")[0]
            if group in ("home", "app", "help"):
                continue
            title = (
                f"{'audit' if group != 'workshop' else 'workshop'}: "
                f"{(binding.tooltip or binding.description).lower()}"
            )
            key = app.keymap.bindings.get(binding.id, binding.key)
            commands.append((title, key, partial(run, binding.action, screen)))
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
