"""Kubernetes manifests and kustomize: workloads, replicas, autoscaling, CronJobs, namespaces,
container env and envFrom, ConfigMaps, Secrets and kustomize's generators and overrides.

Overlay files (overlays/prod/...) belong to their environment by path; base files are shared.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import TEST_RUNNER, Fact, Kind
from stagegap.probe.sources import helm, kustomize, loadtest
from stagegap.probe.sources.base import Context, as_str, env_scope, make, value_from, worker_count
from stagegap.probe.yamlload import YamlError, flatten, line_of, load_all, own_line

WORKLOADS = {
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
    "Rollout",
    "DeploymentConfig",
}


def is_kustomization(relative: str) -> bool:
    return relative.rsplit("/", 1)[-1] in (
        "kustomization.yaml",
        "kustomization.yml",
        "Kustomization",
    )


def is_manifest(doc: Any) -> bool:
    return isinstance(doc, dict) and "apiVersion" in doc and "kind" in doc


def read_kustomization(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if not isinstance(doc, dict):
        return []
    facts: list[Fact] = kustomize.overlay_facts(file, ctx, doc, read_manifest)
    facts += kustomize.generator_files(file, ctx, doc)
    src = "kustomize"
    if "namespace" in doc:
        facts.append(
            make(
                ctx,
                file,
                "namespace",
                "namespace",
                as_str(doc["namespace"]),
                line_of(doc, "namespace"),
                source=src,
            )
        )
    for entry in _list(doc.get("replicas")):
        if isinstance(entry, dict) and "name" in entry:
            facts.append(
                make(
                    ctx,
                    file,
                    "replicas",
                    str(entry["name"]),
                    entry.get("count"),
                    own_line(entry),
                    source=src,
                )
            )
    for entry in _list(doc.get("images")):
        if isinstance(entry, dict) and (entry.get("newName") or entry.get("newTag")):
            image = str(entry.get("newName") or entry.get("name", "")) + (
                f":{entry['newTag']}" if entry.get("newTag") else ""
            )
            facts.append(
                make(
                    ctx,
                    file,
                    "image",
                    str(entry.get("name", image)),
                    image,
                    own_line(entry),
                    source=src,
                )
            )
    for generator, secret in (("configMapGenerator", False), ("secretGenerator", True)):
        for gen in _list(doc.get(generator)):
            if not isinstance(gen, dict):
                continue
            literals = gen.get("literals")
            for index, literal in enumerate(_list(literals)):
                text = as_str(literal)
                if not text or "=" not in text:
                    continue
                name, _, raw = text.partition("=")
                facts.append(
                    make(
                        ctx,
                        file,
                        "env",
                        name.strip(),
                        raw,
                        line_of(literals, index, own_line(gen)),
                        source=src,
                        scope=env_scope(name, "run"),
                        secret=secret,
                        tags=(f"{generator}={gen.get('name', '')}",),
                    )
                )
    return facts


def read_manifest(
    file: SourceFile, ctx: Context, doc: dict[str, Any], *, tooling_checked: bool = False
) -> list[Fact]:
    kind = str(doc.get("kind"))
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    assert isinstance(meta, dict)
    name = str(meta.get("name", kind.lower()))
    spec = doc.get("spec") if isinstance(doc.get("spec"), dict) else {}
    assert isinstance(spec, dict)
    src = "kubernetes"
    facts: list[Fact] = []
    if not tooling_checked and (kind in WORKLOADS or kind == "Pod"):
        containers = _containers(doc)
        if is_test_runner(name, meta, containers):
            facts = read_manifest(file, ctx, doc, tooling_checked=True)
            facts = [replace(f, tags=(*f.tags, TEST_RUNNER)) for f in facts]
            for container in containers:
                tool = loadtest.tool_image(str(container.get("image", "")))
                if tool:
                    urls = [
                        str(e.get("value"))
                        for e in _list(container.get("env"))
                        if isinstance(e, dict) and "://" in str(e.get("value", ""))
                    ]
                    annotations = meta.get("annotations")
                    hooked = isinstance(annotations, dict) and any(h in annotations for h in _HOOKS)
                    how = ("deploy-hook",) if hooked else ("schedule",) if kind == "CronJob" else ()
                    facts.append(
                        loadtest.from_workload(
                            file, ctx, tool, urls, line_of(container, "image"), how
                        )
                    )
            return facts
    facts.append(
        make(
            ctx,
            file,
            "resource",
            f"{kind}/{name}",
            kind,
            own_line(doc),
            source=src,
            tags=_metric_tags(kind, spec),
            value_name="kind",
        )
    )
    control = _control_plane(doc, kind)
    if control:
        # GitOps objects live in the controller's namespace (argocd, flux-system) whatever
        # environment they deploy; where they deploy is their destination.
        facts += _destinations(file, ctx, kind, spec)
    elif meta.get("namespace"):
        facts.append(
            make(
                ctx,
                file,
                "namespace",
                "namespace",
                as_str(meta["namespace"]),
                line_of(meta, "namespace"),
                source=src,
            )
        )
    if kind == "Namespace":
        facts.append(
            make(ctx, file, "namespace", "namespace", name, line_of(meta, "name"), source=src)
        )
    if kind in WORKLOADS and "replicas" in spec:
        facts.append(
            make(
                ctx,
                file,
                "replicas",
                name,
                spec.get("replicas"),
                line_of(spec, "replicas"),
                source=src,
            )
        )
    if kind == "HorizontalPodAutoscaler":
        target = spec.get("scaleTargetRef")
        target_name = str(target.get("name", name)) if isinstance(target, dict) else name
        for field_name, fact_kind in (
            ("minReplicas", "autoscale_min"),
            ("maxReplicas", "autoscale_max"),
        ):
            if field_name in spec:
                facts.append(
                    make(
                        ctx,
                        file,
                        fact_kind,
                        target_name,
                        spec.get(field_name),
                        line_of(spec, field_name),
                        source=src,
                        tags=_metric_tags(kind, spec),
                    )
                )
    if kind == "CronJob":
        facts.append(
            make(
                ctx,
                file,
                "cron",
                name,
                as_str(spec.get("schedule")),
                line_of(spec, "schedule", own_line(doc)),
                source=src,
                tags=("suspended",) if spec.get("suspend") is True else (),
            )
        )
    if control:
        facts += _release_values(file, ctx, kind, name, spec)
    if kind in SPEC_SETTINGS:
        facts += _spec_settings(file, ctx, kind, name, spec)
    if kind == "ConfigMap":
        facts += _data(file, ctx, doc, "data", secret=False)
    if kind == "Secret":
        facts += _data(file, ctx, doc, "stringData", secret=True)
        facts += _data(file, ctx, doc, "data", secret=True)
    if kind == "Ingress":
        for rule in _list(spec.get("rules")):
            if isinstance(rule, dict) and rule.get("host"):
                facts.append(
                    make(
                        ctx,
                        file,
                        "ingress_host",
                        name,
                        as_str(rule["host"]),
                        line_of(rule, "host"),
                        source=src,
                    )
                )
    for container in _containers(doc):
        facts += _container(file, ctx, name, container)
    return facts


_TEST_TOOL_IMAGE = re.compile(
    r"(^|/)(k6|locust|artillery|jmeter|gatling|vegeta|newman|cypress|playwright|wrk2?|hey|"
    r"taurus)([-.][\w.-]*)?(:|@|$)|(^|/)(loadimpact|locustio|artilleryio|justb4|blazemeter)/",
    re.I,
)
_TEST_NAME = re.compile(
    r"(^|[-_.])(test[-_]?runner|load[-_]?tests?|smoke[-_]?tests?|perf(ormance)?[-_]?tests?|"
    r"stress[-_]?tests?|soak[-_]?tests?|e2e|k6|locust|artillery|jmeter|gatling)([-_.]|$)",
    re.I,
)
_HOOKS = ("argocd.argoproj.io/hook", "helm.sh/hook")


def is_test_runner(name: str, meta: dict[str, Any], containers: list[dict[str, Any]]) -> bool:
    """Test tooling (a k6 load-test Job, an Argo CD PostSync smoke test, a Helm test hook, a
    test-runner service): its settings are the test's, not the application's, so rules do not
    compare them as the environment's configuration (load tests are still found)."""
    annotations = meta.get("annotations")
    hook = ""
    if isinstance(annotations, dict):
        hook = " ".join(str(annotations.get(k, "")) for k in _HOOKS).lower()
    if "test" in hook.split(",") or "test" in hook.split():
        return True  # helm.sh/hook: test
    images = [str(c.get("image", "")) for c in containers]
    if any(_TEST_TOOL_IMAGE.search(i) for i in images):
        return True
    names = [name, *(str(c.get("name", "")) for c in containers)]
    return any(_TEST_NAME.search(n) for n in names)


