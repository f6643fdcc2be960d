"""How much the command line says, and whether it may colour it.

Every command that prints progress takes `--quiet` (errors and the essential result only: a
path, or the JSON asked for) and `--verbose` (progress plus detail: timings, counts, what was
read). Colour follows https://no-color.org: with NO_COLOR set to anything non-empty no ANSI
escape is written at all, not even bold, whatever FORCE_COLOR or the terminal says; Rich alone
would drop the colours but keep bold and dim.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from enum import IntEnum
from typing import IO, TYPE_CHECKING, Any, TypeVar

import rich_click as click

if TYPE_CHECKING:
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])
_KEY = "stagegap.verbosity"


class Verbosity(IntEnum):
    QUIET = 0
    NORMAL = 1
    VERBOSE = 2


def no_color() -> bool:
    """NO_COLOR present and not empty (the convention's own rule)."""
    return bool(os.environ.get("NO_COLOR"))


def make_console(file: IO[str] | None = None, **options: Any) -> Console:
    """A Rich console that writes no escape code at all under NO_COLOR."""
    from rich.console import Console

    if no_color():
        options["color_system"] = None
    return Console(file=file, **options)


def help_colours(*, enabled: bool) -> None:
    """rich-click's own colour setting, which it reads each time it draws help or an error."""
    import rich_click.rich_click as settings

    settings.COLOR_SYSTEM = "auto" if enabled else None


def _store(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value:
        return
    wanted = Verbosity.QUIET if param.name == "quiet" else Verbosity.VERBOSE
    current = ctx.meta.get(_KEY, Verbosity.NORMAL)
    if current not in (Verbosity.NORMAL, wanted):
        raise click.UsageError("--quiet and --verbose cannot be used together", ctx)
    ctx.meta[_KEY] = wanted


def verbosity_options(command: F) -> F:
    """`--quiet/-q` and `--verbose/-v` on a command; read back with `verbosity()`."""
    command = click.option(
        "--verbose",
        "-v",
        is_flag=True,
        expose_value=False,
        callback=_store,
        help="Also print detail: what was read, counts and timings.",
    )(command)
    return click.option(
        "--quiet",
        "-q",
        is_flag=True,
        expose_value=False,
        callback=_store,
        help="Print only errors and the essential result.",
    )(command)


def verbosity() -> Verbosity:
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Verbosity.NORMAL
    value: Verbosity = ctx.meta.get(_KEY, Verbosity.NORMAL)
    return value


def progress(message: str) -> None:
    """A progress line on stderr, unless --quiet."""
    if verbosity() >= Verbosity.NORMAL:
        click.echo(message, err=True)


def detail(message: str) -> None:
    """A detail line on stderr, only with --verbose."""
    if verbosity() >= Verbosity.VERBOSE:
        click.echo(message, err=True)


class Stopwatch:
    """Seconds since the command started, for --verbose's timings."""

    def __init__(self) -> None:
        self._start = time.perf_counter()

    def __str__(self) -> str:
        return f"{time.perf_counter() - self._start:.1f} s"
