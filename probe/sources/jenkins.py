"""Jenkinsfile (declarative pipeline): each `stage('name') { ... }` is a job; its `when`
decides its trigger (`branch 'main'` a push to main, `buildingTag()` or `tag` a tag), an
`input` step makes it wait for a person, and its `sh` steps are its script. No Groovy parser
exists for Python, so the declarative structure is read by matching braces outside strings
and comments; a scripted pipeline without stages gives nothing."""

from __future__ import annotations

import re

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.sources import heroku
from stagegap.probe.sources.base import Context
from stagegap.probe.sources.ci_common import DEPLOY_WORDS, Job, classify_job, job_facts

_PATH = re.compile(r"(^|/)Jenkinsfile([.\w-]*)$")
_STAGE = re.compile(r"""\bstage\s*\(\s*(['"])(.+?)\1\s*\)\s*\{""")
_WHEN = re.compile(r"\bwhen\s*\{")
_BRANCH = re.compile(r"""\bbranch\s*(?:pattern\s*:\s*)?['"]([^'"]+)['"]""")
_TAG = re.compile(r"\bbuildingTag\s*\(\s*\)|\btag\s+['\"(]")
_INPUT = re.compile(r"\binput\s*(?:\(|message\s*:|['\"]|\{)")
_SH = re.compile(
    r"""\b(?:sh|bat|powershell)\s*\(?\s*(?:script\s*:\s*)?('''|\"\"\"|'|")(.*?)\1""", re.S
)
SOURCE = "jenkins"


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    text = file.text()
    facts: list[Fact] = []
    for match in _STAGE.finditer(text):
        body = _block(text, match.end() - 1)
        if body is None or _STAGE.search(body):
            continue  # a stage of stages (parallel): its inner stages are read themselves
        name = match.group(2)
        line = text.count("\n", 0, match.start()) + 1
        env = classify_job(ctx, file, name)
        script = "\n".join(m.group(2) for m in _SH.finditer(body))
        job = Job(name, line, env, script)
        when = _WHEN.search(body)
        condition = (_block(body, when.end() - 1) or "") if when else ""
        job.triggers = {f"push:{b}" for b in _BRANCH.findall(condition)}
        if _TAG.search(condition):
            job.triggers.add("tag")
        if not job.triggers:
            job.triggers.add("push:any")
        if _INPUT.search(body):
            job.triggers.add("approval")
        job.deploys = bool(DEPLOY_WORDS.search(script)) or "deploy" in name.lower()
        facts += job_facts(file, ctx, job, SOURCE)
        facts += heroku.scale_facts(file, ctx, script, env if env != "shared" else None, line)
    return facts


def _block(text: str, start: int) -> str | None:
    """The text inside the braces opening at `start`, skipping strings and // comments."""
    depth = 0
    index = start
    quote = ""
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif text.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif text.startswith(("'''", '"""'), index):
            quote = text[index : index + 3]
            index += 2
        elif char in "'\"":
            quote = char
        elif text.startswith("//", index):
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
            continue
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index]
        index += 1
    return None
