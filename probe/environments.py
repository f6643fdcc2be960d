"""Which environment and which service a file (or a CI job) belongs to, from its names.

Repositories spell environments a dozen ways; the probe knows the common spellings and takes
more as aliases. A file naming neither environment is a base shared by both; a file naming
some other environment (dev, test, local, sandbox, integration, a preview or review app, a
pull request's `pr-123`, an example) is not compared at all, and never fills in for what
staging or production lack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

Classification = Literal["staging", "production", "shared", "other"]

DEFAULT_ALIASES: dict[str, tuple[str, ...]] = {
    "staging": ("staging", "stage", "stg", "preprod", "pre-prod", "uat", "stag"),
    "production": ("production", "prod", "prd", "live", "prod-eu", "prod-us"),
}
OTHER_ENVS = (
    "dev",
    "development",
    "local",
    "test",
    "tests",
    "testing",
    "ci",
    "example",
    "examples",
    "sample",
    "template",
    "dist",
    "demo",
    "sandbox",
    "qa-local",
    "e2e",
    "docs",
    "integration",
    "preview",
    "review",
    "pizza",
    "ephemeral",
)
# Third-environment words that are also ordinary names (an integration service, an image
# preview, a code-review bot): they name an environment only beside generic words
# (`rules/integration/`, `values-integration.yaml`, `.env.preview`, `review-app/`), never in a
# name of their own (`integration-service.yaml`, `charts/image-preview/`), and `apps/review/`
# stays a service.
ORDINARY_WORDS = frozenset({"integration", "preview", "review"})
# Environment words read inside a compound folder name, as staging and production are read
# anywhere in one (`k8s-manifests-test` is the test environment's folder; see _names_other).
_COMPOUND_OTHER = frozenset(
    {
        "dev",
        "development",
        "local",
        "test",
        "testing",
        "sandbox",
        "e2e",
        "integration",
        "preview",
        "review",
        "pizza",
        "ephemeral",
    }
)
_GENERIC = frozenset(
    {
        "app",
        "apps",
        "env",
        "envs",
        "environment",
        "environments",
        "values",
        "config",
        "configs",
        "settings",
        "vars",
        "docker",
        "compose",
        "k8s",
        "kube",
        "kubernetes",
        "manifests",
        "overlay",
        "overlays",
        "cluster",
        "stack",
        "deploy",
        "deployment",
        "infra",
        "terraform",
        "tfvars",
        "helm",
        "chart",
        "yaml",
        "yml",
        "json",
        "toml",
        "ini",
        "conf",
        "properties",
        "hcl",
        "tf",
    }
)
TEMPLATE_TOKENS = frozenset({"example", "sample", "template", "dist", "tmpl", "tpl"})
SERVICE_CONTAINERS = (
    "services",
    "apps",
    "packages",
    "svc",
    "microservices",
    "projects",
    "components",
)
_SPLIT = re.compile(r"[/._\-\s]+")


@dataclass
class Environments:
    """Name tokens for each environment; `--alias staging=qa` adds to them."""

    staging: set[str] = field(default_factory=lambda: set(DEFAULT_ALIASES["staging"]))
    production: set[str] = field(default_factory=lambda: set(DEFAULT_ALIASES["production"]))
    other: set[str] = field(default_factory=lambda: set(OTHER_ENVS))
    _folders: dict[str, tuple[Classification | None, bool]] = field(
        default_factory=dict, repr=False
    )
    _names: dict[str, tuple[Classification | None, bool, bool]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def with_aliases(cls, aliases: Mapping[str, Iterable[str]] | None = None) -> Environments:
        envs = cls()
        for env, names in (aliases or {}).items():
            target = envs.staging if env == "staging" else envs.production
            if env not in ("staging", "production"):
                raise ValueError(f"unknown environment {env!r}: use staging or production")
            for name in names:
                token = name.strip().lower()
                if token:
                    target.add(token)
                    envs.other.discard(token)
        return envs

    def classify_name(self, name: str) -> Classification | None:
        """The environment one name (a job, an overlay, a namespace) refers to, if any.

        The last token wins: in `deploy/prod/values-staging.yaml` the file is more specific
        than its folder.
        """
        found: Classification | None = None
        other = False
        tokens = [t for t in _SPLIT.split(name.lower()) if t]
        for token in tokens:
            if token in self.staging:
                found = "staging"
            elif token in self.production:
                found = "production"
            elif token in self.other:
                other = True
        return found or ("other" if other or _pull_request(tokens) else None)

    def classify_path(self, relative: str) -> Classification:
        """A template (.env.staging.example) is never an environment; otherwise the last
        environment token anywhere in the path decides; a folder or file naming another
        environment (overlays/dev, .env.test) is 'other'; everything else is a shared base.
        The service's own folder name is left out: services/live-chat is not production."""
        folder, _, name = relative.rpartition("/")
        folder_env, folder_other = self._folder(folder)
        named = self._names.get(name)
        if named is None:
            named = self._name(name)
            self._names[name] = named
        found, template, other = named
        if template:
            return "other"
        found = found or folder_env
        if found is not None:
            return found
        if folder_other or other:
            return "other"
        return "shared"

    def _name(self, name: str) -> tuple[Classification | None, bool, bool]:
        """What a file name alone says: (environment, a template, another environment)."""
        base_tokens = [t for t in _SPLIT.split(name.lower()) if t]
        found: Classification | None = None
        for token in base_tokens:
            if token in self.staging:
                found = "staging"
            elif token in self.production:
                found = "production"
        other = any(t in self.other and t not in ORDINARY_WORDS for t in base_tokens)
        return (
            found,
            any(t in TEMPLATE_TOKENS for t in base_tokens),
            other or self._names_other(base_tokens) or _pull_request(base_tokens),
        )

    def _names_other(self, tokens: list[str]) -> bool:
        """Whether a compound name (a folder, a file) names another environment: its word
        with generic words only around it (`values-integration.yaml`, `review-app`), or, for a
        word that is not also an ordinary name, at its end (`k8s-manifests-sandbox`)."""
        for index, token in enumerate(tokens):
            if token not in _COMPOUND_OTHER or token not in self.other:
                continue
            if all(t in _GENERIC for i, t in enumerate(tokens) if i != index):
                return True
            if index == len(tokens) - 1 and token not in ORDINARY_WORDS:
                return True
        return False

    def _folder(self, folder: str) -> tuple[Classification | None, bool]:
        """The environment a folder names, and whether it names another one; per folder."""
        cached = self._folders.get(folder)
        if cached is not None:
            return cached
        parts = [p for p in folder.lower().split("/") if p]
        service = _service_of_folder(folder)
        if service is not None and service.lower() in parts:
            parts.remove(service.lower())
        found: Classification | None = None
        other = False
        for part in parts:
            tokens = [t for t in _SPLIT.split(part) if t]
            for token in tokens:
                if token in self.staging:
                    found = "staging"
                elif token in self.production:
                    found = "production"
            if not other:
                other = part in self.other or self._names_other(tokens) or _pull_request(tokens)
        result = (found, other)
        self._folders[folder] = result
        return result


