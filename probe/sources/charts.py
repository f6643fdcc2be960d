"""Which Helm chart a values file belongs to, and how charts sit together: a chart is the
nearest folder above the file holding a Chart.yaml; its subcharts are the charts in its
`charts/` folder and the dependencies its Chart.yaml names; it is one of several when it has
subcharts, sibling charts (charts/billing beside charts/search) or is an umbrella's subchart.
Looked up once per folder
per run, inside the repository only."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import yaml

from stagegap.probe.discovery import SourceFile, UnreadableFile
from stagegap.probe.sources.base import Context

MAX_CHARTS = 500


@dataclass(frozen=True)
class Chart:
    folder: str
    name: str
    subcharts: frozenset[str]
    one_of_several: bool


def chart_of(file: SourceFile, ctx: Context) -> Chart | None:
    memo = ctx.memo.setdefault("helm.charts", {})
    assert isinstance(memo, dict)
    folder = file.relative.rpartition("/")[0]
    while True:
        if folder not in memo:
            memo[folder] = _chart(file, folder) if _has_chart(file, folder) else None
        found = memo[folder]
        if found is not None:
            return found if isinstance(found, Chart) else None
        if not folder:
            return None
        folder = folder.rpartition("/")[0]


def _has_chart(file: SourceFile, folder: str) -> bool:
    path = (
        os.path.join(file.root, folder, "Chart.yaml") if folder else str(file.root / "Chart.yaml")
    )
    return os.path.isfile(path) and not os.path.islink(path)


def _chart(file: SourceFile, folder: str) -> Chart:
    name = folder.rpartition("/")[2] or "chart"
    subcharts = set(_folders_with_charts(file, f"{folder}/charts" if folder else "charts"))
    try:
        text = SourceFile(
            file.root, f"{folder}/Chart.yaml" if folder else "Chart.yaml", "shared", None
        ).text()
        meta: Any = yaml.safe_load(text)
    except (UnreadableFile, yaml.YAMLError):
        meta = None
    if isinstance(meta, dict):
        for dependency in meta.get("dependencies") or []:
            if isinstance(dependency, dict) and dependency.get("name"):
                subcharts.add(str(dependency.get("alias") or dependency["name"]))
    parent = folder.rpartition("/")[0]
    siblings = len(_folders_with_charts(file, parent)) > 1 if folder else False
    holder, _, container = parent.rpartition("/")
    subchart = container == "charts" and _has_chart(file, holder)  # an umbrella's own part
    return Chart(folder, name, frozenset(subcharts), bool(subcharts) or siblings or subchart)


def _folders_with_charts(file: SourceFile, folder: str) -> list[str]:
    directory = os.path.join(file.root, folder) if folder else str(file.root)
    try:
        entries = list(os.scandir(directory))[:MAX_CHARTS]
    except OSError:
        return []
    return [
        e.name
        for e in entries
        if e.is_dir(follow_symlinks=False)
        and _has_chart(file, f"{folder}/{e.name}" if folder else e.name)
    ]
