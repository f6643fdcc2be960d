"""One colour (and one greyscale-safe pattern) per divergence class, for every renderer.

The map must read in a black-and-white printout too, so each class also has a pattern and a
glyph; colour is never the only carrier of meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from stagegap.questionnaires.severity import SEVERITY_COLOURS, SEVERITY_HEX, SEVERITY_RICH
from stagegap.reports.reconcile.classes import Divergence


@dataclass(frozen=True)
class Swatch:
    hex: str
    rich: str
    glyph: str
    pattern: str  # a CSS/SVG hint: solid, hatched, dotted, crossed, blank


SWATCHES: dict[Divergence, Swatch] = {
    Divergence.ALIGNED: Swatch("#2e7d4f", "green", "=", "solid-light"),
    Divergence.SHARED_BLIND_SPOT: Swatch("#b3261e", "bold red", "!!", "crossed"),
    Divergence.LEADERSHIP_BLIND_SPOT: Swatch("#d9730d", "dark_orange", "C", "hatched"),
    Divergence.TEAM_BLIND_SPOT: Swatch("#c9a000", "yellow", "E", "back-hatched"),
    Divergence.THREE_WAY_SPLIT: Swatch("#7b1fa2", "magenta", "3", "dotted"),
    Divergence.UNKNOWN: Swatch("#5f6b7a", "grey62", "?", "dashed"),
    Divergence.UNVERIFIED_AGREEMENT: Swatch("#4f7cac", "steel_blue", "~", "light"),
    Divergence.UNVERIFIED_DISAGREEMENT: Swatch("#1f4e79", "blue", "~!", "medium"),
    Divergence.NOT_ANSWERED: Swatch("#c4c8cc", "grey42", "-", "blank"),
}


INFO = "info"
"""Probe findings also have an informational level below the risk severities."""

# The severity palette is questionnaires.severity's, shared with the probe's terminal output.
__all__ = ["INFO", "SEVERITY_COLOURS", "SEVERITY_HEX", "SEVERITY_RICH", "SWATCHES", "Swatch"]
