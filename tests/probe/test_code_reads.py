"""Which variables application code needs, read from the code itself."""

from __future__ import annotations

from pathlib import Path

from stagegap.probe.discovery import SourceFile, Warnings
from stagegap.probe.environments import Environments
from stagegap.probe.secrets import Redactor
from stagegap.probe.sources import code
from stagegap.probe.sources.base import Context


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


def test_ruby_reads_with_and_without_a_fallback() -> None:
    found = _reads(
        "app/services/validate_api_key.rb",
        'URL = ENV.fetch("API_KEY_VALIDATION_ENDPOINT")\n'
        "TIMEOUT = ENV.fetch('TIMEOUT', 5)\n"
        "REGION = ENV.fetch('AWS_REGION') { 'us-east-1' }\n"
        "ROLE = ENV.fetch 'IAM_ROLE'\n"
        "LEVEL = ENV['LOG_LEVEL'] || 'info'\n"
        "HOST = ENV['REDIS_HOST']\n"
        "DB = ENV['REDIS_DB'].to_i\n",
    )
    assert found == {
        "API_KEY_VALIDATION_ENDPOINT": "required",
        "TIMEOUT": "optional",
        "AWS_REGION": "optional",
        "IAM_ROLE": "required",
        "LOG_LEVEL": "optional",
        "REDIS_HOST": "optional",
        "REDIS_DB": "optional",
    }


def test_ruby_specs_are_not_application_code() -> None:
    assert _reads("spec/services/validate_spec.rb", 'ENV.fetch("X")\n') == {}
