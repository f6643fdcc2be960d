"""The walk and the application-code scan in a second process, while this one parses the
configuration as the walk finds it.

In a monorepo most of the files the probe reads are application code (.py, .ts, ...) read only
to learn which environment variables it needs: many files, few facts. When it is safe to fork
(Linux, more than one usable CPU, and no other thread in the process: the CLI and CI, not the
Textual app's worker), a forked child walks the tree, streams every configuration file it finds
to the parent, then reads and scans the code and sends back only what it found. The parent
reads and parses configuration from the first folder on, instead of after the whole walk.

Nothing depends on the child: if it cannot be started, dies, or sends something unreadable,
the engine does it all in one process. Either way the result is the same, fact for fact and
warning for warning, in the same order.

It is off unless asked for (`STAGEGAP_PROBE_PROCESSES=2`): timed as whole processes
(bench/probe/whole.py, medians on two shared cores, 7 comparisons at 100 and 400 services) it
was faster in 4 (0.1% to 19%) and slower in 3 (4% to 32%), 3% slower on the geometric mean:
no gain the numbers can show. One process is the default until they say otherwise.
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from stagegap.probe.discovery import (
    Cancelled,
    SourceFile,
    UnreadableFile,
    Warnings,
    candidates,
    finish,
)
from stagegap.probe.environments import Environments, is_ci_file
from stagegap.probe.set_aside import PREVIEW, is_base, local_bases, preview_env_file
from stagegap.probe.sources import code, readers_for, wanted
from stagegap.probe.sources.base import Context

Read = Callable[[SourceFile, Context], list[Any]]
Record = tuple[str, str, str | None, int]  # relative, environment, service, size
BATCH = 64
CHUNK = 32  # code files either process takes at a time
PIPE_BYTES = 1 << 20  # the walk must never wait for the parent to read


def can_fork() -> bool:
    """fork() copies only the calling thread: with any other thread alive (the app's event
    loop, a progress refresher) a lock it holds could stay locked in the child forever."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and os.environ.get("STAGEGAP_PROBE_PROCESSES", "") == "2"  # opt-in: see above
        and len(os.sched_getaffinity(0)) > 1  # with one core the child only takes turns
    )


def code_only(file: SourceFile) -> bool:
    """Read by the code source alone: left to the child."""
    return readers_for(file.relative) == (code.read,)


def settle_environments(envs: Environments, files: list[SourceFile]) -> None:
    """Choose the compared pair from the environments the configuration files name (code is
    not configuration: a tests/ folder is no environment), then place every file on its side."""
    envs.choose((f.relative for f in files if not code_only(f)), _ci_texts(files))
    for file in files:
        file.env = envs.classify_path(file.relative)


def _ci_texts(files: list[SourceFile]) -> Iterator[str]:
    for file in files:
        if is_ci_file(file.relative):
            try:
                yield file.text()
            except UnreadableFile:
                continue  # said when the file is read


@dataclass
class Streamed:
    files: list[SourceFile]
    aside: dict[str, str]
    found: dict[str, list[Any]]  # relative -> facts
    said: dict[str, list[str]] = field(default_factory=dict)  # relative -> warnings


class ChildFailed(Exception):
    """The child died or sent something unreadable: the engine starts over in one process."""


