"""live.yaml loaded once into typed records: settings compared, migration tables, request
metrics tried, and the ratio buckets of the ordinal items."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class MigrationTable:
    framework: str
    table: str
    id: tuple[str, ...]
    heads_only: bool = False
    success_column: str | None = None
    done_column: str | None = None


@dataclass(frozen=True)
class Ratio:
    equal: str
    buckets: tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class Catalogue:
    settings: tuple[str, ...]
    migrations: tuple[MigrationTable, ...]
    migration_limit: int
    request_metrics: tuple[str, ...]
    query: str
    window: str
    ratios: dict[str, Ratio]
    pool_labels: tuple[str, ...]
    instance_type_label: str


@cache
def load() -> Catalogue:
    text = resources.files("stagegap.probe.live").joinpath("live.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    pg, prom, kube = data["postgres"], data["prometheus"], data["kubernetes"]
    return Catalogue(
        settings=tuple(pg["settings"]),
        migrations=tuple(MigrationTable(**{**m, "id": tuple(m["id"])}) for m in pg["migrations"]),
        migration_limit=int(pg["migration_limit"]),
        request_metrics=tuple(prom["request_metrics"]),
        query=str(prom["query"]),
        window=str(prom["window"]),
        ratios={
            item: Ratio(
                r["equal"], tuple((float(limit), str(option)) for limit, option in r["buckets"])
            )
            for item, r in data["ratios"].items()
        },
        pool_labels=tuple(kube["pool_labels"]),
        instance_type_label=str(kube["instance_type_label"]),
    )
