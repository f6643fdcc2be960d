"""`.env` files: run-time variables, one file per environment (.env.production, prod.env)."""

from __future__ import annotations

import io
import os

from dotenv.parser import parse_stream

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Attribute, Fact, Kind
from stagegap.probe.sources.base import Context, env_scope, make, named


def wants(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return name == ".env" or name.startswith(".env.") or name.endswith(".env")


# A front-end bundler beside a .env file loads it when the bundle is built (Vite and Astro
# read .env.[mode], Next.js and Nuxt read .env.production at build): its variables are build
# time, and a framework prefix set there is no run-time-only mistake.
BUNDLER_CONFIGS = frozenset(
    f"{tool}.config.{ext}"
    for tool in ("vite", "astro", "next", "nuxt", "svelte")
    for ext in ("js", "mjs", "cjs", "ts", "mts")
)


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    return read_bindings(file, ctx, scope="build" if _beside_a_bundler(file, ctx) else "run")


def read_bindings(
    file: SourceFile, ctx: Context, *, scope: str = "run", secret: bool = False
) -> list[Fact]:
    """KEY=value lines as variables (also the env files a kustomize generator reads)."""
    # .env < .env.<mode> < .env.<mode>.local, as dotenv loaders layer them: facts come in path
    # order, so an environment's .local file is its last word; the layer says which file it is
    layer = (f"{Attribute.LAYER.value}={file.name}",)
    facts: list[Fact] = []
    for binding in parse_stream(io.StringIO(file.text())):
        # python-dotenv counts a binding from the blank lines before it: its own line is on
        original = binding.original.string
        line = binding.original.line + original.count(
            "\n", 0, len(original) - len(original.lstrip())
        )
        if binding.error:
            ctx.warnings.add(file.relative, f"line {line} is not KEY=VALUE, skipped", line)
            continue
        if binding.key is None:
            continue
        # a line without `=` passes a host variable through (Docker, Compose); a token pasted
        # on a line of its own parses the same way, and is no name to show
        if not named(ctx, file, binding.key, line, bare=binding.value is None):
            continue
        facts.append(
            make(
                ctx,
                file,
                Kind.ENV,
                binding.key,
                binding.value,
                line,
                source="dotenv",
                scope=env_scope(binding.key, scope),
                tags=layer,
                secret=secret,
            )
        )
    return facts


def _beside_a_bundler(file: SourceFile, ctx: Context) -> bool:
    folder = file.relative.rpartition("/")[0]
    key = ("bundler", folder)
    found = ctx.memo.get(key)
    if found is None:
        try:
            names = os.listdir(os.path.join(file.root, folder))
        except OSError:
            names = []
        found = ctx.memo[key] = not BUNDLER_CONFIGS.isdisjoint(names)
    return bool(found)
