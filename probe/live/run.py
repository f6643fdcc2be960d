"""Read every live source a run names, both environments at once, and compare: one failure
is one line naming the source (environment and host, never a credential) while the rest
goes on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from stagegap.probe.facts import Facts
from stagegap.probe.live.catalogue import load
from stagegap.probe.live.cluster import ClusterRead, compare_clusters, compare_with_repository
from stagegap.probe.live.database import DatabaseRead, compare_databases
from stagegap.probe.live.kube import ClusterUnreadable, read_cluster
from stagegap.probe.live.metrics import MetricsRead, compare_metrics
from stagegap.probe.live.outcome import LiveOutcome, stamp
from stagegap.probe.live.postgres import DatabaseUnreadable, read_database
from stagegap.probe.live.prometheus import (
    MetricsState,
    MetricsUnreadable,
    PrometheusClient,
    read_retention,
    read_rules,
    request_rate,
)
from stagegap.probe.live.targets import SIDES, LiveTarget, scrub

T = TypeVar("T")


@dataclass
class LiveRequest:
    """The sources given on the command line (or by the app), at most one per environment
    and kind, and the request-rate query's overrides."""

    databases: list[LiveTarget] = field(default_factory=list)
    metrics: list[LiveTarget] = field(default_factory=list)
    clusters: list[LiveTarget] = field(default_factory=list)
    query: str | None = None
    window: str | None = None

    def __bool__(self) -> bool:
        return bool(self.databases or self.metrics or self.clusters)


def read_live(request: LiveRequest, facts: Facts | None = None) -> LiveOutcome:
    out = LiveOutcome()
    with ThreadPoolExecutor(max_workers=6) as pool:
        dbs = {
            t.env: pool.submit(_attempt, t, _database, (DatabaseUnreadable,))
            for t in request.databases
        }
        proms = {
            t.env: pool.submit(_attempt, t, _metrics(request), (MetricsUnreadable,))
            for t in request.metrics
        }
        kubes = {
            t.env: pool.submit(_attempt, t, read_cluster, (ClusterUnreadable,))
            for t in request.clusters
        }
        db_reads = _collect(dbs, DatabaseRead, out)
        prom_reads = _collect(proms, MetricsRead, out)
        kube_reads = _collect(kubes, ClusterRead, out)
    for name, targets in (("--db", request.databases), ("--prom", request.metrics)):
        given = {t.env for t in targets}
        if len(given) == 1:
            missing = (set(SIDES) - given).pop()
            out.warnings.append(f"{name}: {missing} is not given; nothing to compare with")
    one_server = len({t.locator for t in request.metrics}) == 1
    apart = not (len(request.metrics) == 2 and one_server and "{env}" not in (request.query or ""))
    if not apart:
        out.warnings.append(
            "--prom: staging and production read the same server; the traffic ratio needs "
            "--prom-query with {env} in a label selector to tell their traffic apart"
        )
    if "staging" in db_reads and "production" in db_reads:
        out.extend(compare_databases(db_reads["staging"], db_reads["production"]))
    if "staging" in prom_reads and "production" in prom_reads:
        window = request.window or load().window
        pair = (prom_reads["staging"], prom_reads["production"])
        out.extend(compare_metrics(*pair, window, measure_traffic=apart))
    out.extend(compare_clusters(kube_reads.get("staging"), kube_reads.get("production")))
    for read in kube_reads.values():
        out.extend(compare_with_repository(read, facts))
    return out


class Summarised(Protocol):
    """A source's state says in a few numbers and names what was read (environments.live)."""

    def summary(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class _Attempt:
    target: LiveTarget
    read_at: dt.datetime
    state: Summarised | None
    error: str | None


def _attempt(
    target: LiveTarget,
    reader: Callable[[LiveTarget], Summarised],
    errors: tuple[type[Exception], ...],
) -> _Attempt:
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return _Attempt(target, at, reader(target), None)
    except errors as exc:
        return _Attempt(target, at, None, scrub(str(exc), target.secrets()))
    except Exception as exc:  # a client library's surprise: still one line, still scrubbed
        return _Attempt(target, at, None, scrub(f"{type(exc).__name__}: {exc}", target.secrets()))


def _collect(futures: dict[str, Any], kind: Callable[..., T], out: LiveOutcome) -> dict[str, T]:
    reads: dict[str, T] = {}
    for env, future in futures.items():
        attempt: _Attempt = future.result()
        row: dict[str, Any] = {
            "source": attempt.target.shown,
            "environment": env,
            "kind": attempt.target.kind.value,
            "read_at": stamp(attempt.read_at),
            "status": "read" if attempt.error is None else "failed",
        }
        if attempt.error is not None:
            row["error"] = attempt.error
            out.warnings.append(f"{attempt.target.shown}: cannot read: {attempt.error}")
        else:
            reads[env] = kind(attempt.target, attempt.state, attempt.read_at)
            if attempt.state is not None:
                row["seen"] = attempt.state.summary()
        out.sources.append(row)
    return reads


def _database(target: LiveTarget) -> Summarised:
    return read_database(target.locator)


def _metrics(request: LiveRequest) -> Callable[[LiveTarget], MetricsState]:
    template = request.query or load().query
    window = request.window or load().window

    def read(target: LiveTarget) -> MetricsState:
        client = PrometheusClient(target.locator)
        state = MetricsState(rules=read_rules(client), retention=read_retention(client))
        state.request_rate, state.metric, state.query = request_rate(
            client, template, load().request_metrics, target.env, window
        )
        return state

    return read
