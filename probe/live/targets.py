"""Where live state is read from, as given on the command line, and how it may be named.

A connection string or token never comes from an argument (it would show in a process list):
`--db staging=env:STAGING_DATABASE_URL` names the variable that holds it. What the probe
prints, logs or records about a source is `LiveTarget.shown`: the environment, the kind and
the host without user, password or credential-bearing query parameters.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import parse_qsl, urlsplit

SIDES = ("staging", "production")
# Query parameters that carry a credential in a connection URL (libpq, HTTP APIs).
_SECRET_PARAM = re.compile(r"pass|pwd|secret|token|key|auth|cred|sig", re.I)


class SourceKind(StrEnum):
    POSTGRES = "postgres"
    PROMETHEUS = "prometheus"
    KUBERNETES = "kubernetes"


class KubeMode(StrEnum):
    FILE = "file"
    CONTEXT = "context"


class TargetError(ValueError):
    """A --db/--prom/--kube value that cannot be used: one line, never the secret."""


@dataclass(frozen=True)
class LiveTarget:
    """One environment's source. `locator` may hold credentials: it is only ever handed to
    the client library, never formatted (repr=False keeps it out of tracebacks too)."""

    env: str
    kind: SourceKind
    shown: str
    locator: str = field(repr=False)
    kube_mode: KubeMode | None = None

    def secrets(self) -> list[str]:
        """The parts of the locator that must never appear in output (for scrub())."""
        return secret_parts(self.locator)


def _split(flag: str, text: str) -> tuple[str, str]:
    env, sep, value = text.partition("=")
    env = env.strip().lower()
    if not sep or not value:
        raise TargetError(f"{flag} {env or text!r}: expected ENV=SOURCE, e.g. {flag} staging=...")
    if env not in SIDES:
        raise TargetError(f"{flag}: environment {env!r} is neither staging nor production")
    return env, value.strip()


def _from_env(flag: str, env: str, variable: str, environ: Mapping[str, str]) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", variable):
        raise TargetError(f"{flag} {env}=env:{variable}: not an environment variable name")
    value = environ.get(variable, "").strip()
    if not value:
        raise TargetError(f"{flag} {env}=env:{variable}: the variable is not set or empty")
    return value


def database(text: str, environ: Mapping[str, str] | None = None) -> LiveTarget:
    """`ENV=env:VARIABLE` (the URL is read from the variable); a URL written on the command
    line is refused when it carries a password."""
    return _url_target("--db", SourceKind.POSTGRES, text, environ)


def prometheus(text: str, environ: Mapping[str, str] | None = None) -> LiveTarget:
    """`ENV=env:VARIABLE` or `ENV=http(s)://host:port` without credentials. User and password
    in the variable's URL are sent as HTTP basic authentication."""
    return _url_target("--prom", SourceKind.PROMETHEUS, text, environ)


_SCHEMES = {
    SourceKind.POSTGRES: ("postgres://", "postgresql://"),
    SourceKind.PROMETHEUS: ("http://", "https://"),
}


def _url_target(
    flag: str, kind: SourceKind, text: str, environ: Mapping[str, str] | None
) -> LiveTarget:
    env, value = _split(flag, text)
    if value.startswith("env:"):
        url = _from_env(flag, env, value[4:], environ if environ is not None else os.environ)
    elif secret_parts(value):
        raise TargetError(
            f"{flag} {env}=...: credentials on the command line show in the process list; "
            f"put the URL in a variable and pass {flag} {env}=env:VARIABLE"
        )
    else:
        url = value
    if not url.startswith(_SCHEMES[kind]):
        raise TargetError(f"{flag} {env}: not a {' or '.join(_SCHEMES[kind])} URL")
    return LiveTarget(env, kind, f"{kind.value}:{env}@{safe_host(url)}", url)


def kubernetes(text: str) -> LiveTarget:
    """`ENV=file:PATH` (saved `kubectl get ... -o json`) or `ENV=context:NAME`."""
    env, value = _split("--kube", text)
    mode_text, sep, where = value.partition(":")
    if not sep or not where or mode_text not in {m.value for m in KubeMode}:
        raise TargetError(f"--kube {env}: expected file:PATH or context:NAME")
    mode = KubeMode(mode_text)
    return LiveTarget(env, SourceKind.KUBERNETES, f"kubernetes:{env}@{value}", where, mode)


def safe_host(url: str) -> str:
    """host[:port][/database] of a URL, without userinfo or query."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "unparsable-url"
    path = parts.path.rstrip("/")
    return f"{host}{port}{path}"


def secret_parts(url: str) -> list[str]:
    """The credential-bearing pieces of a URL: password, user:password, secret query values."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return [url]
    found = [password] if password else []
    found += [v for k, v in parse_qsl(parts.query) if _SECRET_PARAM.search(k) and v]
    return [s for s in found if s]


def scrub(message: str, secrets: Iterable[str]) -> str:
    """One line of a client library's error, with every secret replaced (client errors may
    echo a connection string)."""
    line = (message.strip().splitlines() or [""])[0]
    for secret in secrets:
        if secret:
            line = line.replace(secret, "***")
    return re.sub(r"(\w+://)[^/@\s]*@", r"\1", line)


def check_query(template: str) -> str:
    """A --prom-query template: PromQL in which {window}, {env} and {metric} are replaced
    (a label selector's own braces stay as they are)."""
    if not template.strip():
        raise TargetError("--prom-query: empty query")
    return template.strip()


def fill(template: str, **values: str) -> str:
    """The template with each {name} replaced; nothing else in it is interpreted."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template
