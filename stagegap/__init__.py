"""stagegap: audit the gap between staging and production.

The repository keeps its four folders at the top (questionnaires, probe, reports, tui); the
build installs them under this one import name, so an installed stagegap never shadows another
distribution's ``probe`` or ``reports``. The links in this folder show static tools (mypy,
import-linter) the installed layout; docs/ARCHITECTURE.md explains the arrangement.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("stagegap")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
