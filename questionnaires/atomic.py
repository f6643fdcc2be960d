"""Crash-safe file writes and the workspace lock.

An audit answer typed in a workshop is expensive to lose; a half-written YAML file is worse
than none, because it breaks the next load. So every write goes to a temporary file beside the
target, is fsynced, and then renamed over it in one step.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace path's content in one step; readers see the old file or the new, never half.

    A failure (read-only folder, full disk) is an OSError naming path, not the temporary file
    the user never asked about."""
    try:
        _write_atomic(path, data)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def _write_atomic(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


TEMP_SUFFIX = ".tmp"
_STALE_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
"""write_atomic's temporary files: '.' + the target's name + mkstemp's 8 characters + .tmp."""


def temp_files(directory: Path) -> list[Path]:
    """write_atomic's temporary files in directory: a live writer's, or a killed one's."""
    try:
        entries = list(directory.iterdir())
    except OSError:
        return []
    return [
        entry
        for entry in entries
        if _STALE_TEMP.match(entry.name) and entry.is_file() and not entry.is_symlink()
    ]


def remove_stale_temps(directories: Iterable[Path], lock_path: Path) -> list[Path]:
    """Delete write_atomic's leftovers (a writer killed between write and rename), only when
    no writer is live: the lock every writer takes must be free. Nothing is locked, created
    or removed when there is nothing to remove, so opening a workspace stays a read."""
    candidates = [path for directory in directories for path in temp_files(directory)]
    if not candidates:
        return []
    removed: list[Path] = []
    try:
        with exclusive_lock(lock_path, wait=False):
            for path in candidates:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    except (LockBusy, OSError):
        pass  # another stagegap is writing, or the workspace is read-only: leave them
    return removed


def _mode_for(path: Path) -> int:
    """Keep an existing file's mode; a new one gets what the umask allows, as open() would.

    mkstemp makes files private (0600), which would surprise a team sharing a workspace.
    """
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def _read_umask() -> int:
    """The process umask. Reading it means setting it, so it is done once, at import,
    before any writer thread exists."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX keeps it in the directory entry)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_UMASK: int = _read_umask()


class LockBusy(RuntimeError):
    """Another process holds the workspace lock."""


@contextlib.contextmanager
def exclusive_lock(lock_path: Path, *, wait: bool = True) -> Iterator[None]:
    """Serialise writers: two terminals on one workspace take turns instead of interleaving.

    The lock is advisory (flock) and held only for the read-modify-write of one change, so a
    second terminal waits milliseconds, not for the other session to end.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        flags = fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB
        try:
            fcntl.flock(fd, flags)
        except BlockingIOError:
            raise LockBusy(f"{lock_path.parent} is being written by another stagegap") from None
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
