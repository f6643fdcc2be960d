"""infrastructure: what substrate staging and production share, whether they are built from the
same definitions, whether they run the same versions, and whether staging can reach production.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from stagegap.probe.classification import classification
from stagegap.probe.facts import ENVS, Env, Fact, Kind
from stagegap.probe.rules.common import Outcome, Proposal, finding, svc, where
from stagegap.probe.rules.view import View
from stagegap.questionnaires.answers import Confidence
from stagegap.questionnaires.response import ProbeFinding, Severity

DIM = "infrastructure"
# Registries that serve public images to anyone: both environments pulling from one of them
# share nothing with each other that they do not share with the rest of the internet.
PUBLIC_REGISTRIES = frozenset(
    {
        "docker.io",
        "index.docker.io",
        "registry-1.docker.io",
        "registry.hub.docker.com",
        "mirror.gcr.io",
        "docker.elastic.co",
        "quay.io",
        "registry.k8s.io",
        "k8s.gcr.io",
        "public.ecr.aws",
        "ghcr.io",
        "mcr.microsoft.com",
        "cr.fluentbit.io",
        "registry.access.redhat.com",
        "cgr.dev",
    }
)
# gcr.io is also where private Google Cloud projects push; only these projects are public.
GCR_HOSTS = frozenset({"gcr.io", "us.gcr.io", "eu.gcr.io", "asia.gcr.io"})
GCR_PUBLIC_PROJECTS = frozenset(
    {
        "distroless",
        "google-containers",
        "google_containers",
        "google-samples",
        "kaniko-project",
        "cadvisor",
        "cloud-builders",
        "k8s-artifacts-prod",
        "knative-releases",
        "tekton-releases",
        "istio-release",
        "kubebuilder",
        "gke-release",
    }
)


@dataclass(frozen=True)
class Layer:
    option: str
    label: str
    severity: Severity
    collect: Callable[[View], list[Fact]]
    value: Callable[[Fact], str | None]


# A loopback address names each machine's own server: two environments that both say
# `localhost` run on two machines (a laptop and a VM), so it is never evidence of one server
# they share. Compose service names (`db`) are already ruled out by having no dot.
_LOOPBACK = re.compile(r"^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|0\.0\.0\.0)$", re.I)


def _host(fact: Fact) -> str | None:
    host = fact.value.host
    if host and "." in host and not _LOOPBACK.match(host):
        return host
    return None


# "eph-xxxxxx", "my-cluster-XXXX": a stand-in a shared base carries until each cluster sets it
_PLACEHOLDER = re.compile(r"(^|[-_.:/])x{4,}($|[-_.:/])", re.I)


def _plain(fact: Fact) -> str | None:
    value = fact.value
    if value.empty or value.reference or value.boolean is not None:
        return None  # a flag (`vpc = true` on an Elastic IP) names no shared thing
    if value.secret:
        return value.fingerprint
    if _PLACEHOLDER.search(value.shown) or _module_expression(fact):
        return None
    return value.shown.strip().lower() or None


def _module_expression(fact: Fact) -> bool:
    """An expression inside a Terraform module (`cluster_name = aws_eks_cluster.main.name`,
    shown only as `<text, N chars>`) resolves in each module instance, one per stack: it is
    not a value both environments use. Only literals in a module are."""
    return (
        fact.source == "terraform"
        and fact.value.shown.startswith("<text, ")
        and ("/modules/" in fact.where.path or fact.where.path.startswith("modules/"))
    )


# An account id inside a policy names an account that is granted access or accessed (a
# vendor's log-delivery account, a CI account), not the account an environment lives in.
_POLICY_KEY = re.compile(
    r"(^data\.aws_iam_policy_document\.|\.(policy|assume_role_policy|inline_policy|"
    r"principals|statement)(\.|\[|$))"
)


def _account(fact: Fact) -> str | None:
    if fact.kind == Kind.ACCOUNT and fact.env == "shared" and _POLICY_KEY.search(fact.key):
        return None
    return _plain(fact)


# Export options of a BuildKit cache: cache-from and cache-to of one cache differ only in them
_CACHE_OPTIONS = frozenset(
    {
        "mode",
        "ignore-error",
        "compression",
        "compression-level",
        "force-compression",
        "oci-mediatypes",
        "image-manifest",
    }
)


def _cache(fact: Fact) -> str | None:
    """One identity per cache: `type=gha` (cache-from) and `type=gha,mode=max` (cache-to) are
    the same cache; `src=` and `dest=` of a local cache name the same folder."""
    plain = _plain(fact)
    if plain is None or "type=" not in plain:
        return plain
    kept = []
    for part in plain.split(","):
        name, _, setting = part.strip().partition("=")
        if name in _CACHE_OPTIONS:
            continue
        kept.append(f"path={setting}" if name in ("src", "dest") else part.strip())
    return ",".join(kept) or plain


def registry_of(image: str) -> str | None:
    first = image.split("/", 1)[0]
    if "/" in image and ("." in first or ":" in first or first == "localhost"):
        return first.lower()
    return None


def is_public_registry(reference: str) -> bool:
    """`reference` is an image ("quay.io/prometheus/alertmanager:v0.27.0") or a registry
    ("ghcr.io", "https://gcr.io/distroless")."""
    text = reference.strip().lower()
    text = text.split("://", 1)[-1]
    host, _, path = text.partition("/")
    if host in PUBLIC_REGISTRIES:
        return True
    if host in GCR_HOSTS:
        # a bare gcr.io (a setting, or a URL shown without its path) names no private project
        project = path.split("/", 1)[0]
        return project in GCR_PUBLIC_PROJECTS or project in ("", "…")
    return False


def _registry(fact: Fact) -> str | None:
    """A private registry both environments pull from; public registries do not count."""
    if fact.kind == Kind.IMAGE:
        found = registry_of(fact.value.shown)
        return None if found is None or is_public_registry(fact.value.shown) else found
    found = _host(fact) or _plain(fact)
    if found is None or fact.value.secret:
        return found
    named = (fact.value.host or "", fact.value.shown)
    return None if any(is_public_registry(n) for n in named if n) else found


def _runner(fact: Fact) -> str | None:
    return fact.value.shown if "self-hosted" in fact.tags else None


LAYERS = [
    Layer(
        "database-server",
        "database server",
        "critical",
        lambda v: v.concept("db_url") + v.concept("db_host"),
        _host,
    ),
    Layer(
        "cache-queue-server",
        "cache or queue server",
        "high",
        lambda v: v.concept("cache_host"),
        _host,
    ),
    Layer(
        "kubernetes-cluster",
        "Kubernetes cluster or kube context",
        "high",
        lambda v: v.kind(Kind.KUBE_CONTEXT, Kind.CLUSTER) + v.concept("cluster"),
        _plain,
    ),
    Layer("network", "network (VPC)", "high", lambda v: v.concept("vpc"), _plain),
    Layer(
        "cloud-account",
        "cloud account or project",
        "medium",
        lambda v: v.kind(Kind.ACCOUNT) + v.concept("account"),
        _account,
    ),
    Layer(
        "physical-host",
        "host",
        "high",
        lambda v: v.concept("deploy_host"),
        lambda f: _host(f) or _plain(f),
    ),
    Layer(
        "container-registry",
        "container registry",
        "info",  # promoting one image means pulling it from one registry: mapped, not a gap
        lambda v: (
            [f for f in v.kind(Kind.IMAGE) if f.source != "dockerfile"] + v.concept("registry")
        ),
        _registry,
    ),
    Layer("ci-runners", "self-hosted CI runner", "medium", lambda v: v.kind(Kind.RUNNER), _runner),
    Layer("build-cache", "build cache", "medium", lambda v: v.kind(Kind.BUILD_CACHE), _cache),
    Layer(
        "secrets-store",
        "secrets store",
        "medium",
        lambda v: v.concept("secrets_store"),
        lambda f: _host(f) or _plain(f),
    ),
]


def evaluate(view: View) -> Outcome:
    out = Outcome()
    shared: list[str] = []
    shared_facts: list[Fact] = []
    compared = 0
    for layer in LAYERS:
        found = _shared(view, layer)
        if found is None:
            continue
        compared += 1
        for value, facts in found:
            shared.append(layer.option)
            shared_facts += facts
            stable = facts[0].key if value.startswith("fp:") else value
            out.findings.append(
                finding(
                    DIM,
                    f"shared-{layer.option}",
                    stable,
                    layer.severity,
                    f"Staging and production share the same {layer.label}",
                    f"Both environments point at {_display(facts)} ({where(facts)}). What happens "
                    f"to it in staging (load, migrations, restarts, credentials) happens to "
                    "production.",
                    facts,
                    item="infrastructure.shared-layers",
                )
            )
    out.findings += _namespaces(view)
    crossing = _crossing(view)
    out.findings += crossing
    if shared:
        out.proposals["infrastructure.shared-layers"] = Proposal(
            sorted(set(shared)),
            Confidence.MEDIUM,
            f"shared: {', '.join(sorted(set(shared)))} (layers not configured in the repository "
            "were not compared).",
            shared_facts,
        )
    elif compared >= 3:
        out.proposals["infrastructure.shared-layers"] = Proposal(
            ["none"],
            Confidence.LOW,
            f"{compared} layers were compared and none is shared; layers outside the "
            "repository were not.",
            [],
        )
    parity = _iac_parity(view)
    if parity:
        out.proposals["infrastructure.iac-parity"] = parity
    versions, version_findings = _versions(view)
    out.findings += version_findings
    if versions:
        out.proposals["infrastructure.version-parity"] = versions
    reach = _reachability(view, shared, crossing)
    if reach:
        out.proposals["infrastructure.network-reachability"] = reach
    return out


def _shared(view: View, layer: Layer) -> list[tuple[str, list[Fact]]] | None:
    """Values both environments use for this layer; None when one side is unknown."""
    per_env: dict[Env, dict[str, list[Fact]]] = {env: {} for env in ENVS}
    for side in view.sides(layer.collect(view), key=lambda f: "layer"):
        for env in ENVS:
            for fact in side.of(env):
                value = layer.value(fact)
                if not value:
                    continue
                # a shared file naming each side's own (one workflow with a ledgerly-staging
                # and a ledgerly-prod context) gives each value to the side it names
                named = view_env(view, value) if fact.env == "shared" else None
                if named is None or named == env:
                    per_env[env].setdefault(value, []).append(fact)
    if not per_env["staging"] or not per_env["production"]:
        return None
    common = sorted(set(per_env["staging"]) & set(per_env["production"]))
    out = []
    for v in common:
        staging = per_env["staging"][v]
        known = set(staging)  # facts are frozen (hashable, equal by value): `in` by hash
        out.append((v, staging + [f for f in per_env["production"][v] if f not in known]))
    return out


def _display(facts: list[Fact]) -> str:
    fact = facts[0]
    if fact.value.secret and not fact.value.host:
        return f"the same value (fingerprint {fact.value.fingerprint})"
    return fact.value.host or fact.value.shown


def _namespaces(view: View) -> list[ProbeFinding]:
    """Both environments deploying into one namespace. Certain when both environments' own
    files name it; when one only inherits it from a shared base, only when that environment
    names no namespace of its own anywhere (otherwise its overlay puts its workloads
    elsewhere, and the base namespace belongs to a shared tool or to the other environment)."""
    facts = view.kind(Kind.NAMESPACE)
    own_anywhere = {env: any(f.env == env for f in facts) for env in ENVS}
    out = []
    for side in view.sides(facts):
        if not side.both:
            continue
        staging = {f.value.shown for f in side.staging}
        production = {f.value.shown for f in side.production}
        # a platform tool's namespace (flux-system, argocd) is one per cluster: the same name
        # on both sides is two namespaces (classification.yaml, platform_namespaces)
        common = (staging & production) - classification().platform_namespaces
        own = {env: side.own(env) for env in ENVS}
        if not common or not (own["staging"] or own["production"]):
            continue
        inheriting = [env for env in ENVS if not own[env]]
        if inheriting and own_anywhere[inheriting[0]]:
            continue
        names = ", ".join(sorted(common))
        chosen = [f for f in side.staging + side.production if f.value.shown in common]
        if inheriting:
            env = inheriting[0]
            other = "production" if env == "staging" else "staging"
            severity: Severity = "high"
            detail = (
                f"{other.capitalize()} names namespace {names} ({where(chosen)}) and {env} "
                f"sets no namespace of its own, so it inherits {names} from the shared base: "
                f"a {other} deploy can replace {env} workloads."
            )
        else:
            severity = "critical"
            detail = (
                f"Both environments' own configuration names namespace {names} "
                f"({where(chosen)}); a staging deploy replaces production workloads."
            )
        out.append(
            finding(
                DIM,
                "same-namespace",
                ",".join(sorted(common)),
                severity,
                f"{svc(side.service)}Staging and production deploy into the same Kubernetes "
                f"namespace ({names})",
                detail,
                chosen,
                item="infrastructure.shared-layers",
                service=side.service,
            )
        )
    return out


def _crossing(view: View) -> list[ProbeFinding]:
    """A staging setting whose host names production (or the reverse)."""
    out = []
    for fact in view.facts.of(Kind.ENV, Kind.SETTING):
        host = fact.value.host
        if not host or fact.env == "shared" or fact.value.vendor:
            continue
        named = view_env(view, host)
        if named and named != fact.env:
            severity: Severity = "critical" if fact.env == "staging" else "high"
            out.append(
                finding(
                    DIM,
                    f"{fact.env}-points-at-{named}",
                    fact.key,
                    severity,
                    f"{svc(fact.service)}{fact.env.capitalize()} configuration points at a "
                    f"{named} host ({host})",
                    f"{fact.key} in {fact.where.path} names {host}, which by its name belongs to "
                    f"{named}. Traffic, writes or credentials cross the boundary.",
                    [fact],
                    item="infrastructure.network-reachability",
                    service=fact.service,
                )
            )
    return out


def view_env(view: View, host: str) -> Env | None:
    """The compared side a host's name belongs to, by the run's own environments (so
    `--alias` and `--compare` count here as everywhere)."""
    found = view.envs.classify_name(host.replace(".", "-"))
    return found if found in ("staging", "production") else None


def _iac_parity(view: View) -> Proposal | None:
    families = {
        "kubernetes": ("kubernetes", "kustomize", "helm"),
        "compose": ("compose",),
        "terraform": ("terraform",),
    }
    verdicts: list[tuple[int, str, str, list[Fact]]] = []
    for family, sources in families.items():
        facts = [f for f in view.facts if f.source in sources]
        if not facts:
            continue
        envs_own = {f.env for f in facts} - {"shared"}
        has_base = any(f.env == "shared" for f in facts)
        modules = [f for f in facts if f.key.startswith("module.") and f.key.endswith(".source")]
        if len(envs_own) == 1 and not has_base:
            verdicts.append(
                (3, "hand-built", f"{family} defines only {next(iter(envs_own))}", facts[:2])
            )
        elif envs_own == {"staging", "production"} and not has_base and not modules:
            verdicts.append(
                (
                    2,
                    "separate-definitions",
                    f"{family}: each environment has its own definitions, no shared base",
                    facts[:2],
                )
            )
        elif envs_own:
            structural = _structural(view, sources)
            if structural:
                verdicts.append(
                    (
                        1,
                        "same-definitions-with-overrides",
                        f"{family}: a shared base, and resources that exist in one "
                        f"environment only ({', '.join(sorted({f.key for f in structural}))})",
                        structural,
                    )
                )
            else:
                verdicts.append(
                    (
                        0,
                        "same-definitions-variables-only",
                        f"{family}: a shared base with per-environment values",
                        facts[:2],
                    )
                )
    if not verdicts:
        return None
    worst = max(verdicts, key=lambda v: v[0])
    note = "; ".join(v[2] for v in verdicts) + "."
    return Proposal(worst[1], Confidence.MEDIUM, note, worst[3])


def _structural(view: View, sources: tuple[str, ...]) -> list[Fact]:
    facts = [f for f in view.kind(Kind.RESOURCE) if f.source in sources]
    return [f for side in view.sides(facts) if side.only for f in side.all() if f.env != "shared"]


_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")


def _versions(view: View) -> tuple[Proposal | None, list[ProbeFinding]]:
    pairs: list[tuple[str, str, str, list[Fact]]] = []
    images = [f for f in view.kind(Kind.IMAGE) if ":" in f.value.shown.rsplit("/", 1)[-1]]
    for side in view.sides(images, key=lambda f: f.value.shown.rsplit(":", 1)[0]):
        if side.both and (side.own("staging") or side.own("production")):
            s = side.staging[-1].value.shown.rsplit(":", 1)[1]
            p = side.production[-1].value.shown.rsplit(":", 1)[1]
            pairs.append((side.key, s, p, [side.staging[-1], side.production[-1]]))
    for side in view.sides(view.concept("engine_version")):
        if side.both:
            pairs.append(
                (
                    side.key,
                    side.staging[-1].value.shown,
                    side.production[-1].value.shown,
                    [side.staging[-1], side.production[-1]],
                )
            )
    if not pairs:
        return None, []
    rank = {"identical": 0, "same-minor": 1, "minor-differences": 2, "major-differences": 3}
    worst = "identical"
    findings: list[ProbeFinding] = []
    evidence_facts: list[Fact] = []
    for name, s, p, facts in pairs:
        verdict = _compare_versions(s, p)
        if verdict is None:
            continue
        evidence_facts += facts
        if rank[verdict] > rank[worst]:
            worst = verdict
        if verdict in ("minor-differences", "major-differences"):
            findings.append(
                finding(
                    DIM,
                    "version-differs",
                    name,
                    "medium" if verdict == "major-differences" else "low",
                    f"{name} runs {s} in staging but {p} in production",
                    f"Staging tests a different version than production runs ({where(facts)}).",
                    facts,
                    item="infrastructure.version-parity",
                    service=facts[0].service,
                )
            )
    if not evidence_facts:
        return None, findings
    return Proposal(
        worst,
        Confidence.MEDIUM,
        f"compared {len(pairs)} image tags and engine versions across environments.",
        evidence_facts,
    ), findings


def _compare_versions(a: str, b: str) -> str | None:
    if a == b:
        return "identical"
    va, vb = _VERSION.search(a), _VERSION.search(b)
    if not va or not vb:
        return None
    if va.group(1) != vb.group(1):
        return "major-differences"
    if va.group(2) != vb.group(2):
        return "minor-differences"
    return "same-minor"


def _reachability(view: View, shared: list[str], crossing: list[ProbeFinding]) -> Proposal | None:
    peering = [
        f
        for f in view.kind(Kind.SETTING)
        if re.search(r"vpc_peering|transit_gateway|network_peering|vnet_peering", f.key, re.I)
    ]
    if crossing or peering or {"network", "database-server", "kubernetes-cluster"} & set(shared):
        why = []
        if crossing:
            why.append("staging configuration names a production host")
        if peering:
            why.append("the networks are peered")
        if set(shared) & {"network", "database-server", "kubernetes-cluster"}:
            why.append(
                "they share "
                + ", ".join(
                    sorted(set(shared) & {"network", "database-server", "kubernetes-cluster"})
                )
            )
        facts = peering[:3]
        return Proposal(True, Confidence.MEDIUM, "; ".join(why) + ".", facts)
    vpcs = _shared(view, LAYERS[3])
    accounts = _shared(view, LAYERS[4])
    if vpcs == [] and accounts == []:
        facts = view.concept("vpc")[:2] + view.kind(Kind.ACCOUNT)[:2]
        return Proposal(
            False,
            Confidence.LOW,
            "separate VPCs in separate accounts and no peering in the infrastructure code.",
            facts,
        )
    return None
