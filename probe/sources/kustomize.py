"""Kustomize overlays as kustomize builds them: the resources an overlay pulls in (its bases,
recursively), then its patches: strategic-merge (`patchesStrategicMerge`, `patches:` with a
manifest), JSON 6902 (`patchesJson6902`, `patches:` with `target` and `op/path/value`), each
inline or in a file, and its `images:` (newName/newTag).

Only the objects an overlay changes are read again, as that overlay's environment's own
configuration, with the patch as evidence: the base's objects are already the shared facts, and
an overlay's patched Deployment or suspended CronJob overrides them key by key. A remote base
(a URL) is not fetched.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from stagegap.probe.discovery import SourceFile, UnreadableFile
from stagegap.probe.environments import service_of
from stagegap.probe.facts import Attribute, Fact, Where
from stagegap.probe.sources import dotenv
from stagegap.probe.sources.base import Context
from stagegap.probe.yamlload import YamlError, load_all, own_line

MAX_DEPTH = 8
MAX_OBJECTS = 2_000
_KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")


@dataclass
class Patched:
    """An object the overlay changed, and the patch (file and line) that changed it last."""

    doc: dict[str, Any]
    path: str
    line: int | None


ReadManifest = Callable[[SourceFile, Context, dict[str, Any]], list[Fact]]


def overlay_facts(
    file: SourceFile, ctx: Context, doc: dict[str, Any], read_manifest: ReadManifest
) -> list[Fact]:
    """Facts of the objects this kustomization's patches and images change."""
    folder = file.relative.rpartition("/")[0]
    pulled = _resources(file, doc, folder, 0)
    if not pulled:
        return []
    objects = [o for o, _ in pulled]
    changed: dict[int, Patched] = {}
    for patch, path, line in _patches(file, doc, folder):
        for index, target in enumerate(objects):
            if patch.applies_to(target):
                objects[index] = patch.apply(target)
                changed[index] = Patched(objects[index], path, line)
    for entry in doc.get("images") or []:
        if isinstance(entry, dict) and entry.get("name"):
            for index, target in enumerate(objects):
                retagged = copy.deepcopy(target)  # the pulled object stays as the base has it
                if _retag(retagged, entry):
                    objects[index] = retagged
                    changed[index] = Patched(retagged, file.relative, own_line(entry))
    facts: list[Fact] = []
    layer = f"{Attribute.LAYER.value}=overlay:{file.relative}"
    for index, patched in changed.items():
        original, origin = pulled[index]
        # the object's component is that of the file it comes from (base/services/api/...)
        said = SourceFile(file.root, origin, file.env, file.service or service_of(origin))
        before = {_identity(f) for f in read_manifest(said, ctx, original)}
        for fact in read_manifest(said, ctx, patched.doc):
            if _identity(fact) in before:
                continue  # unchanged by the overlay: the base's shared fact already says it
            where = Where(patched.path, patched.line, fact.where.excerpt)
            facts.append(replace(fact, where=where, tags=(*fact.tags, layer)))
    return facts


def _identity(fact: Fact) -> tuple[object, ...]:
    return (fact.kind, fact.key, fact.value.shown, fact.value.fingerprint, fact.tags)


def generator_files(file: SourceFile, ctx: Context, doc: dict[str, Any]) -> list[Fact]:
    """Variables a configMapGenerator or secretGenerator reads from `envs:` files (KEY=value
    lines, as dotenv writes them), as this kustomization's environment's variables; the file
    that holds each is its evidence. A file the dotenv source reads itself (`*.env`) is left
    to it."""
    folder = file.relative.rpartition("/")[0]
    facts: list[Fact] = []
    for generator, secret in (("configMapGenerator", False), ("secretGenerator", True)):
        for gen in doc.get(generator) or []:
            if not isinstance(gen, dict):
                continue
            for entry in [*(gen.get("envs") or []), *([gen["env"]] if gen.get("env") else [])]:
                path = _join(folder, str(entry))
                if path is None or dotenv.wants(path) or not _exists(file, path):
                    continue
                said = SourceFile(file.root, path, file.env, file.service)
                tags = (f"{generator}={gen.get('name', '')}",)
                facts += [
                    replace(f, source="kustomize", tags=(*f.tags, *tags))
                    for f in dotenv.read_bindings(said, ctx, secret=secret)
                ]
    return facts


