"""The writer thread: every workspace write leaves the UI thread, in order.

Typing must never wait for the disk, yet a killed terminal must lose nothing and writes must
land in the order they were made. One daemon thread drains a queue of jobs; a job replaced
before it ran (the same key, e.g. the same item typed into again) is coalesced into the newest,
so a burst of keystrokes costs one write. Results and errors go back as messages.

A write whose result the caller needs (a seal, the override, the probe's record, a session
lock) goes through the same queue with run(): it returns a Future, is never coalesced, and its
error goes to the caller rather than to the on_error report.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

Job = Callable[[], Any]
T = TypeVar("T")


class _Awaited:
    """A job whose caller waits for its result: the Future carries the result or the error."""

    def __init__(self, job: Callable[[], Any]) -> None:
        self.job = job
        self.future: Future[Any] = Future()

    def __call__(self) -> None:
        try:
            result = self.job()
        except Exception as exc:  # noqa: BLE001 - handed to the caller through the Future
            self.future.set_exception(exc)
        else:
            self.future.set_result(result)


class Saver:
    def __init__(
        self,
        on_saved: Callable[[str], None] | None = None,
        on_error: Callable[[str, Exception], None] | None = None,
    ) -> None:
        self._on_saved = on_saved
        self._on_error = on_error
        self._pending: OrderedDict[str, Job] = OrderedDict()
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self._serial = itertools.count()
        self._thread = threading.Thread(target=self._run, name="stagegap-saver", daemon=True)
        self._thread.start()

    def submit(self, key: str, job: Job) -> None:
        """Queue a write; a queued write with the same key is replaced (and moves last)."""
        with self._cond:
            if self._closed:
                raise RuntimeError("the saver is closed")
            self._pending.pop(key, None)
            self._pending[key] = job
            self._cond.notify_all()

    def run(self, key: str, job: Callable[[], T]) -> Future[T]:
        """Queue a write in order with the others and hand back its result (never coalesced)."""
        awaited = _Awaited(job)
        self.submit(f"{key}#{next(self._serial)}", awaited)
        return awaited.future

    @property
    def idle(self) -> bool:
        with self._cond:
            return not self._pending and not self._busy

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Block until every queued write has been made; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def close(self, timeout: float | None = 10.0) -> None:
        self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closed)
                if not self._pending:
                    return
                key, job = self._pending.popitem(last=False)
                self._busy = True
            error: Exception | None = None
            try:
                job()
            except Exception as exc:  # noqa: BLE001 - reported to the user, never swallowed
                error = exc
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
            # Reported after the state is updated, so a listener asking `idle` sees the truth.
            if error is not None:
                if self._on_error:
                    self._on_error(key, error)
            elif self._on_saved:
                self._on_saved(key)
