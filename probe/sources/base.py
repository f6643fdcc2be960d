"""What every source shares: the run's context and one way to turn a raw value into a fact."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from stagegap.probe.discovery import SourceFile, Warnings
from stagegap.probe.environments import Environments
from stagegap.probe.facts import Env, Fact, Where
from stagegap.probe.names import credential_shaped, variable_name
from stagegap.probe.secrets import Redactor

BUILD_PREFIXES = (
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "NUXT_PUBLIC_",
    "EXPO_PUBLIC_",
    "GATSBY_",
    "PUBLIC_",
    "STORYBOOK_",
)
# A fact from a file of another environment (.env.dev, .env.test, .env.example,
# overlays/dev/...): not configuration of staging or production, and never a shared base.
OTHER_ENV = "other-env"
# Sources whose facts are the configuration of the environment the file belongs to; their facts
# from another environment's files are dropped. Code, load tests, data and CI jobs (classified by
# job, not by file) are kept wherever they are.
ENV_CONFIG_SOURCES = frozenset(
    {
        "dotenv",
        "compose",
        "dockerfile",
        "kubernetes",
        "kustomize",
        "helm",
        "terraform",
        "terragrunt",
        "value-file",
        "settings",
        "prometheus",
        "alertmanager",
    }
)
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class Context:
    redactor: Redactor
    envs: Environments
    warnings: Warnings
    # what sources learn once per run and ask again (which folders hold a bundler config)
    memo: dict[object, object] = field(default_factory=dict, repr=False)


def make(
    ctx: Context,
    file: SourceFile,
    kind: str,
    key: str,
    raw: Any,
    line: int | None,
    *,
    source: str,
    env: Env | None = None,
    scope: str | None = None,
    tags: tuple[str, ...] = (),
    service: str | None = None,
    value_name: str | None = None,
    secret: bool = False,
    reference: bool = False,
) -> Fact:
    """A fact whose value has been through the redactor (or, with `reference`, the safe
    description of where the value is kept); the excerpt is rebuilt from the safe
    rendering, never copied from the file, so a secret on that line cannot ride along."""
    if reference:  # held elsewhere (secretKeyRef, ExternalSecret): a pointer, not a value
        observed = ctx.redactor.reference(str(raw))
    else:
        observed = ctx.redactor.observe(value_name or key, raw, secret)
    excerpt = (key if observed.empty else f"{key}={observed.describe()}")[:200]
    if env is None:
        if file.env == "other":
            env, tags = "shared", (*tags, OTHER_ENV)
        else:
            env = file.env
    return Fact(
        kind,
        key,
        observed,
        env,
        Where(file.relative, line, excerpt),
        source,
        service if service is not None else file.service,
        scope,
        tags,
    )


def named(ctx: Context, file: SourceFile, key: str, line: int | None, *, bare: bool) -> bool:
    """Whether a variable's name read from the file may become a fact (probe/names.py); when
    not, a warning names the line, never its text."""
    if variable_name(key, bare=bare):
        return True
    _not_an_assignment(ctx.warnings, file, line)
    return False


def only_named(file: SourceFile, facts: list[Fact], warnings: Warnings) -> list[Fact]:
    """The facts of one file without any whose key is not a name: a variable must be named
    like one, and no key (a settings path, a job) may be shaped like a credential. Applied to
    every source's facts, so no source can forget it."""
    if all(map(_fit, facts)):
        return facts
    kept = []
    for fact in facts:
        if _fit(fact):
            kept.append(fact)
        else:
            _not_an_assignment(warnings, file, fact.where.line)
    return kept


def _fit(fact: Fact) -> bool:
    if fact.kind == "env":
        return variable_name(fact.key)
    return not credential_shaped(fact.key)


def _not_an_assignment(warnings: Warnings, file: SourceFile, line: int | None) -> None:
    if line:
        warnings.add(file.relative, f"line {line} is not KEY=VALUE, skipped", line)
    else:
        warnings.add(file.relative, "a key that is not a variable name, skipped")


def value_from(ref: dict[Any, Any]) -> tuple[str, bool]:
    """How an env entry's `valueFrom` (secretKeyRef, configMapKeyRef, fieldRef,
    resourceFieldRef) is shown, and whether it is a secret: the value is kept in the cluster,
    per environment, so a fact records where it is, never a value. Kubernetes manifests and
    Helm values say it the same way."""
    secret_ref = ref.get("secretKeyRef")
    label = "secretKeyRef" if secret_ref else next((str(k) for k in ref), "ref")
    where = secret_ref or ref.get(label) or {}
    if isinstance(where, dict) and where.get("fieldPath"):
        shown = f"{label}:{where['fieldPath']}"
    elif isinstance(where, dict) and where.get("resource"):
        shown = f"{label}:{where['resource']}"
    elif isinstance(where, dict):
        shown = f"{label}:{where.get('name', '')}/{where.get('key', '')}"
    else:
        shown = label
    return shown[:120], bool(secret_ref)


def env_scope(name: str, default: str) -> str:
    """Where a variable is set decides its scope; the env-vars rule separately flags
    framework-prefixed variables (inlined at build time) that are only set at run time."""
    return default


def inlined_at_build(name: str) -> bool:
    return name.upper().startswith(BUILD_PREFIXES)


_WORKERS = re.compile(r"(?:--workers|--concurrency|--threads|-w|-c)[ =]?(\d{1,9})(?!\d)")


def worker_count(command: Any) -> int | None:
    """Workers from a start command (gunicorn -w 4, celery --concurrency=8, puma --threads 5):
    compose and Kubernetes both size a service this way, so both read it here."""
    text = " ".join(map(str, command)) if isinstance(command, list) else as_str(command)
    match = _WORKERS.search(text) if text else None
    return int(match.group(1)) if match else None


def as_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def deep_merge(base: dict[Any, Any], over: dict[Any, Any]) -> dict[Any, Any]:
    """`over` merged into `base` the way Helm values and terragrunt's deep merge layer: maps
    key by key, anything else replaced."""
    out = dict(base)
    for key, value in over.items():
        previous = out.get(key)
        out[key] = (
            deep_merge(previous, value)
            if isinstance(previous, dict) and isinstance(value, dict)
            else value
        )
    return out