def read_in_two_processes(
    root: Path,
    ctx: Context,
    read: Read,
    cancel: threading.Event | None,
    report: Callable[[str, float], None],
) -> Streamed | None:
    """Every file's facts and warnings, by path, with the file list as `discover` gives it;
    None when no child could be started (the caller reads in one process)."""
    if not can_fork():
        return None
    import fcntl  # Unix only, and only this path needs it

    shared = Pointers()
    receive, send = os.pipe()
    try:
        fcntl.fcntl(send, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (OSError, AttributeError):
        pass  # a smaller pipe only slows the walk down
    try:
        pid = os.fork()
    except OSError:
        os.close(receive)
        os.close(send)
        return None
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(receive)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it with the parent
            with os.fdopen(send, "wb", buffering=PIPE_BYTES) as out:
                _child(root, ctx, read, out, shared)
            status = 0
        finally:
            os._exit(status)  # no atexit handlers, no flushing the parent's buffers
    os.close(send)
    done = False
    try:
        with os.fdopen(receive, "rb", buffering=PIPE_BYTES) as stream:
            result = _parent(root, ctx, read, cancel, report, _messages(stream), shared)
        _, status = os.waitpid(pid, 0)
        done = True
        if status != 0:
            raise ChildFailed
        return result
    finally:
        if not done:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass


class Pointers:
    """Where the two processes are in the list of code files, in memory both share: the child
    scans from the front and publishes how far it got; the parent, done with configuration,
    scans from the back and publishes where it stopped. Each writes one number and reads the
    other's before each chunk, so the two meet wherever the slower one is; a chunk both took
    in the same instant is read twice, with the same result."""

    UNSET = 2**31 - 1

    def __init__(self) -> None:
        self._memory = mmap.mmap(-1, 8)  # shared and anonymous: it survives the fork
        struct.pack_into("<ii", self._memory, 0, 0, self.UNSET)

    @property
    def front(self) -> int:
        return int(struct.unpack_from("<i", self._memory, 0)[0])

    @front.setter
    def front(self, value: int) -> None:
        struct.pack_into("<i", self._memory, 0, value)

    @property
    def back(self) -> int:
        return int(struct.unpack_from("<i", self._memory, 4)[0])

    @back.setter
    def back(self, value: int) -> None:
        struct.pack_into("<i", self._memory, 4, value)


def _messages(stream: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    while True:
        try:
            message = pickle.load(stream)
        except Exception as exc:  # EOF or garbage: the child is gone
            raise ChildFailed from exc
        yield message


def _parent(
    root: Path,
    ctx: Context,
    read: Read,
    cancel: threading.Event | None,
    report: Callable[[str, float], None],
    messages: Iterator[tuple[Any, ...]],
    shared: Pointers,
) -> Streamed:
    mine: list[SourceFile] = []
    bases: list[SourceFile] = []
    out = Streamed([], {}, {})
    warnings = ctx.warnings.items
    report("reading configuration", 0.0)
    for message in messages:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        if message[0] == "environments":
            ctx.envs.adopt(message[1])
        elif message[0] == "files":
            for relative, env, service, size in message[1]:
                file = SourceFile(root, relative, env, service, size)
                mine.append(file)
                if is_base(file):
                    bases.append(file)  # its environment depends on files not seen yet
                    continue
                if preview_env_file(file):
                    out.aside[relative] = PREVIEW
                _read_one(file, ctx, read, out)
        elif message[0] == "walked":
            _, code_records, links, walk_warnings = message
            break
        else:
            raise ChildFailed
    else:
        raise ChildFailed
    code_files = [SourceFile(root, *record) for record in code_records]
    files = finish(mine + code_files, links)
    kept = {f.relative for f in files}
    aside = {path: why for path, why in sorted(out.aside.items()) if path in kept}
    bases = sorted((f for f in bases if f.relative in kept), key=lambda f: f.relative)
    aside.update(local_bases(files, bases, ctx.envs.classify_name))
    for file in bases:
        _read_one(file, ctx, read, out)
    report("reading configuration", 0.4)
    code_files.sort(key=lambda f: f.relative)  # the order both processes number them in
    back = len(code_files)
    while (front := shared.front) < back:  # help the child from the other end
        start = max(front, back - CHUNK)
        for file in code_files[start:back]:
            _read_one(file, ctx, read, out)
        back = shared.back = start
    message = next(messages)
    if message[0] != "code":
        raise ChildFailed
    _, found, learned = message
    for relative, (facts, said) in found.items():  # a file both read reads the same
        out.found[relative] = facts
        if said:
            out.said[relative] = said
    for secret in learned:
        ctx.redactor.remember(secret)
    # warnings as one process says them: the walk's, then each file's in path order
    del warnings[:]
    warnings.extend(walk_warnings)
    for file in files:
        warnings.extend(out.said.get(file.relative, ()))
    out.files = files
    out.aside = aside
    out.found = {f.relative: out.found[f.relative] for f in files if out.found.get(f.relative)}
    return out


def _read_one(file: SourceFile, ctx: Context, read: Read, out: Streamed) -> None:
    said = Warnings()
    facts = read(file, Context(ctx.redactor, ctx.envs, said, ctx.memo))
    if facts:
        out.found[file.relative] = facts
    if said.items:
        out.said[file.relative] = said.items


def _child(root: Path, ctx: Context, read: Read, out: IO[bytes], shared: Pointers) -> None:
    walk_warnings = Warnings()
    links: dict[str, str] = {}
    batch: list[Record] = []
    code_files: list[SourceFile] = []
    # the compared pair depends on every environment the tree names: walked first, then sent
    walked = finish(list(candidates(root, ctx.envs, wanted, walk_warnings, None, links)), links)
    settle_environments(ctx.envs, walked)
    _send(out, ("environments", ctx.envs.comparison))
    for file in walked:
        if code_only(file):
            code_files.append(file)
            continue
        batch.append((file.relative, file.env, file.service, file.size))
        if len(batch) >= BATCH:
            _send(out, ("files", batch))
            batch = []
    if batch:
        _send(out, ("files", batch))
    code_files.sort(key=lambda f: f.relative)
    records = [(f.relative, f.env, f.service, f.size) for f in code_files]
    _send(out, ("walked", records, links, walk_warnings.items))
    known = ctx.redactor.remembered()
    found: dict[str, tuple[list[Any], list[str]]] = {}
    front = 0
    while front < (end := min(len(code_files), shared.back)):
        for file in code_files[front : min(front + CHUNK, end)]:
            said = Warnings()
            facts = read(file, Context(ctx.redactor, ctx.envs, said))
            if facts or said.items:
                found[file.relative] = (facts, said.items)
        front = shared.front = min(front + CHUNK, end)
    learned = sorted(ctx.redactor.remembered() - known)
    _send(out, ("code", found, learned))


def _send(out: IO[bytes], message: tuple[Any, ...]) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()  # the parent works on each batch as soon as it arrives
