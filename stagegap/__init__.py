"""stagegap: audit the gap between staging and production.

The repository keeps its four folders at the top (questionnaires, probe, reports, tui); the
build installs them under this one import name, so an installed stagegap never shadows another
distribution's ``probe`` or ``reports``. The links in this folder show static tools (mypy,
import-linter) the installed layout; docs/ARCHITECTURE.md explains the arrangement.
"""


def __getattr__(name: str) -> str:
    """``stagegap.__version__``, looked up when asked for: importlib.metadata costs every
    command 20-30 ms of start-up otherwise."""
    if name != "__version__":
        raise AttributeError(f"module 'stagegap' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("stagegap")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
