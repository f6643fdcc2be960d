"""The sources, and which of them reads a given file (one file may feed several)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.sources import (
    code,
    data,
    dockerfile,
    dotenv,
    envobject,
    fly,
    heroku,
    jenkins,
    loadtest,
    netlify,
    railway,
    serverless,
    settings,
    terraform,
    terragrunt,
    tooling,
    valuefiles,
    vercel,
    yamlfiles,
)
from stagegap.probe.sources.base import Context

Reader = Callable[[SourceFile, Context], list[Fact]]

READERS: list[tuple[Callable[[str], bool], Reader]] = [
    (dotenv.wants, dotenv.read),
    (dockerfile.wants, dockerfile.read),
    (yamlfiles.wants, yamlfiles.read),
    (terraform.wants, terraform.read),
    (terragrunt.wants, terragrunt.read),
    (settings.wants_json, settings.read_json),
    (envobject.wants, envobject.read),
    (code.wants, code.read),
    (loadtest.wants, loadtest.read),
    (data.wants, data.read),
    (tooling.wants, tooling.read),
    (valuefiles.wants, valuefiles.read),
    (fly.wants, fly.read),
    (netlify.wants, netlify.read),
    (vercel.wants, vercel.read),
    (railway.wants, railway.read),
    (heroku.wants, heroku.read),
    (serverless.wants_samconfig, serverless.read_samconfig),
    (jenkins.wants, jenkins.read),
]


@lru_cache(maxsize=131072)
def readers_for(relative: str) -> tuple[Reader, ...]:
    return tuple(read for wants, read in READERS if wants(relative))


# Extensions some source reads; anything else is only wanted for its name (.env, Dockerfile).
EXTENSIONS = frozenset(
    {
        "yaml",
        "yml",
        "json",
        "tf",
        "tfvars",
        "py",
        "js",
        "mjs",
        "cjs",
        "ts",
        "tsx",
        "jsx",
        "mts",
        "cts",
        "vue",
        "svelte",
        "sql",
        "rb",
        "sh",
        "csv",
        "php",
        "go",
        "ex",
        "exs",
        "jmx",
        "scala",
        "kt",
        "java",
        "txt",
        "http",
        "toml",
        "lock",
        "mod",
        "xml",
        "gradle",
        "kts",
        "hcl",
        "env",
        "Pipfile",
        "Gemfile",
        "Procfile",
        "Jenkinsfile",
    }
)


def _named(name: str) -> bool:
    ext = name.rsplit(".", 1)[-1] if "." in name else name
    return (
        ext in EXTENSIONS
        or name.startswith((".env", "Dockerfile", "Containerfile"))
        or "ockerfile" in name
        or name.endswith(".env")
        or "." not in name  # a file holding one value (versions/staging/api): asked by path
    )


class Wanted:
    """Whether some source reads a file. `might_want(name)` answers from the name alone (cached
    per name: a monorepo repeats a few hundred names thousands of times), so the walk skips
    most files without building their path; `by_path` then asks the sources."""

    def __init__(self) -> None:
        self._names: dict[str, bool] = {}

    def might_want(self, name: str) -> bool:
        verdict = self._names.get(name)
        if verdict is None:
            verdict = self._names[name] = _named(name)
        return verdict

    @staticmethod
    def by_path(relative: str) -> bool:
        return bool(readers_for(relative))

    def __call__(self, relative: str) -> bool:
        if not self.might_want(relative.rsplit("/", 1)[-1]):
            return False
        return bool(readers_for(relative))


wanted = Wanted()
