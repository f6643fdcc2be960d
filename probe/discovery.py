"""Which files the probe reads, and the guards that keep one bad file from stopping a run.

The file list comes from git where the root is a repository (so ignored files are never read),
otherwise from a walk that honours .gitignore files on the way down. Vendored trees are skipped
either way: a node_modules folder is someone else's configuration.
"""

from __future__ import annotations

import operator
import os
import re
import stat
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec

from stagegap.probe.environments import Classification, Environments, service_of
from stagegap.probe.textsafe import inert

MAX_BYTES = 4 * 1024 * 1024
SNIFF_BYTES = 8192
# non-blocking: a FIFO that replaced a file since it was listed must not hang the run
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
OUTSIDE = "links outside the repository, not followed"
VENDORED = frozenset(
    {
        "node_modules",
        "vendor",
        ".venv",
        "venv",
        "env",
        "__pycache__",
        ".git",
        ".hg",
        ".svn",
        "bower_components",
        "jspm_packages",
        ".terraform",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "site-packages",
        ".next",
        ".nuxt",
        "dist",
        "build",
        "target",
        ".gradle",
        ".idea",
        ".cache",
        "coverage",
        ".yarn",
        "Pods",
        "third_party",
    }
)


class Cancelled(Exception):
    """The caller asked the run to stop; nothing partial is reported as a result."""


@dataclass
class Warnings:
    """Problems with single files: reported, never fatal. One line each, made inert (a file
    name can hold a terminal escape), naming the place, never quoting the file."""

    items: list[str] = field(default_factory=list)

    def add(
        self, path: str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        where = f"{path}:{line}" if line else path
        if line and column:
            where += f":{column}"
        self.items.append(inert(f"{where}: {message}"))


@dataclass(slots=True)
class SourceFile:
    root: Path
    relative: str
    env: Classification
    service: str | None
    size: int = 0
    _text: str | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.root / self.relative

    @property
    def name(self) -> str:
        return self.relative.rsplit("/", 1)[-1]

    def text(self) -> str:
        """The file as text; raises UnreadableFile with a reason fit for a warning."""
        if self._text is None:
            try:
                fd = os.open(f"{self.root}/{self.relative}", _READ_FLAGS)
            except PermissionError:
                raise UnreadableFile("permission denied") from None
            except OSError as exc:
                if exc.errno == 40:  # ELOOP
                    raise UnreadableFile("symlink loop") from None
                raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode):
                    raise UnreadableFile(f"not a regular file ({_kind(info.st_mode)}), skipped")
                size = info.st_size
                if size > MAX_BYTES:
                    raise UnreadableFile("too large, skipped")
                # one read for the whole file (plain descriptors: no buffered-reader objects);
                # a file that grew since fstat is read on to its end
                data = os.read(fd, size + 1)
                if len(data) > size:
                    chunks = [data]
                    while chunk := os.read(fd, 65536):
                        chunks.append(chunk)
                        if sum(map(len, chunks)) > MAX_BYTES:
                            break
                    data = b"".join(chunks)
            except PermissionError:
                raise UnreadableFile("permission denied") from None
            except OSError as exc:
                raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
            finally:
                os.close(fd)
            if len(data) > MAX_BYTES:
                raise UnreadableFile(f"too large ({len(data) // 1024} KiB), skipped")
            if b"\0" in data[:SNIFF_BYTES]:
                raise UnreadableFile("binary file, skipped")
            try:
                self._text = data.decode("utf-8")
            except UnicodeDecodeError:
                self._text = data.decode("latin-1")
        return self._text

    def line_of(self, needle: str, start_line: int = 1) -> int | None:
        """Where a key appears: for parsers (python-hcl2 8.x) that keep no line numbers."""
        text = self.text()
        lines = text.splitlines()
        for number in range(max(start_line, 1), len(lines) + 1):
            if needle in lines[number - 1]:
                return number
        if start_line > 1:
            return self.line_of(needle, 1)
        return None