ARGO_KINDS = frozenset({"Application", "ApplicationSet", "AppProject"})
FLUX_KINDS = frozenset({"Kustomization", "HelmRelease"})


# Objects whose whole spec is configuration worth comparing key by key (an ACME server, a
# certificate's issuer): every leaf a setting under `<Kind>/<name>.spec...`.
SPEC_SETTINGS = frozenset({"ClusterIssuer", "Issuer", "Certificate"})


def _release_values(
    file: SourceFile, ctx: Context, kind: str, name: str, spec: dict[str, Any]
) -> list[Fact]:
    """The Helm values a GitOps object hands its chart, read as that release's values file:
    Flux HelmRelease `spec.values`, Argo CD `spec.source.helm` `valuesObject`, `values` (a YAML
    string) and `parameters`."""
    blocks: list[Any] = []
    if kind == "HelmRelease":
        blocks.append(spec.get("values"))
    source = spec.get("source") if isinstance(spec.get("source"), dict) else {}
    assert isinstance(source, dict)
    helm_spec = source.get("helm") if isinstance(source.get("helm"), dict) else {}
    assert isinstance(helm_spec, dict)
    blocks.append(helm_spec.get("valuesObject"))
    text = helm_spec.get("values")
    if isinstance(text, str):
        try:
            blocks += load_all(text)[:1]
        except YamlError:
            ctx.warnings.add(file.relative, "spec.source.helm.values is not valid YAML")
    parameters: dict[str, Any] = {}
    for entry in _list(helm_spec.get("parameters")):
        if isinstance(entry, dict) and entry.get("name"):
            parameters[str(entry["name"])] = entry.get("value")
    facts: list[Fact] = []
    for block in blocks:
        if isinstance(block, dict) and block:
            facts += helm.read_values(file, ctx, block, name, name)
    for key, value in parameters.items():
        facts.append(make(ctx, file, Kind.SETTING, key, value, None, source="helm", service=name))
    return facts


