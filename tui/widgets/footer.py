"""The footer, in a stable order and rebuilt only when what it shows changes.

Textual's Footer recomposes (every key a new widget) on each focus change, and orders the keys
by the focused widget first: moving from a radio set to an input reordered the footer and cost
about half of an item change. This one keeps the app's keys first (help and quit, so they stay
in view on every screen at 80 columns, where a long footer is cut), then the screen's, then the
focused widget's, and skips the rebuild when the keys shown are the same as last time.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

COMPACT_BELOW = 100


class StableFooter(Footer):
    _shown_signature: tuple[Any, ...] | None = None

    def _shown(self) -> list[tuple[Binding, bool, str]]:
        screen, app = self.screen, self.app

        def declared(node: object) -> list[str]:
            return [b.action for b in getattr(node, "BINDINGS", []) if isinstance(b, Binding)]

        order = {id(screen): declared(screen), id(app): declared(app)}

        def rank(active: Any) -> tuple[int, int]:
            node = active.node
            group = 0 if node is app else 1 if node is screen else 2
            actions = order.get(id(node), [])
            action = active.binding.action
            return group, actions.index(action) if action in actions else len(actions)

        active = sorted((b for b in screen.active_bindings.values() if b.binding.show), key=rank)
        return [(b.binding, b.enabled, b.tooltip) for b in active]

    def _signature(self) -> tuple[Any, ...]:
        shown = tuple(
            (b.key, b.description, b.action, enabled, tooltip)
            for b, enabled, tooltip in self._shown()
        )
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return shown, (palette.enabled if palette else None), self.compact

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._shown_signature = self._signature()
        action_to_bindings: defaultdict[str, list[tuple[Binding, bool, str]]]
        action_to_bindings = defaultdict(list)
        for binding, enabled, tooltip in self._shown():
            action_to_bindings[binding.action].append((binding, enabled, tooltip))
        self.styles.grid_size_columns = len(action_to_bindings)
        for group, grouped in groupby(action_to_bindings.values(), lambda multi: multi[0][0].group):
            multi_bindings = list(grouped)
            if group is not None and len(multi_bindings) > 1:
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for multi in multi_bindings:
                        binding, enabled, tooltip = multi[0]
                        yield FooterKey(
                            binding.key,
                            self.app.get_key_display(binding),
                            "",
                            binding.action,
                            disabled=not enabled,
                            tooltip=tooltip or binding.description,
                            classes="-grouped",
                        ).data_bind(compact=Footer.compact)
                yield FooterLabel(group.description)
            else:
                for multi in multi_bindings:
                    binding, enabled, tooltip = multi[0]
                    yield FooterKey(
                        binding.key,
                        self.app.get_key_display(binding),
                        binding.description,
                        binding.action,
                        disabled=not enabled,
                        tooltip=tooltip,
                    ).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                binding = palette.binding
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette",
                    disabled=not palette.enabled,
                    tooltip=binding.tooltip or binding.description,
                )

    def on_resize(self) -> None:
        """Below 100 columns the keys sit closer, so a session's keys fit beside help and quit."""
        self.compact = self.size.width < COMPACT_BELOW

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        if self.children and self._signature() == self._shown_signature:
            return
        await self.recompose()