class UnreadableFile(Exception):
    pass


Candidate = Callable[[str], bool]


def discover(
    root: Path,
    envs: Environments,
    wanted: Candidate,
    warnings: Warnings,
    cancel: threading.Event | None = None,
) -> list[SourceFile]:
    """Every file a source wants, classified by environment and service, in path order."""
    links: dict[str, str] = {}
    files = list(candidates(root, envs, wanted, warnings, cancel, links))
    return finish(files, links)


def candidates(
    root: Path,
    envs: Environments,
    wanted: Candidate,
    warnings: Warnings,
    cancel: threading.Event | None,
    links: dict[str, str],
) -> Iterator[SourceFile]:
    """The files as the listing finds them, in no particular order; `links` collects symlinked
    files and what they point at, for `finish`."""
    listing = _git_files(root) if (root / ".git").exists() else None
    if listing is not None:
        paths: Iterable[tuple[str, bool]] = (
            (p, False) for p in listing if wanted(p) and not _vendored(p)
        )
    else:
        paths = _walk(root, warnings, cancel, wanted)
    base = str(root)
    root_real = os.path.realpath(root)
    linked = _LinkedFolders(base) if listing is not None else None
    for index, (relative, regular) in enumerate(paths):
        if index % 256 == 0 and cancel is not None and cancel.is_set():
            raise Cancelled
        size = 0
        if not regular:  # the walk knows regular files from the directory entry; git does not
            full = os.path.join(base, relative)
            # git lists what its index holds, and a crafted index can hold a path below a
            # symlinked folder; the walk never enters one
            through_link = linked is not None and linked.below_a_link(relative)
            try:
                info = os.lstat(full)
                if through_link or stat.S_ISLNK(info.st_mode):
                    real = os.path.realpath(full)
                    if not within(real, root_real):
                        warnings.add(relative, OUTSIDE)
                        continue
                    info = os.stat(full)
                    links[relative] = os.path.relpath(real, root_real).replace(os.sep, "/")
            except OSError as exc:
                if os.path.islink(full):
                    warnings.add(relative, "symlink loop or broken link, skipped")
                else:
                    warnings.add(relative, f"cannot read: {exc.strerror or exc}")
                continue
            if not stat.S_ISREG(info.st_mode):
                if not stat.S_ISDIR(info.st_mode):  # a FIFO must not be opened: it blocks
                    warnings.add(relative, f"not a regular file ({_kind(info.st_mode)}), skipped")
                elif relative in links:
                    warnings.add(relative, "symlinked directory, not followed")
                continue
            size = info.st_size
            if size > MAX_BYTES:
                warnings.add(relative, f"too large ({size // 1024} KiB), skipped")
                continue
        # too-large files found by the walk are caught when read (SourceFile.text)
        yield SourceFile(root, relative, envs.classify_path(relative), service_of(relative), size)


def finish(files: list[SourceFile], links: dict[str, str]) -> list[SourceFile]:
    """In path order, without links to files read anyway (each fact would count twice)."""
    if links:
        read = {f.relative for f in files} - links.keys()
        files = [f for f in files if links.get(f.relative) not in read]
    files.sort(key=_RELATIVE)
    return files


_RELATIVE = operator.attrgetter("relative")


def within(real: str, root_real: str) -> bool:
    """Whether a resolved path is the root or below it."""
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def read_inside(root: Path, relative: str) -> str | None:
    """A file the probe reads by name (.stagegap.yaml): None when there is none; raises
    UnreadableFile when it leads outside the repository or cannot be read, as any file."""
    full = os.path.join(root, relative)
    if not os.path.lexists(full):
        return None
    if not within(os.path.realpath(full), os.path.realpath(root)):
        raise UnreadableFile(OUTSIDE)
    return SourceFile(root, relative, "shared", None).text()


