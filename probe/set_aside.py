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
from collections.abc import Callable, Sequence

import yaml

from stagegap.probe.discovery import SourceFile, UnreadableFile
from stagegap.probe.environments import Classification

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
DEVELOPMENT = (
    "the development setup: the compose files beside it are standalone (their own images or "
    "builds for every service, never run with it by -f), not overrides of it"
)
# The environment a bare compose file is when the files beside it stand alone.
DEVELOPMENT_ENV = "dev"
_RUN_TOGETHER = re.compile(r"-f\s+\S*(docker-)?compose[^\s]*\.ya?ml\s+.*?-f\s+\S*compose[.-]")
_DOCS = ("README.md", "Makefile", "makefile", "justfile", "Taskfile.yml", "docs/deploy.md")

Placer = Callable[[str], Classification | None]


def set_aside(files: Sequence[SourceFile], place: Placer | None = None) -> dict[str, str]:
    """Reclassify such files as another environment; path -> why, for the record. `place`
    gives the side an environment's name is on (Environments.classify_name)."""
    out = {f.relative: PREVIEW for f in files if preview_env_file(f)}
    out.update(local_bases(files, [f for f in files if is_base(f)], place))
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


def local_bases(
    files: Sequence[SourceFile], bases: Sequence[SourceFile], place: Placer | None = None
) -> dict[str, str]:
    """Reclassify the `bases` nothing among `files` combines with staging or production."""
    out: dict[str, str] = {}
    if not bases:
        return out
    variants: dict[str, set[tuple[str, str]]] = {}  # folder -> {(kind, environment)}
    standalone: dict[str, bool] = {}  # folder -> every compose variant there stands alone
    for f in files:
        if f.env in ("staging", "production"):
            kind = "env" if f.name.startswith(".env") else "compose" if _is_compose(f) else None
            if kind:
                variants.setdefault(_folder(f), set()).add((kind, f.env))
            if kind == "compose":
                folder = _folder(f)
                standalone[folder] = standalone.get(folder, True) and stands_alone(f)
    ci_runs_compose: bool | None = None
    for base in bases:
        beside = variants.get(_folder(base), set())
        if base.name == ".env":
            if beside:  # .env under .env.production, or the variables of a compose override
                continue
        else:
            # compose files for staging and production both: a base they both override
            both = {("compose", "staging"), ("compose", "production")} <= beside
            if standalone.get(_folder(base)) and not both and not _run_together(files, base):
                side = place(DEVELOPMENT_ENV) if place is not None else None
                base.env = side if side in ("staging", "production") else "other"
                out[base.relative] = DEVELOPMENT
                continue
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


def stands_alone(file: SourceFile) -> bool:
    """A compose file whose every service has its own image or build, more besides, and none
    `extends` another: a whole configuration (docker-compose.prod.yml for a server), not an
    override that changes a few keys of the base."""
    try:
        doc = yaml.safe_load(file.text())
    except (UnreadableFile, yaml.YAMLError):
        return False
    services = doc.get("services") if isinstance(doc, dict) else None
    if not isinstance(services, dict) or not services:
        return False
    return all(
        isinstance(spec, dict)
        and ("image" in spec or "build" in spec)
        and "extends" not in spec
        and len(spec.keys() - {"image", "build"}) > 0  # more than a new image: a definition
        for spec in services.values()
    )


def _run_together(files: Sequence[SourceFile], base: SourceFile) -> bool:
    """Whether CI, scripts or the docs beside the base run it with another file
    (`docker compose -f docker-compose.yml -f docker-compose.prod.yml up`)."""
    folder = _folder(base)
    texts: list[str] = []
    for f in files:
        if _CI.search(f.relative) or f.name.endswith(".sh"):
            try:
                texts.append(f.text())
            except UnreadableFile:
                continue
    for name in _DOCS:
        doc = SourceFile(base.root, f"{folder}/{name}" if folder else name, "shared", None)
        if doc.path.is_file() and not doc.path.is_symlink():
            try:
                texts.append(doc.text())
            except UnreadableFile:
                continue
    return any(_RUN_TOGETHER.search(text) for text in texts)


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