# resources ------------------------------------------------------------------------------------
def _resources(
    file: SourceFile, doc: dict[str, Any], folder: str, depth: int
) -> list[tuple[dict[str, Any], str]]:
    """Every object the kustomization pulls in, with the file it comes from; bases' own
    patches applied (copies, never the parsed files themselves)."""
    out: list[tuple[dict[str, Any], str]] = []
    if depth > MAX_DEPTH:
        return out
    for entry in [*(doc.get("resources") or []), *(doc.get("bases") or [])]:
        if not isinstance(entry, str) or "://" in entry or entry.startswith(("git@", "github.com")):
            continue
        target = _join(folder, entry)
        if target is None:
            continue
        kustomization = _kustomization_in(file, target)
        if kustomization is not None:
            inner = _load_one(file, kustomization)
            if isinstance(inner, dict):
                objects = _resources(file, inner, target, depth + 1)
                for patch, _, _ in _patches(file, inner, target):
                    objects = [
                        (patch.apply(o) if patch.applies_to(o) else o, origin)
                        for o, origin in objects
                    ]
                out += objects
        else:
            out += [(copy.deepcopy(d), target) for d in _load(file, target) if _is_object(d)]
        if len(out) > MAX_OBJECTS:
            break
    return out


def _is_object(doc: Any) -> bool:
    return isinstance(doc, dict) and "kind" in doc and isinstance(doc.get("metadata"), dict)


def _kustomization_in(file: SourceFile, folder: str) -> str | None:
    for name in _KUSTOMIZATIONS:
        candidate = f"{folder}/{name}" if folder else name
        if _exists(file, candidate):
            return candidate
    return None


def _exists(file: SourceFile, relative: str) -> bool:
    path = file.root / relative
    return path.is_file() and not path.is_symlink()


def _load(file: SourceFile, relative: str) -> list[Any]:
    if not _exists(file, relative):
        return []
    try:
        return load_all(SourceFile(file.root, relative, "shared", None).text())
    except (UnreadableFile, YamlError):
        return []  # said when that file is read itself


def _load_one(file: SourceFile, relative: str) -> Any:
    documents = _load(file, relative)
    return documents[0] if documents else None


def _join(folder: str, relative: str) -> str | None:
    parts = [p for p in folder.split("/") if p]
    for part in relative.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


# patches --------------------------------------------------------------------------------------
@dataclass
class Patch:
    kind: str | None
    name: str | None
    merge: dict[str, Any] | None = None  # strategic merge
    ops: list[dict[str, Any]] | None = None  # JSON 6902

    def applies_to(self, doc: Any) -> bool:
        if not _is_object(doc):
            return False
        name = doc["metadata"].get("name")
        if self.kind and doc.get("kind") != self.kind:
            return False
        return not self.name or name == self.name or _matches(self.name, str(name))

    def apply(self, doc: dict[str, Any]) -> dict[str, Any]:
        if self.merge is not None:
            merged = _strategic(doc, self.merge)
            return merged if isinstance(merged, dict) else doc
        out = copy.deepcopy(doc)
        for op in self.ops or []:
            _json6902(out, op)
        return out


def _matches(pattern: str, name: str) -> bool:
    try:
        return re.fullmatch(pattern, name) is not None
    except re.error:
        return False


def _patches(
    file: SourceFile, doc: dict[str, Any], folder: str
) -> list[tuple[Patch, str, int | None]]:
    """(patch, file that holds it, line) in the order kustomize applies them."""
    out: list[tuple[Patch, str, int | None]] = []
    for entry in doc.get("patchesStrategicMerge") or []:
        out += _from_content(file, folder, entry, None, file.relative, None)
    for key in ("patchesJson6902", "patches"):
        for entry in doc.get(key) or []:
            if not isinstance(entry, dict):
                continue
            target = entry.get("target") if isinstance(entry.get("target"), dict) else None
            content = entry.get("patch") if "patch" in entry else entry.get("path")
            out += _from_content(file, folder, content, target, file.relative, own_line(entry))
    return out