class _LinkedFolders:
    """Which listed folders are, or sit below, a symbolic link: asked per folder, once."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.known: dict[str, bool] = {"": False}

    def below_a_link(self, relative: str) -> bool:
        folder = relative.rpartition("/")[0]
        pending: list[str] = []
        while folder not in self.known:
            pending.append(folder)
            folder = folder.rpartition("/")[0]
        verdict = self.known[folder]
        for name in reversed(pending):
            verdict = verdict or os.path.islink(os.path.join(self.base, name))
            self.known[name] = verdict
        return self.known[relative.rpartition("/")[0]]


_KINDS = (
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
    (stat.S_ISDIR, "directory"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "special file")


def _vendored(relative: str) -> bool:
    return any(part in VENDORED for part in relative.split("/")[:-1])


def _git_files(root: Path) -> list[str] | None:
    """Tracked plus untracked-but-not-ignored files, or None when git cannot tell us."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-co", "--exclude-standard", "-z"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    names = done.stdout.decode("utf-8", "replace").split("\0")
    return [n for n in names if n]


def _walk(
    root: Path, warnings: Warnings, cancel: threading.Event | None, wanted: Candidate
) -> Iterator[tuple[str, bool]]:
    """Depth-first walk honouring every .gitignore on the way; directory symlinks are not
    followed (that is how loops are avoided) but a loop is still named in a warning."""
    stack: list[tuple[str, _Scope]] = [("", _Scope([]))]
    root_real = os.path.realpath(root)
    might_want: Callable[[str], bool] = getattr(wanted, "might_want", _yes)
    by_path: Callable[[str], bool] = getattr(wanted, "by_path", wanted)
    while stack:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        rel_dir, scope = stack.pop()
        full_dir = os.path.join(root, rel_dir) if rel_dir else str(root)
        try:
            entries = list(os.scandir(full_dir))
        except PermissionError:
            warnings.add(rel_dir or ".", "permission denied, skipped")
            continue
        except OSError as exc:
            warnings.add(rel_dir or ".", f"cannot list: {exc.strerror or exc}")
            continue
        gitignore = next((e for e in entries if e.name == ".gitignore"), None)
        if gitignore is not None:
            spec = _read_gitignore(gitignore, rel_dir, warnings)
            if spec is not None:
                scope = _Scope([*scope.specs, spec])
        specs, by_name, verdicts = scope.specs, scope.by_name, scope.files
        by_name_only = bool(by_name) and not scope.by_path
        subdirs: list[str] = []
        prefix = f"{rel_dir}/" if rel_dir else ""
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                if not is_dir and entry.is_file(follow_symlinks=False):
                    # a regular file: most are skipped by name before their path is built
                    verdict = verdicts.get(name)
                    if verdict is None:
                        verdict = verdicts[name] = might_want(name) and not (
                            by_name_only and _ignored(name, by_name)
                        )
                    if not verdict:
                        continue
                    relative = prefix + name
                    if by_path(relative) and not (scope.by_path and _ignored(relative, specs)):
                        yield relative, True
                    continue
                is_link = entry.is_symlink()
            except OSError:
                warnings.add(prefix + name, "cannot stat, skipped")
                continue
            relative = prefix + name
            if is_link:
                target = os.path.realpath(entry.path)
                if not within(target, root_real) and not _is_loop(entry.path, target, root_real):
                    warnings.add(relative, OUTSIDE)
                    continue
                if os.path.isdir(target) or not os.path.exists(target):
                    if _is_loop(entry.path, target, root_real):
                        warnings.add(relative, "symlink loop, not followed")
                    elif os.path.isdir(target):
                        warnings.add(relative, "symlinked directory, not followed")
                    else:
                        warnings.add(relative, "broken symlink, skipped")
                    continue
            if is_dir:
                if entry.name in VENDORED or (specs and _ignored(relative + "/", specs)):
                    continue
                subdirs.append(relative)
            elif wanted(relative) and not (specs and _ignored(relative, specs)):
                yield relative, not is_link and entry.is_file(follow_symlinks=False)
        stack.extend((d, scope) for d in reversed(subdirs))


