"""The vendor catalog (vendors.yaml): how a sandbox looks different from the live service.

Kept as data rather than code because the list of vendors grows faster than the probe, and a
team should be able to add theirs. Compiled once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

CATALOG_PATH = Path(__file__).with_name("vendors.yaml")


@dataclass(frozen=True)
class KeyPattern:
    pattern: re.Pattern[str]
    kind: str
    mode: str | None


@dataclass(frozen=True)
class FlagPattern:
    name: re.Pattern[str]
    value: re.Pattern[str]
    mode: str


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    category: str
    names: tuple[str, ...]
    keys: tuple[KeyPattern, ...] = ()
    hosts: tuple[tuple[re.Pattern[str], str], ...] = ()
    flags: tuple[FlagPattern, ...] = ()
    differences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mock:
    id: str
    name: str
    stands_in_for: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Match:
    vendor: Vendor
    mode: str | None
    kind: str | None = None


@dataclass
class Catalog:
    vendors: list[Vendor] = field(default_factory=list)
    mocks: list[Mock] = field(default_factory=list)

    def by_id(self, vendor_id: str) -> Vendor | None:
        return next((v for v in self.vendors if v.id == vendor_id), None)

    def __post_init__(self) -> None:
        """One combined pattern per lookup: most values match nothing, and should learn that
        in one regex search rather than forty."""
        keys = [k.pattern.pattern for v in self.vendors for k in v.keys]
        hosts = [p.pattern for v in self.vendors for p, _ in v.hosts]
        names = [f.name.pattern for v in self.vendors for f in v.flags]
        self._any_key = re.compile("|".join(f"(?:{k})" for k in keys)) if keys else None
        # keys are recognised by how they start: then one match at the start answers what a
        # search would, without trying every position of every value
        self._key_anchored = all(k.startswith("^") for k in keys)
        self._any_host = re.compile("|".join(f"(?:{h})" for h in hosts), re.I) if hosts else None
        self._any_flag = re.compile("|".join(f"(?:{n})" for n in names), re.I) if names else None
        self._host_cache: dict[str, Match | None] = {}
        self._named_cache: dict[str, Vendor | None] = {}
        self._flag_cache: dict[str, list[tuple[Vendor, FlagPattern]]] = {}
        mocks = [m.pattern.pattern for m in self.mocks]
        self._any_mock = re.compile("|".join(f"(?:{m})" for m in mocks), re.I) if mocks else None
        self._name_patterns = [
            (v, re.compile("|".join(rf"(?:^|_){re.escape(h.upper())}(?:_|$)" for h in v.names)))
            for v in self.vendors
            if v.names
        ]

    def match_key(self, value: str) -> Match | None:
        if self._any_key is None:
            return None
        if not (self._any_key.match if self._key_anchored else self._any_key.search)(value):
            return None
        for vendor in self.vendors:
            for key in vendor.keys:
                if key.pattern.search(value):
                    return Match(vendor, key.mode, key.kind)
        return None

    def match_host(self, host: str) -> Match | None:
        if host in self._host_cache:
            return self._host_cache[host]
        found = None
        if self._any_host is not None and self._any_host.search(host):
            found = next(
                (
                    Match(vendor, mode)
                    for vendor in self.vendors
                    for pattern, mode in vendor.hosts
                    if pattern.search(host)
                ),
                None,
            )
        self._host_cache[host] = found
        return found

    def match_flag(self, name: str, value: str) -> Match | None:
        candidates = self._flag_cache.get(name)
        if candidates is None:  # which flags a name can be is a question of the name alone
            candidates = self._flag_cache[name] = (
                []
                if self._any_flag is None or not self._any_flag.search(name)
                else [
                    (vendor, flag)
                    for vendor in self.vendors
                    for flag in vendor.flags
                    if flag.name.search(name)
                ]
            )
        for vendor, flag in candidates:
            if flag.value.search(value):
                return Match(vendor, flag.mode)
        return None

    def vendor_named(self, name: str) -> Vendor | None:
        """A variable such as STRIPE_SECRET_KEY names its vendor even when its value is hidden."""
        if name in self._named_cache:
            return self._named_cache[name]
        upper = name.upper()
        found = next((v for v, pattern in self._name_patterns if pattern.search(upper)), None)
        self._named_cache[name] = found
        return found

    def match_mock(self, text: str) -> Mock | None:
        if self._any_mock is None or not self._any_mock.search(text):
            return None
        for mock in self.mocks:
            if mock.pattern.search(text):
                return mock
        return None


@cache
def catalog(path: Path = CATALOG_PATH) -> Catalog:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where built with it
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506
    vendors = []
    for raw in data.get("vendors", []):
        vendors.append(
            Vendor(
                id=raw["id"],
                name=raw["name"],
                category=raw["category"],
                names=tuple(raw.get("names", [])),
                keys=tuple(
                    KeyPattern(re.compile(k["pattern"]), k["kind"], k.get("mode"))
                    for k in raw.get("keys", [])
                ),
                hosts=tuple(
                    (re.compile(h["pattern"], re.I), h["mode"]) for h in raw.get("hosts", [])
                ),
                flags=tuple(
                    FlagPattern(
                        re.compile(f["name"], re.I), re.compile(f["value"], re.I), f["mode"]
                    )
                    for f in raw.get("flags", [])
                ),
                differences=tuple(raw.get("differences", [])),
            )
        )
    mocks = [
        Mock(m["id"], m["name"], m["stands_in_for"], re.compile(m["pattern"], re.I))
        for m in data.get("mocks", [])
    ]
    return Catalog(vendors, mocks)