def _from_content(
    file: SourceFile,
    folder: str,
    content: Any,
    target: dict[str, Any] | None,
    holder: str,
    line: int | None,
) -> list[tuple[Patch, str, int | None]]:
    if not isinstance(content, str):
        return []
    where, docs = holder, []
    if "\n" in content or content.lstrip().startswith(("-", "{", "[", "apiVersion")):
        try:
            docs = load_all(content)
        except YamlError:
            return []
    else:
        path = _join(folder, content)
        if path is None:
            return []
        where, line, docs = path, 1, _load(file, path)
    kind = str(target["kind"]) if target and target.get("kind") else None
    name = str(target["name"]) if target and target.get("name") else None
    out: list[tuple[Patch, str, int | None]] = []
    for doc in docs:
        if isinstance(doc, list):
            ops = [op for op in doc if isinstance(op, dict) and "op" in op]
            if ops and (kind or name):
                out.append((Patch(kind, name, ops=ops), where, line))
        elif isinstance(doc, dict):
            meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
            assert isinstance(meta, dict)
            patch_kind = kind or (str(doc["kind"]) if doc.get("kind") else None)
            patch_name = name or (str(meta["name"]) if meta.get("name") else None)
            out.append((Patch(patch_kind, patch_name, merge=doc), where, line))
    return out


def _strategic(base: Any, patch: Any) -> Any:
    """Strategic merge as far as manifests need it: maps deep, lists of named entries
    (containers, env) by name, other lists replaced."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = _strategic(base[key], value) if key in base else copy.deepcopy(value)
        return out
    if isinstance(base, list) and isinstance(patch, list) and _named(base) and _named(patch):
        merged = [copy.deepcopy(b) for b in base]
        names = [b["name"] for b in merged]
        for entry in patch:
            if entry["name"] in names:
                index = names.index(entry["name"])
                merged[index] = _strategic(merged[index], entry)
            else:
                merged.append(copy.deepcopy(entry))
        return merged
    return copy.deepcopy(patch)


def _named(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, dict) and "name" in i for i in items)


def _json6902(doc: Any, op: dict[str, Any]) -> None:
    """add / replace / remove at a JSON pointer; other operations and bad paths are skipped."""
    kind = op.get("op")
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in str(op.get("path", "")).split("/")]
    if len(tokens) < 2 or kind not in ("add", "replace", "remove"):
        return
    parent = doc
    for token in tokens[1:-1]:
        if isinstance(parent, dict) and token in parent:
            parent = parent[token]
        elif isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
            parent = parent[int(token)]
        elif isinstance(parent, dict) and kind == "add":
            parent[token] = {}
            parent = parent[token]
        else:
            return
    last = tokens[-1]
    if isinstance(parent, dict):
        if kind == "remove":
            parent.pop(last, None)
        else:
            parent[last] = copy.deepcopy(op.get("value"))
    elif isinstance(parent, list):
        if last == "-" and kind == "add":
            parent.append(copy.deepcopy(op.get("value")))
        elif last.isdigit() and int(last) <= len(parent):
            index = int(last)
            if kind == "remove" and index < len(parent):
                del parent[index]
            elif kind == "add":
                parent.insert(index, copy.deepcopy(op.get("value")))
            elif index < len(parent):
                parent[index] = copy.deepcopy(op.get("value"))


# images ---------------------------------------------------------------------------------------
def _retag(doc: Any, entry: dict[str, Any]) -> bool:
    """Apply one `images:` entry to the object's containers; whether it changed any."""
    if not _is_object(doc):
        return False
    changed = False
    name = str(entry["name"])
    for container in _containers(doc):
        image = str(container.get("image", ""))
        bare = re.split(r"[:@]", image.rsplit("/", 1)[-1], maxsplit=1)[0]
        repository = image[: len(image) - len(image.rsplit("/", 1)[-1])] + bare
        if repository != name:
            continue
        new = str(entry.get("newName") or name)
        if entry.get("digest"):
            new += f"@{entry['digest']}"
        elif entry.get("newTag"):
            new += f":{entry['newTag']}"
        elif ":" in image.rsplit("/", 1)[-1]:
            new += image[len(repository) :]
        container["image"] = new
        changed = True
    return changed


def _containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    spec = doc.get("spec")
    found: list[dict[str, Any]] = []
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("containers", "initContainers") and isinstance(value, list):
                    found += [c for c in value if isinstance(c, dict)]
                elif isinstance(value, dict):
                    stack.append(value)
    return found
