"""`.env` files: run-time variables, one file per environment (.env.production, prod.env)."""

from __future__ import annotations

import io

from dotenv.parser import parse_stream

from probe.discovery import SourceFile
from probe.facts import Fact
from probe.sources.base import Context, env_scope, make


def wants(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return name == ".env" or name.startswith(".env.") or name.endswith(".env")


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    facts: list[Fact] = []
    for binding in parse_stream(io.StringIO(file.text())):
        line = binding.original.line
        if binding.error:
            ctx.warnings.add(file.relative, "not a KEY=value line, skipped", line)
            continue
        if binding.key is None:
            continue
        facts.append(
            make(
                ctx,
                file,
                "env",
                binding.key,
                binding.value,
                line,
                source="dotenv",
                scope=env_scope(binding.key, "run"),
            )
        )
    return facts
