"""What may leave the probe, and in what form.

Every value a source reads goes through `Redactor.observe` before it becomes a fact; only the
resulting `Observed` (a safe rendering, a kind, a salted fingerprint) travels further. The
redactor also remembers every secret it saw so the output layer can run a last scrub over
whatever it is about to print: belt and braces, because one leaked key costs more than any
feature.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from stagegap.probe.vendors import Catalog, catalog

SECRET_NAME = re.compile(
    r"pass(word|wd|phrase)?($|_)|(^|_)pw($|_)|pwd|secret|token|api_?key|apikey|private_?key|"
    r"access_?key|credential|auth_?key|signing|(^|_)dsn($|_)|session_?key|cookie|salt|bearer|"
    r"encryption_?key|master_?key|license_?key|routing_?key|service_?key|webhook_?url|"
    r"(^|_)key($|_)|(^|_)pat($|_)|connection_?string|conn_?str",
    re.I,
)
# Names that mention a secret but hold only its metadata: safe to show.
SAFE_SUFFIX = re.compile(
    r"_(ttl|length|len|expiry|expires|expiration|timeout|seconds|minutes|age|rounds|file|path|"
    r"enabled|header|name|id_?field|algorithm|algo|rotation_days|version|mount)$",
    re.I,
)
REFERENCE = re.compile(
    # ${{ secrets.X }}, $VAR, ${VAR}, a Terraform reference (${var.x}, ${aws_vpc.main.id}: python-
    # hcl2 gives expressions this way), {{ .Values.x }}, $(VAR)
    r"^(\$\{\{\s*[\w.\-\[\]'\"]+\s*\}\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|"
    r"\$\{[A-Za-z_][\w-]*(\.[\w\-\[\]\"*]+)+\}|\{\{\s*\.?[\w.]+\s*\}\}|\$\([A-Za-z_][A-Za-z0-9_]*\))$"
)
# Stand-ins for a value somebody fills in later: never a secret, never "the same secret".
PLACEHOLDER = re.compile(
    r"^(<[^<>\n]{1,80}>|\[[A-Za-z _-]{1,60}\]|_{2}[A-Z0-9_]+_{2}|#\{[\w.-]+\}#?|@[\w.-]+@|"
    r"change[-_ ]?me[-_.\w]*|change[-_ ]?it|replace[-_ ]?me[-_.\w]*|x{3,}|\*{3,}|\.{3,}|"
    r"todo|tbd|fixme|placeholder|dummy|redacted|"
    r"your[-_ ][\w -]{1,60}|(set|put|insert|add)[-_ ](me|your)[\w -]*)$",
    re.I,
)
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
BOOL_WORDS = {"true", "false", "yes", "no", "on", "off"}
HOST = re.compile(
    r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$"
)
# Cloud resource ids look random but name things, not grant access.
RESOURCE_ID = re.compile(
    r"^(vpc|subnet|sg|igw|nat|rtb|eni|vol|snap|ami|i|acl|pcx|tgw|eipalloc|lt|vpce|fs|r|"
    r"cluster|db)-[0-9a-f]{8,17}$|^arn:aws[\w-]*:"
)
PEM_OR_JWT = re.compile(r"-----BEGIN [A-Z ]*KEY-----|^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.")
PLAIN_WORDISH = re.compile(r"^[A-Za-z0-9/.~][A-Za-z0-9 ._:/@,=+*()\[\]{}<>|'\"#%&?~^!$-]*$")
REDACTED = "<redacted>"
_SCALARS = (str, int, float, bool)


@dataclass(frozen=True, slots=True)
class Observed:
    """A value as the probe may keep it. `shown` is always safe to print."""

    shown: str
    secret: bool = False
    fingerprint: str | None = None
    kind: str | None = None
    vendor: str | None = None
    mode: str | None = None
    host: str | None = None
    number: float | None = None
    boolean: bool | None = None
    reference: bool = False  # names a value kept elsewhere (secretKeyRef, ${VAR}, a placeholder)
    placeholder: bool = False  # <your-key>, changeme, xxx: to be filled in, not a value
    empty: bool = False
    scheme: str | None = None
    user: str | None = None

    def __reduce__(self) -> tuple[type[Observed], tuple[object, ...]]:
        """Pickled as a constructor call (see Fact.__reduce__)."""
        return (Observed, tuple(getattr(self, name) for name in _OBSERVED_FIELDS))

    def describe(self) -> str:
        """How a finding names the value: the safe rendering, or its kind and fingerprint."""
        if self.secret:
            label = self.kind or "secret value"
            return f"{label} (fingerprint {self.fingerprint})" if self.fingerprint else label
        return self.shown if not self.empty else "(empty)"


EMPTY = Observed(shown="", empty=True)
_OBSERVED_FIELDS = tuple(f.name for f in fields(Observed))


def entropy(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def looks_random(text: str) -> bool:
    """Tokens, hashes, keys: a long dense run mixing letters and digits. ARNs, image refs and
    host names are made of short readable segments and do not count."""
    if len(text) < 16 or " " in text.strip():
        return False
    for segment in _SEGMENTS.split(text):
        if len(segment) < 16 or _wordy(segment):
            continue
        has_digit = any(c.isdigit() for c in segment)
        has_alpha = any(c.isalpha() for c in segment)
        if has_digit and has_alpha and entropy(segment) > 3.3:
            return True
        if len(segment) >= 32 and entropy(segment) > 3.5:
            return True
    return False


_SEGMENTS = re.compile(r"[:/.@,;]+")
# A name people wrote: three or more short words joined by - or _, each in one case (or
# capitalised) with at most a short number after it (search-api-v2-beta-features,
# govuk_published_documents_queue). Random letters mix their case.
_WORD = re.compile(r"^([a-z]{1,12}|[A-Z][a-z]{0,11}|[A-Z]{1,12})\d{0,2}$")


def _wordy(segment: str) -> bool:
    parts = re.split(r"[-_]+", segment.strip("-_"))
    return len(parts) >= 3 and all(_WORD.match(part) for part in parts)


@lru_cache(maxsize=65536)
def secret_name(name: str) -> bool:
    leaf = re.split(r"[.\[\]/]", name)[-1] or name
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", leaf)
    return bool(SECRET_NAME.search(snake)) and not SAFE_SUFFIX.search(snake)


class Redactor:
    """Turns raw values into Observed ones. One per run: the salt never outlives the run."""

    def __init__(self, salt: bytes | None = None, vendors: Catalog | None = None) -> None:
        self._salt = salt if salt is not None else os.urandom(16)
        self._keyed = hmac.new(self._salt, digestmod=hashlib.sha256)
        self._catalog = vendors or catalog()
        self._seen: set[str] = set()
        self._cache: dict[tuple[object, ...], Observed] = {}
        self._pattern: re.Pattern[str] | None = None

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    def fingerprint(self, raw: str) -> str:
        digest = self._keyed.copy()  # the salt's key schedule computed once per run
        digest.update(raw.encode("utf-8", "replace"))
        return "fp:" + digest.hexdigest()[:12]

    def remember(self, raw: str) -> None:
        """A secret to scrub from output even if it somehow got past the rules."""
        raw = raw.strip()
        if len(raw) >= 6 and raw not in self._seen:
            self._seen.add(raw)
            self._pattern = None

    def remembered(self) -> frozenset[str]:
        """The secrets seen so far: what `scrub` removes. Handed from the probe's second
        process to its parent (probe/codescan.py), never written anywhere."""
        return frozenset(self._seen)

    def reference(self, shown: str) -> Observed:
        """A value held elsewhere (a secretKeyRef, a configMapKeyRef, an ExternalSecret's remote
        key): its safe description, never a secret value itself."""
        return Observed(shown=shown, reference=True)

    def observe(self, name: str, raw: object, secret: bool = False) -> Observed:
        """`secret=True` when the place says so (a Kubernetes Secret), whatever the name.

        Monorepos repeat the same names and values hundreds of times, so results are cached
        for the run (the cache dies with the redactor, like the salt)."""
        if raw is None or isinstance(raw, _SCALARS):
            key = (name, raw, type(raw), secret)
            cached = self._cache.get(key)
            if cached is None:
                cached = self._observe(name, raw, secret)
                self._cache[key] = cached
            return cached
        return self._observe(name, raw, secret)

    def _observe(self, name: str, raw: object, secret: bool) -> Observed:
        if raw is None:
            return EMPTY
        if isinstance(raw, bool):
            return Observed(shown="true" if raw else "false", boolean=raw)
        if isinstance(raw, int | float):
            return self._number(name, str(raw), _to_float(raw), secret)
        if not isinstance(raw, str):
            raw = str(raw)
        text = raw.strip()
        if not text:
            return EMPTY
        named_secret = secret or secret_name(name)
        if NUMBER.match(text) and not named_secret:
            return self._number(name, text, float(text), secret)
        if text.lower() in BOOL_WORDS and not named_secret:
            lowered = text.lower()
            return Observed(shown=lowered, boolean=lowered in ("true", "yes", "on"))
        if REFERENCE.match(text):
            # `${DB_PASSWORD}`, `$(TOKEN)`, `{{ .Values.x }}`: names a value, holds none
            return Observed(shown=text, reference=True)
        if PLACEHOLDER.match(text):
            shown = text if len(text) <= 80 and PLAIN_WORDISH.match(text) else _squash(text)
            return Observed(shown=shown, reference=True, placeholder=True)
        key = self._catalog.match_key(text)
        if key is not None:
            self.remember(text)
            return Observed(
                shown=REDACTED,
                secret=True,
                fingerprint=self.fingerprint(text),
                kind=key.kind,
                vendor=key.vendor.id,
                mode=key.mode,
            )
        if "://" in text and "\n" not in text:
            return self._url(name, text, named_secret)
        flag = self._catalog.match_flag(name, text)
        random = looks_random(text) and not RESOURCE_ID.match(text)
        pem_or_jwt = ("-----BEGIN" in text or text.startswith("eyJ")) and PEM_OR_JWT.search(text)
        if named_secret or pem_or_jwt or random:
            self.remember(text)
            vendor = self._catalog.vendor_named(name)
            kind = f"{vendor.name} credential" if vendor else None
            return Observed(
                shown=REDACTED,
                secret=True,
                fingerprint=self.fingerprint(text),
                kind=kind,
                vendor=flag.vendor.id if flag else (vendor.id if vendor else None),
                mode=flag.mode if flag else None,
            )
        vendor_id = flag.vendor.id if flag else None
        mode = flag.mode if flag else None
        host = None
        if HOST.match(text) and "." in text and not text[0].isdigit() or _is_service_host(text):
            host = text.split(":")[0].lower()
            match = self._catalog.match_host(host)
            if match and not flag:
                vendor_id, mode = match.vendor.id, match.mode
        shown = text if len(text) <= 120 and PLAIN_WORDISH.match(text) else _squash(text)
        return Observed(shown=shown, host=host, vendor=vendor_id, mode=mode)

    def _number(self, name: str, text: str, number: float, secret: bool) -> Observed:
        if secret or secret_name(name):
            self.remember(text)
            return Observed(shown=REDACTED, secret=True, fingerprint=self.fingerprint(text))
        return Observed(shown=text, number=number)

    def _url(self, name: str, text: str, named_secret: bool) -> Observed:
        try:
            parts = urlsplit(text)
            host = parts.hostname
            port = parts.port
        except ValueError:
            self.remember(text)
            return Observed(shown=REDACTED, secret=True, fingerprint=self.fingerprint(text))
        has_userinfo = "@" in parts.netloc
        password = username = None
        if has_userinfo:
            self.remember(text)
            password, username = parts.password, parts.username
            if password:
                self.remember(password)
            elif username and looks_random(username):
                self.remember(username)
        shown = f"{parts.scheme}://{host or ''}" + (f":{port}" if port else "")
        if (parts.path not in ("", "/")) or parts.query or parts.fragment:
            shown += "/…"
        secret = has_userinfo or named_secret
        fp = self.fingerprint(text) if secret else None
        if named_secret:
            self.remember(text)
        vendor_id = mode = None
        if host:
            match = self._catalog.match_host(host)
            if match:
                vendor_id, mode = match.vendor.id, match.mode
        flag = self._catalog.match_flag(name, text)
        if flag:
            vendor_id, mode = flag.vendor.id, flag.mode
        kind = "URL with credentials" if has_userinfo else None
        return Observed(
            shown=shown,
            secret=secret,
            fingerprint=fp,
            kind=kind,
            vendor=vendor_id,
            mode=mode,
            host=host.lower() if host else None,
            scheme=parts.scheme.lower() or None,
            user=username if password else None,
        )

    def scrub(self, text: str) -> str:
        """Last line of defence over free text about to be printed or written.

        Secrets that are plain words ("postgres", "changeit") are matched as whole words only,
        so a word containing them ("postgresql") is left alone; anything else is matched
        wherever it appears."""
        if not self._seen:
            return text
        if self._pattern is None:
            self._pattern = re.compile(one_pass(self._seen))
        return self._pattern.sub(REDACTED, text)

    def scrub_data(self, data: Any) -> Any:
        """`scrub` over every string of a JSON-like structure except repository structure:
        paths, line numbers, ids, service names and the environments' file lists are never
        rewritten (a secret "postgres" must not turn base/postgresql/ into base/<redacted>ql/).
        Excerpts, summaries, details, notes and warnings' messages are scrubbed."""
        if not self._seen:
            return data
        return self._scrub_data(data, None)

    def _scrub_data(self, data: Any, key: str | None) -> Any:
        if key in STRUCTURE_KEYS:
            return data
        if isinstance(data, str):
            if key == "warnings":
                where, sep, message = data.partition(": ")
                return where + sep + self.scrub(message) if sep else self.scrub(data)
            return self.scrub(data)
        if isinstance(data, dict):
            return {k: self._scrub_data(v, k) for k, v in data.items()}
        if isinstance(data, list | tuple):
            return [self._scrub_data(v, key) for v in data]
        return data


