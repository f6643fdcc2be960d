"""One environment's cluster as `kubectl get deploy,sts,cronjob,hpa,ns,nodes -A -o json` shows it:
read from a file a team saved with that command, or by running it against a context."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stagegap.probe.live.catalogue import load
from stagegap.probe.live.targets import KubeMode, LiveTarget

KUBECTL_ARGS = ("get", "deploy,sts,cronjob,hpa,ns,nodes", "--all-namespaces", "-o", "json")
TIMEOUT_S = 60
MAX_BYTES = 200_000_000


class ClusterUnreadable(Exception):
    """The snapshot or the cluster could not be read: one line."""


@dataclass(frozen=True)
class Container:
    image: str
    env_names: tuple[str, ...]

    @property
    def tag(self) -> str:
        if "@" in self.image:
            return self.image.split("@", 1)[1]
        last = self.image.rsplit("/", 1)[-1]
        return last.split(":", 1)[1] if ":" in last else "latest"


@dataclass
class Workload:
    kind: str
    namespace: str
    name: str
    replicas: int | None = None  # desired (spec.replicas)
    ready: int | None = None  # status.readyReplicas
    containers: dict[str, Container] = field(default_factory=dict)
    suspended: bool | None = None  # CronJobs
    schedule: str | None = None


@dataclass
class ClusterState:
    workloads: dict[str, Workload] = field(default_factory=dict)  # by "Kind/name"
    autoscalers: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    namespaces: set[str] = field(default_factory=set)
    node_pools: dict[str, set[str]] = field(default_factory=dict)  # pool -> instance types

    def summary(self) -> dict[str, Any]:
        return {
            "workloads": len(self.workloads),
            "namespaces": sorted(self.namespaces),
            "node_pools": {pool: sorted(types) for pool, types in sorted(self.node_pools.items())},
        }


def read_cluster(target: LiveTarget) -> ClusterState:
    if target.kube_mode is KubeMode.FILE:
        path = Path(target.locator)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ClusterUnreadable(f"{path}: larger than {MAX_BYTES // 1_000_000} MB")
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ClusterUnreadable(f"{path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ClusterUnreadable(f"{path}: not UTF-8 text") from None
    else:
        text = _kubectl(target.locator)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ClusterUnreadable(f"not kubectl JSON (line {exc.lineno}: {exc.msg})") from None
    return parse_cluster(doc)


def _kubectl(context: str) -> str:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        raise ClusterUnreadable("kubectl is not installed (or give file:PATH of a snapshot)")
    try:
        done = subprocess.run(
            [kubectl, "--context", context, "--request-timeout=30s", *KUBECTL_ARGS],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ClusterUnreadable(f"kubectl did not answer within {TIMEOUT_S} s") from None
    if done.returncode != 0:
        line = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise ClusterUnreadable(f"kubectl: {line[:300]}")
    return done.stdout


def parse_cluster(doc: Any) -> ClusterState:
    """A List (or one object) of Deployments, StatefulSets, CronJobs, HPAs and Namespaces."""
    items = doc.get("items") if isinstance(doc, dict) and "items" in doc else [doc]
    if not isinstance(items, list):
        raise ClusterUnreadable("no `items` list: not the output of kubectl get -o json")
    state = ClusterState()
    for item in items:
        if not isinstance(item, dict):
            continue
        kind = str(item.get("kind", ""))
        meta, spec, status = _dig(item, "metadata"), _dig(item, "spec"), _dig(item, "status")
        name = str(meta.get("name", ""))
        namespace = str(meta.get("namespace", "default"))
        if not name:
            continue
        if kind == "Namespace":
            state.namespaces.add(name)
        elif kind == "Node":
            _node(meta, state)
        elif kind == "HorizontalPodAutoscaler":
            ref = _dig(spec, "scaleTargetRef")
            target = f"{ref.get('kind', 'Deployment')}/{ref.get('name', name)}"
            state.autoscalers[target] = (
                _int(spec.get("minReplicas")),
                _int(spec.get("maxReplicas")),
            )
        elif kind in ("Deployment", "StatefulSet", "CronJob"):
            workload = Workload(kind, namespace, name)
            if kind == "CronJob":
                workload.suspended = spec.get("suspend") is True
                workload.schedule = str(spec.get("schedule", "")) or None
                template = _dig(spec, "jobTemplate", "spec", "template", "spec")
            else:
                workload.replicas = _int(spec.get("replicas"))
                workload.ready = _int(status.get("readyReplicas")) or 0
                template = _dig(spec, "template", "spec")
            for container in template.get("containers") or []:
                if isinstance(container, dict) and container.get("name"):
                    names = tuple(
                        sorted(
                            str(e["name"])
                            for e in container.get("env") or []
                            if isinstance(e, dict) and e.get("name")
                        )
                    )
                    workload.containers[str(container["name"])] = Container(
                        str(container.get("image", "")), names
                    )
            state.workloads[f"{kind}/{name}"] = workload
    return state


def _node(meta: dict[str, Any], state: ClusterState) -> None:
    catalogue = load()
    labels = _dig(meta, "labels")
    pool = next((str(labels[k]) for k in catalogue.pool_labels if labels.get(k)), "(no pool)")
    kind = labels.get(catalogue.instance_type_label)
    state.node_pools.setdefault(pool, set()).update([str(kind)] if kind else [])


def _dig(doc: dict[str, Any], *keys: str) -> dict[str, Any]:
    for key in keys:
        nxt = doc.get(key)
        if not isinstance(nxt, dict):
            return {}
        doc = nxt
    return doc


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