def _spec_settings(
    file: SourceFile, ctx: Context, kind: str, name: str, spec: dict[str, Any]
) -> list[Fact]:
    return [
        make(
            ctx,
            file,
            Kind.SETTING,
            f"{kind}/{name}.spec.{path}",
            value,
            line,
            source="kubernetes",
            value_name=path.rsplit(".", 1)[-1],
        )
        for path, value, line in flatten(spec)
        if not isinstance(value, dict | list) or not value
    ]


def _control_plane(doc: dict[str, Any], kind: str) -> bool:
    api = str(doc.get("apiVersion", ""))
    return (kind in ARGO_KINDS and api.startswith("argoproj.io/")) or (
        kind in FLUX_KINDS and ".toolkit.fluxcd.io/" in api
    )


def _destinations(file: SourceFile, ctx: Context, kind: str, spec: dict[str, Any]) -> list[Fact]:
    """Argo CD Application / ApplicationSet `destination.namespace` and Flux `targetNamespace`
    are namespaces the environment deploys into; an AppProject's `destinations` only allow
    namespaces (shared ones such as argocd or kong are normal), so they are kept apart."""
    found: list[tuple[str, Any, int | None]] = []
    if kind == "Application":
        dest = spec.get("destination")
        if isinstance(dest, dict) and dest.get("namespace"):
            found.append(("namespace", dest["namespace"], line_of(dest, "namespace")))
    elif kind == "ApplicationSet":
        template = spec.get("template")
        inner = template.get("spec") if isinstance(template, dict) else None
        dest = inner.get("destination") if isinstance(inner, dict) else None
        if isinstance(dest, dict) and dest.get("namespace"):
            found.append(("namespace", dest["namespace"], line_of(dest, "namespace")))
    elif kind == "AppProject":
        for entry in _list(spec.get("destinations")):
            if isinstance(entry, dict) and entry.get("namespace"):
                found.append(("namespace_allowed", entry["namespace"], line_of(entry, "namespace")))
    elif spec.get("targetNamespace"):
        found.append(("namespace", spec["targetNamespace"], line_of(spec, "targetNamespace")))
    facts = []
    for fact_kind, raw, line in found:
        text = as_str(raw)
        if not text or "{{" in text or text == "*":
            continue  # templated per generator item, or a wildcard: not one namespace
        facts.append(
            make(
                ctx,
                file,
                fact_kind,
                "namespace",
                text,
                line,
                source="kubernetes",
                tags=("destination",),
            )
        )
    return facts


