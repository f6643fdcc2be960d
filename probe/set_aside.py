"""Files whose path names staging, production or a shared base, but whose use says otherwise.

Path and name are how the probe places a file, and two common cases mislead them:

- A bare `.env` or `docker-compose.yml` is a base of staging and production only when something
  combines it with them. A bare `.env` is the base under a `.env.staging` or `.env.production`
  (or a compose override) in its folder, as dotenv loaders layer them. A compose file is the base
  of a `docker-compose.prod.yml` beside it, or of one env file per environment (`--env-file
  .env.production`); where a CI file runs docker compose, it may be what CI deploys. Anything
  else, typically a repository deployed to Kubernetes or by Terraform with a compose file for
  `docker compose up` on a laptop, is a local setup: its passwords are not production's, and its
  values must not fill in for what staging or production lack.
- A `.env.staging` whose opening comment says it serves pull-request or preview environments
  is that, whatever its name.

Such files are classified like `.env.dev`: another environment, not compared. The engine
reports them with the reason (`environments.set_aside` in the JSON).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stagegap.probe.discovery import SourceFile, UnreadableFile

_COMPOSE_BASE = re.compile(r"^(docker-)?compose\.ya?ml$")
_COMPOSE_ANY = re.compile(r"^(docker-)?compose[.-].*\.ya?ml$")
_CI = re.compile(r"(^|/)(\.gitlab-ci\.ya?ml|\.github/workflows/[^/]+\.ya?ml|Jenkinsfile)$")
_RUNS_COMPOSE = re.compile(r"docker[- ]compose|docker\s+stack\s+deploy|compose\.ya?ml")
_PREVIEW = re.compile(
    r"\b(pull[- ]requests?|PRs?|preview|review apps?|pizza|ephemeral)\b.{0,40}\benvironments?\b"
    r"|\benvironments?\b.{0,20}\b(per|for each|for every)\s+(pull[- ]request|PR|branch)\b",
    re.I,
)
LOCAL = "a local setup: nothing beside it makes it a base of staging or production"
PREVIEW = "its opening comment says it serves pull-request or preview environments"


def set_aside(files: Sequence[SourceFile]) -> dict[str, str]:
    """Reclassify such files as another environment; path -> why, for the record."""
    out = {f.relative: PREVIEW for f in files if preview_env_file(f)}
    out.update(local_bases(files, [f for f in files if is_base(f)]))
    return out


def preview_env_file(file: SourceFile) -> bool:
    """A staging or production .env file whose header says it serves preview environments is
    reclassified (True); decided from the file alone, so it can be asked file by file."""
    if file.env in ("staging", "production") and file.name.startswith(".env"):
        if _says_preview(file):
            file.env = "other"
            return True
    return False


def is_base(file: SourceFile) -> bool:
    """A bare .env or compose file classified shared: whether it is depends on the others."""
    return file.env == "shared" and (file.name == ".env" or bool(_COMPOSE_BASE.match(file.name)))


def local_bases(files: Sequence[SourceFile], bases: Sequence[SourceFile]) -> dict[str, str]:
    """Reclassify the `bases` nothing among `files` combines with staging or production."""
    out: dict[str, str] = {}
    if not bases:
        return out
    variants: dict[str, set[tuple[str, str]]] = {}  # folder -> {(kind, environment)}
    for f in files:
        if f.env in ("staging", "production"):
            kind = "env" if f.name.startswith(".env") else "compose" if _is_compose(f) else None
            if kind:
                variants.setdefault(_folder(f), set()).add((kind, f.env))
    ci_runs_compose: bool | None = None
    for base in bases:
        beside = variants.get(_folder(base), set())
        if base.name == ".env":
            if beside:  # .env under .env.production, or the variables of a compose override
                continue
        else:
            override = any(kind == "compose" for kind, _ in beside)
            env_file_each = {("env", "staging"), ("env", "production")} <= beside
            if override or env_file_each:
                continue
            if ci_runs_compose is None:
                ci_runs_compose = _ci_runs_compose(files)
            if ci_runs_compose:
                continue
        base.env = "other"
        out[base.relative] = LOCAL
    return out


def _says_preview(file: SourceFile) -> bool:
    """The comment lines before the first variable."""
    try:
        text = file.text()
    except UnreadableFile:
        return False
    header = []
    for line in text.splitlines()[:10]:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        header.append(stripped)
    return bool(_PREVIEW.search(" ".join(header)))


def _is_compose(file: SourceFile) -> bool:
    return bool(_COMPOSE_BASE.match(file.name) or _COMPOSE_ANY.match(file.name))


def _folder(file: SourceFile) -> str:
    return file.relative.rpartition("/")[0]


def _ci_runs_compose(files: Sequence[SourceFile]) -> bool:
    for f in files:
        if _CI.search(f.relative):
            try:
                if _RUNS_COMPOSE.search(f.text()):
                    return True
            except UnreadableFile:
                continue
    return False