class _Scope:
    """The .gitignore files in force in a folder and below it, until another one is found.

    When every one of them ignores by name alone (no slash inside a pattern, no `!`), whether
    a regular file is wanted and not ignored depends on its name alone, and a monorepo repeats
    a few hundred names in thousands of folders: that verdict is kept per name (`files`).
    Otherwise the name says only whether a source wants the file, and the path decides the
    rest."""

    def __init__(self, specs: list[Ignore]) -> None:
        self.specs = specs
        self.by_name = [s for s in specs if s.by_name]
        self.by_path = [s for s in specs if not s.by_name]
        self.files: dict[str, bool] = {}


def _yes(name: str) -> bool:
    return True


def _is_loop(link: str, target: str, root_real: str) -> bool:
    try:
        os.stat(link)
    except OSError as exc:
        return exc.errno == 40
    parent = os.path.realpath(os.path.dirname(link))
    return parent == target or parent.startswith(target + os.sep) or target == root_real


def _read_gitignore(entry: os.DirEntry[str], rel_dir: str, warnings: Warnings) -> Ignore | None:
    """A regular file only, as git reads it: git follows no symlinked .gitignore, and a FIFO
    of that name would block the walk for good."""
    relative = f"{rel_dir}/.gitignore" if rel_dir else ".gitignore"
    try:
        if not entry.is_file(follow_symlinks=False):
            warnings.add(relative, "not a regular file, not used")
            return None
        with open(entry.path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read(MAX_BYTES).splitlines()
    except OSError as exc:
        warnings.add(relative, f"cannot read: {exc.strerror or exc}")
        return None
    return Ignore(rel_dir, pathspec.GitIgnoreSpec.from_lines(lines))


class Ignore:
    """One .gitignore, asked about paths below its folder (`base`) during one walk.

    pathspec decides; two shortcuts give its answer faster. Without negations a path is
    ignored when any pattern matches, so one combined regex answers for all of them. When
    moreover no pattern has a slash inside (`*.log`, `node_modules/`, the usual case), only
    the last path component can decide: every folder above it was asked on the way down and
    was not ignored, or the walk would not be here. Those answers are kept per name."""

    def __init__(self, base: str, spec: pathspec.PathSpec[Any]) -> None:
        self.base = base
        self.spec = spec
        patterns = [p for p in spec.patterns if p.include is not None]
        regexes = [getattr(p, "regex", None) for p in patterns]
        self.combined: re.Pattern[str] | None = None
        if patterns and all(p.include for p in patterns) and all(r is not None for r in regexes):
            self.combined = re.compile(
                "|".join(
                    f"(?:{r.pattern.replace('(?P<ps_d>', '(?:')})"  # type: ignore[union-attr]
                    for r in regexes
                )
            )
        self.by_name = self.combined is not None and all(
            "/" not in str(getattr(p, "pattern", "/")).rstrip("/") for p in patterns
        )
        self._names: dict[str, bool] = {}

    def decides(self, relative: str) -> bool | None:
        """True when this file ignores `relative` (from the walk's root; a folder's ends with a
        slash), False when a `!` pattern takes it back, None when no pattern here names it."""
        if self.by_name:
            name = relative[relative.rfind("/", 0, len(relative) - 1) + 1 :]
            verdict = self._names.get(name)
            if verdict is None:
                verdict = self._names[name] = self.combined.match(name) is not None  # type: ignore[union-attr]
            return True if verdict else None
        inner = relative[len(self.base) + 1 :] if self.base else relative
        if self.combined is not None:
            return True if self.combined.match(inner) else None
        include: bool | None = self.spec.check_file(inner).include
        return include


def _ignored(relative: str, specs: list[Ignore]) -> bool:
    """As git decides: the deepest .gitignore that names the path has the last word."""
    for spec in reversed(specs):
        verdict = spec.decides(relative)
        if verdict is not None:
            return verdict
    return False