# Keys whose values are repository structure, not values read from it.
STRUCTURE_KEYS = frozenset(
    {
        "path",
        "line",
        "root",
        "id",
        "service",
        "environments",
        "ruleId",
        "uri",
        "startLine",
        "stagegapFinding/v1",
    }
)
_PLAIN_WORD = re.compile(r"^[A-Za-z]+$")
_END = ""  # marks, in the prefix tree below, that a secret ends here


def one_pass(secrets: set[str]) -> str:
    """One regular expression that finds every secret in a single pass over a text.

    An alternation of N literals tries all N at every position of the text, so scrubbing cost
    grew with secrets times characters (2.2 s of a 400-service probe). Here the secrets share
    a prefix tree: a position costs the depth of the tree, not the number of secrets. Each
    branch tries its longer continuations before ending, so at any position the longest
    secret that matches wins, exactly as the longest-first alternation did; a plain word
    ends with its whole-word check, so a failed check falls back to a shorter secret."""
    tree: dict[str, Any] = {}
    for secret in secrets:
        node = tree
        for char in secret:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _branch(tree, "")


def _branch(node: dict[str, Any], consumed: str) -> str:
    choices = []
    for char, child in node.items():
        if char == _END:
            continue
        run = char  # a chain without forks or ends is one literal, so nesting stays shallow
        while len(child) == 1 and _END not in child:
            ((following, child),) = child.items()
            run += following
        choices.append(re.escape(run) + _branch(child, consumed + run))
    if _END in node:  # last, so that longer secrets through this node are tried first
        choices.append(_word_end(consumed) if _PLAIN_WORD.match(consumed) else "")
    return choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")"


def _word_end(word: str) -> str:
    """A plain-word secret matches only as a whole word: no letter or digit on either side."""
    return rf"(?<![A-Za-z0-9]{re.escape(word)})(?![A-Za-z0-9])"


def _to_float(number: int | float) -> float:
    """float() refuses an int beyond 1e308 (a 400-digit YAML scalar): it is an infinity, as
    float("9" * 400) is for the same digits in a string."""
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def _is_service_host(text: str) -> bool:
    """'redis:6379' or 'db' in compose: a bare service name with a port is a host too."""
    return bool(re.match(r"^[a-z][a-z0-9-]*:\d{2,5}$", text))


def _squash(text: str) -> str:
    """Long or multi-line values are described, never excerpted: a key can hide in a blob."""
    return f"<text, {len(text)} chars>"