def _pull_request(tokens: list[str]) -> bool:
    """`pr-123`, `pr123`, `pr-${{ github.event.number }}`: one pull request's preview."""
    for i, token in enumerate(tokens):
        if token.startswith("pr") and token[2:].isdigit() and len(token) > 2:
            return True
        if token == "pr" and i + 1 < len(tokens):
            following = tokens[i + 1]
            if following.isdigit() or following.startswith(("$", "{")):
                return True
    return False


@lru_cache(maxsize=65536)
def _service_of_folder(folder: str) -> str | None:
    parts = folder.split("/")
    for i, part in enumerate(parts):
        if part in SERVICE_CONTAINERS and i + 1 < len(parts):
            name = parts[i + 1]
            # apps/staging/, apps/production/: an environment folder, not a service
            if name.lower() in _ENV_WORDS:
                return None
            return name
    return None


_ENV_WORDS = frozenset(
    [
        *DEFAULT_ALIASES["staging"],
        *DEFAULT_ALIASES["production"],
        *(word for word in OTHER_ENVS if word not in ORDINARY_WORDS),
        "base",
        "common",
        "shared",
    ]
)


def service_of(relative: str) -> str | None:
    return _service_of_folder(relative.rpartition("/")[0])


def parse_alias(text: str) -> tuple[str, str]:
    """'staging=qa' -> ('staging', 'qa'); the CLI's --alias option."""
    env, sep, name = text.partition("=")
    env = env.strip().lower()
    if not sep or env not in ("staging", "production") or not name.strip():
        raise ValueError(f"alias {text!r}: expected staging=NAME or production=NAME")
    return env, name.strip().lower()
