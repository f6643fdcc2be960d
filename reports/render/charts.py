"""SVG charts drawn from the report model, so the PDF carries vectors, never screenshots.

Each chart is plain SVG markup with explicit sizes; WeasyPrint draws it natively and a
browser shows the same thing. Colour is never the only carrier of meaning: bars carry their
value as text, and class bars carry a greyscale pattern and the class's glyph.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

from stagegap.reports.model import ClassInfo, MapRow, Report, RiskEntry

INK = "#1d2733"
MUTED = "#6b7480"
RULE = "#d5dae0"
FONT = "Inter, 'DejaVu Sans', sans-serif"


def _text(
    x: float,
    y: float,
    body: str,
    *,
    size: float = 9,
    anchor: str = "start",
    fill: str = INK,
    weight: int = 400,
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">{escape(body)}</text>'
    )


def _pattern_defs(classes: list[ClassInfo]) -> str:
    """One SVG pattern per class, so a greyscale print still tells the bars apart."""
    defs = []
    for c in classes:
        pid = f"pat-{c.id}"
        stroke = 'stroke="white" stroke-opacity="0.55" stroke-width="1.4"'
        body = ""
        if c.pattern in ("hatched",):
            body = f'<path d="M0,6 L6,0" {stroke}/>'
        elif c.pattern == "back-hatched":
            body = f'<path d="M0,0 L6,6" {stroke}/>'
        elif c.pattern == "crossed":
            body = f'<path d="M0,6 L6,0 M0,0 L6,6" {stroke}/>'
        elif c.pattern == "dotted":
            body = '<circle cx="3" cy="3" r="1.1" fill="white" fill-opacity="0.6"/>'
        elif c.pattern == "dashed":
            body = f'<path d="M0,3 L3,3" {stroke}/>'
        defs.append(
            f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{c.colour}"/>{body}</pattern>'
        )
    return "<defs>" + "".join(defs) + "</defs>"


def gap_scores(rows: list[MapRow], width: float = 300) -> Markup:
    """Gap score per dimension: where the undecided risk sits."""
    label_w, value_w, bar_h, gap = 148.0, 30.0, 10.0, 6.0
    top = 4.0
    height = top + len(rows) * (bar_h + gap) + 16
    scale_max = max([r.score for r in rows] + [1.0])
    track = width - label_w - value_w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="Gap score per dimension">'
    ]
    for i, row in enumerate(rows):
        y = top + i * (bar_h + gap)
        parts.append(_text(0, y + bar_h - 3, row.title, size=8.5))
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{track:.1f}" height="{bar_h}" fill="#f1f3f5"/>'
        )
        w = track * row.score / scale_max
        if w > 0:
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#2f4a6d"/>'
            )
        parts.append(
            _text(width, y + bar_h - 3, f"{row.score:.1f}", size=8.5, anchor="end", weight=600)
        )
    axis_y = top + len(rows) * (bar_h + gap) + 6
    parts.append(_text(label_w, axis_y + 4, "sum of flagged scores", size=7, fill=MUTED))
    parts.append("</svg>")
    return Markup("".join(parts))


def class_counts(report: Report, width: float = 300) -> Markup:
    """How many questions fall in each divergence class."""
    classes = report.present_classes()
    label_w, value_w, bar_h, gap = 128.0, 24.0, 10.0, 5.0
    height = len(classes) * (bar_h + gap) + 4
    scale_max = max([c.count for c in classes] + [1])
    track = width - label_w - value_w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="Questions per divergence class">',
        _pattern_defs(classes),
    ]
    for i, c in enumerate(classes):
        y = i * (bar_h + gap)
        parts.append(_text(0, y + bar_h - 3, f"{c.glyph}  {c.label}", size=8.5))
        w = track * c.count / scale_max
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" '
            f'fill="url(#pat-{c.id})"/>'
        )
        parts.append(_text(width, y + bar_h - 3, str(c.count), size=8.5, anchor="end", weight=600))
    parts.append("</svg>")
    return Markup("".join(parts))


def risk_matrix(entries: list[RiskEntry], width: float = 250) -> Markup:
    """Likelihood x impact, with each flagged item as its register rank."""
    pad_l, pad_b, pad_t = 26.0, 26.0, 6.0
    side = width - pad_l - 6
    height = side + pad_b + pad_t
    cell = side / 5
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="Risk matrix">'
    ]
    for li in range(5):
        for ii in range(5):
            product = (li + 1) * (ii + 1)
            shade = (
                "#f6d5d3"
                if product >= 16
                else "#fbe3cf"
                if product >= 9
                else "#fdf1d2"
                if product >= 4
                else "#e7f1ea"
            )
            x = pad_l + ii * cell
            y = pad_t + (4 - li) * cell
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell:.1f}" height="{cell:.1f}" '
                f'fill="{shade}" stroke="white" stroke-width="1.5"/>'
            )
    for n in range(5):
        parts.append(
            _text(
                pad_l + (n + 0.5) * cell,
                pad_t + side + 11,
                str(n + 1),
                size=7,
                anchor="middle",
                fill=MUTED,
            )
        )
        parts.append(
            _text(
                pad_l - 6,
                pad_t + (4 - n + 0.5) * cell + 3,
                str(n + 1),
                size=7,
                anchor="end",
                fill=MUTED,
            )
        )
    parts.append(
        _text(pad_l + side / 2, height - 3, "impact", size=7.5, anchor="middle", fill=MUTED)
    )
    parts.append(
        f'<text x="8" y="{pad_t + side / 2:.1f}" font-family="{FONT}" font-size="7.5" '
        f'fill="{MUTED}" text-anchor="middle" '
        f'transform="rotate(-90 8 {pad_t + side / 2:.1f})">likelihood</text>'
    )
    placed: dict[tuple[int, int], int] = {}
    for entry in entries:
        li = min(4, max(0, int(entry.score.likelihood + 0.5) - 1))
        ii = min(4, max(0, int(entry.score.impact + 0.5) - 1))
        k = placed.get((li, ii), 0)
        placed[(li, ii)] = k + 1
        if k >= 6:
            continue
        cx = pad_l + ii * cell + 9 + (k % 3) * (cell - 18) / 2
        cy = pad_t + (4 - li) * cell + 10 + (k // 3) * 14
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6.2" fill="{INK}"/>')
        parts.append(
            _text(
                cx, cy + 2.6, str(entry.rank), size=6.5, anchor="middle", fill="white", weight=600
            )
        )
    parts.append("</svg>")
    return Markup("".join(parts))
