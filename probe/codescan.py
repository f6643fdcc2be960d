"""Application code scanned in a second process while this one parses the configuration.

In a monorepo most of the files the probe reads are application code (.py, .ts, ...) read only
to learn which environment variables it needs: many files, few facts. When it is safe to fork
(Linux, and no other thread in the process: the CLI and CI, not the Textual app's worker), a
forked child reads and scans those files and sends back only what it found, while the parent
reads everything else. On a machine with a second core that takes the code scan off the
critical path.

Nothing depends on the child: if it cannot be started, dies, or sends something unreadable, the
parent scans those files itself. Either way the result is the same, fact for fact and warning for
warning, in the same order. `STAGEGAP_PROBE_PROCESSES=1` keeps everything in one process.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from probe.discovery import SourceFile, Warnings
from probe.sources import code, readers_for
from probe.sources.base import Context

# Below this many code files the fork costs more than it saves.
MIN_FILES = 400
Read = Callable[[SourceFile, Context], list[Any]]
# per file index: (facts, warnings said while reading it)
Found = dict[int, tuple[list[Any], list[str]]]


def can_fork() -> bool:
    """fork() copies only the calling thread: with any other thread alive (the app's event
    loop, a progress refresher) a lock it holds could stay locked in the child forever."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and os.environ.get("STAGEGAP_PROBE_PROCESSES", "") != "1"
        and len(os.sched_getaffinity(0)) > 1  # with one core the child only takes turns
    )


def code_only(files: Sequence[SourceFile]) -> list[int]:
    """Indices of the files that only the code source reads."""
    only_code = (code.read,)
    return [i for i, f in enumerate(files) if readers_for(f.relative) == only_code]


class CodeScan:
    """A forked child reading `indices` of `files`; `collect` gets what it found."""

    def __init__(self, pid: int, fd: int, indices: list[int]) -> None:
        self.pid = pid
        self.fd = fd
        self.indices = indices
        self.owned = frozenset(indices)
        self._done = False

    @classmethod
    def start(cls, files: Sequence[SourceFile], ctx: Context, read: Read) -> CodeScan | None:
        if not can_fork():
            return None
        indices = code_only(files)
        if len(indices) < MIN_FILES:
            return None
        receive, send = os.pipe()
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
                _scan(files, indices, ctx, read, send)
                status = 0
            finally:
                os._exit(status)  # no atexit handlers, no flushing the parent's buffers
        os.close(send)
        return cls(pid, receive, indices)

    def collect(self) -> tuple[Found, list[str]] | None:
        """What the child found and the secrets it learned, or None if it failed."""
        try:
            chunks = []
            while chunk := os.read(self.fd, 1 << 20):
                chunks.append(chunk)
            _, status = os.waitpid(self.pid, 0)
            self._done = True
            if status != 0 or not chunks:
                return None
            found, secrets = pickle.loads(b"".join(chunks))
            return found, secrets
        except Exception:  # whatever went wrong, the parent scans the files itself
            return None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the child if it is still running (a cancelled or failed run) and reap it."""
        try:
            os.close(self.fd)
        except OSError:
            pass
        if not self._done:
            self._done = True
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass


def _scan(
    files: Sequence[SourceFile], indices: list[int], ctx: Context, read: Read, fd: int
) -> None:
    known = ctx.redactor.remembered()
    found: Found = {}
    for index in indices:
        said = Warnings()
        facts = read(files[index], Context(ctx.redactor, ctx.envs, said))
        if facts or said.items:
            found[index] = (facts, said.items)
    learned = sorted(ctx.redactor.remembered() - known)
    data = memoryview(pickle.dumps((found, learned), protocol=pickle.HIGHEST_PROTOCOL))
    while data:
        data = data[os.write(fd, data) :]
    os.close(fd)