def _metric_tags(kind: str, spec: dict[str, Any]) -> tuple[str, ...]:
    """How an autoscaler decides: CPU/memory, or custom and external metrics."""
    if kind == "ScaledObject":
        return ("custom-metrics",)
    if kind != "HorizontalPodAutoscaler":
        return ()
    types = {str(m.get("type", "")) for m in _list(spec.get("metrics")) if isinstance(m, dict)}
    if types - {"Resource", "ContainerResource", ""}:
        return ("custom-metrics",)
    return ("cpu-memory",)


def _data(
    file: SourceFile, ctx: Context, doc: dict[str, Any], key: str, secret: bool
) -> list[Fact]:
    data = doc.get(key)
    if not isinstance(data, dict):
        return []
    facts = []
    for var, raw in data.items():
        var = str(var)
        if "." in var or "/" in var:  # a mounted file, not a variable
            continue
        facts.append(
            make(
                ctx,
                file,
                "env",
                var,
                raw,
                line_of(data, var),
                source="kubernetes",
                scope=env_scope(var, "run"),
                secret=secret,
                tags=(f"{doc.get('kind')}",),
            )
        )
    return facts


def _containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Containers wherever the workload kind nests its pod template."""
    spec = doc.get("spec")
    found: list[dict[str, Any]] = []
    stack = [spec]
    depth = 0
    while stack and depth < 200:
        depth += 1
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        for key in ("containers", "initContainers"):
            for c in _list(node.get(key)):
                if isinstance(c, dict):
                    found.append(c)
        for key in ("template", "spec", "jobTemplate"):
            if isinstance(node.get(key), dict):
                stack.append(node[key])
    return found


def _container(
    file: SourceFile, ctx: Context, workload: str, container: dict[str, Any]
) -> list[Fact]:
    src = "kubernetes"
    facts: list[Fact] = []
    cname = str(container.get("name", workload))
    tags = (f"workload={workload}", f"container={cname}")
    resources = container.get("resources")
    if isinstance(resources, dict):
        for tier in ("requests", "limits"):
            values = resources.get(tier)
            if isinstance(values, dict):
                for res, amount in values.items():
                    facts.append(
                        make(
                            ctx,
                            file,
                            "setting",
                            f"{workload}.{cname}.resources.{tier}.{res}",
                            as_str(amount),
                            line_of(values, res),
                            source=src,
                            tags=tags,
                        )
                    )
    if container.get("image"):
        facts.append(
            make(
                ctx,
                file,
                "image",
                cname,
                as_str(container["image"]),
                line_of(container, "image"),
                source=src,
                tags=tags,
            )
        )
    env = container.get("env")
    for index, entry in enumerate(_list(env)):
        if not isinstance(entry, dict) or "name" not in entry:
            continue
        var = str(entry["name"])
        at = line_of(env, index, own_line(entry))
        if "value" in entry:
            facts.append(
                make(
                    ctx,
                    file,
                    "env",
                    var,
                    entry.get("value"),
                    at,
                    source=src,
                    scope=env_scope(var, "run"),
                    tags=tags,
                )
            )
        elif isinstance(entry.get("valueFrom"), dict):
            shown, secret = value_from(entry["valueFrom"])
            facts.append(
                make(
                    ctx,
                    file,
                    "env",
                    var,
                    shown,
                    at,
                    source=src,
                    scope="run",
                    tags=(*tags, "from-secret" if secret else "ref"),
                    reference=True,
                )
            )
    for entry in _list(container.get("envFrom")):
        if not isinstance(entry, dict):
            continue
        for ref_kind in ("configMapRef", "secretRef"):
            ref = entry.get(ref_kind)
            if isinstance(ref, dict) and ref.get("name"):
                facts.append(
                    make(
                        ctx,
                        file,
                        "env_from",
                        str(ref["name"]),
                        ref_kind,
                        own_line(entry),
                        source=src,
                        tags=tags,
                    )
                )
    workers = worker_count(container.get("args") or container.get("command"))
    if workers is not None:
        facts.append(
            make(
                ctx,
                file,
                "setting",
                f"{workload}.workers",
                workers,
                line_of(container, "args" if "args" in container else "command"),
                source=src,
                tags=tags,
            )
        )
    return facts


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
