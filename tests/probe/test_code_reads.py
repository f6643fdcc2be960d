"""Which variables application code needs, read from the code itself."""

from __future__ import annotations

from pathlib import Path

from probe.discovery import SourceFile, Warnings
from probe.environments import Environments
from probe.secrets import Redactor
from probe.sources import code
from probe.sources.base import Context


def _reads(relative: str, text: str) -> dict[str, str]:
    file = SourceFile(Path("/repo"), relative, "shared", None)
    file._text = text
    facts = code.read(file, Context(Redactor(), Environments(), Warnings()))
    return {f.key: f.tags[0] for f in facts if f.kind == "reads_env"}


def test_vite_builtins_are_not_configuration() -> None:
    found = _reads(
        "web/src/main.ts",
        "if (import.meta.env.DEV) console.log('dev');\n"
        "const base = import.meta.env.BASE_URL;\n"
        "const api = import.meta.env.VITE_API_URL;\n"
        "const mode = import.meta.env.MODE, ssr = import.meta.env.SSR;\n",
    )
    assert found == {"VITE_API_URL": "required"}


def test_python_reads_with_and_without_a_fallback() -> None:
    found = _reads(
        "app/settings.py",
        "import os\nA = os.environ['A']\nB = os.getenv('B', 'x')\n",
    )
    assert found == {"A": "required", "B": "optional"}
