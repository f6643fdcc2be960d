"""Hostile repositories, run through the command line as a user runs it: links out of the tree,
pasted tokens on lines of their own, parse errors around secrets, terminal escapes in names,
and files that are not files. Each plants a canary and looks for it in every output the probe
makes (text, --json, --sarif, the workspace, every report format): it must be nowhere, the run
must end with exit 0 and no traceback, and a warning must name the file."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# token-shaped (letters and digits switching back and forth), so no rule can take it for a name
CANARY = "CANARY7f3a9c2e4b1d8e6f"
TIMEOUT = 180  # catches a hang (a FIFO opened for reading), says nothing about speed
REPORT_FORMATS = ("md", "json", "csv", "html")


@dataclass
class Outputs:
    text: str  # the Rich summary
    data: dict[str, object]  # the --json contract
    everything: str  # every byte the probe and the reports wrote, as text

    @property
    def warnings(self) -> list[str]:
        found = self.data["warnings"]
        assert isinstance(found, list)
        return [str(w) for w in found]


def stagegap(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "stagegap", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def probe_everywhere(repo: Path, out: Path, *, reports: bool = True) -> Outputs:
    """The probe's text, JSON and SARIF; with `reports`, a workspace it records into and every
    report made from it."""
    out.mkdir()
    ws = out / "audit"
    if reports:  # the summary is printed when recording too: one run gives both
        stagegap("init", str(ws), "-O", "Acme")
    text = stagegap("probe", str(repo), *(["--workspace", str(ws)] if reports else []))
    sarif = out / "probe.sarif"
    as_json = stagegap("probe", str(repo), "--json", "--sarif", str(sarif))
    said = [text.stdout, text.stderr, as_json.stdout, as_json.stderr, sarif.read_text()]
    if reports:
        for fmt in REPORT_FORMATS:
            made = stagegap("report", str(ws), "--format", fmt, "-o", str(out / f"report.{fmt}"))
            said += [made.stdout, made.stderr]
        for path in sorted(out.rglob("*")):
            if path.is_file():
                said.append(path.read_bytes().decode("utf-8", "replace"))
    return Outputs(text.stdout, json.loads(as_json.stdout), "\n".join(said))


def warned(outputs: Outputs, path: str) -> str:
    prefix = path if path.endswith(":") else f"{path}:"
    hits = [w for w in outputs.warnings if w.startswith(prefix)]
    assert hits, (path, outputs.warnings)
    assert path in outputs.text  # the Rich summary lists the warning too
    return "\n".join(hits)  # every warning about the place, one a line


def base(repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    (repo / ".env.staging").write_text("LOG_LEVEL=debug\n")
    (repo / ".env.production").write_text("LOG_LEVEL=warn\n")


def git(repo: Path, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


# 1. Nothing outside the repository is read, whatever links point there.


@pytest.mark.parametrize("tracked", [False, True], ids=["walk", "git"])
def test_links_out_of_the_repository_are_not_followed(tmp_path: Path, tracked: bool) -> None:
    outside = tmp_path / f"keys-{CANARY}"
    (outside / "deploy").mkdir(parents=True)
    keys = f"AWS_SECRET_{CANARY}=1\n{CANARY}\nPLAIN_NAME={CANARY}\n"
    (outside / "keys.env").write_text(keys)
    (outside / "deploy" / ".env.production").write_text(keys)
    (outside / "config.production.yaml").write_text(f"{CANARY}: 1\n")
    repo = tmp_path / "repo"
    base(repo)
    (repo / "config").mkdir()
    (repo / "config" / "prod.env").write_text("WORKERS=4\n")
    os.symlink(outside / "keys.env", repo / ".env.prod")  # absolute, out
    os.symlink(f"../keys-{CANARY}/config.production.yaml", repo / "config.production.yaml")
    os.symlink(f"../keys-{CANARY}/deploy", repo / "deploy")  # a folder out
    os.symlink("config/prod.env", repo / "prod.env")  # inside: still read
    if tracked:
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        # an index entry below a linked folder, as a crafted repository can carry
        blob = git(repo, "hash-object", "-w", "--stdin", stdin="X=1\n")
        git(repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},shadow/.env.production")
        os.symlink(f"../keys-{CANARY}/deploy", repo / "shadow")
        assert "shadow/.env.production" in git(repo, "ls-files")
    outputs = probe_everywhere(repo, tmp_path / "out")
    assert CANARY not in outputs.everything
    assert "outside the repository" in warned(outputs, ".env.prod")
    assert "outside the repository" in warned(outputs, "config.production.yaml")
    if tracked:  # git lists nothing below the folder link it tracks; a crafted entry is named
        assert "outside the repository" in warned(outputs, "shadow/.env.production")
    else:
        assert "outside the repository" in warned(outputs, "deploy")
    names = {row["name"] for row in outputs.data["env_vars"]}  # type: ignore[union-attr]
    assert "WORKERS" in names  # the link inside the repository is followed


def test_intentional_file_linked_out_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(f"intentional:\n  - finding: '*'\n    reason: {CANARY}\n    owner: x\n")
    repo = tmp_path / "repo"
    base(repo)
    os.symlink(outside, repo / ".stagegap.yaml")
    outputs = probe_everywhere(repo, tmp_path / "out", reports=False)
    assert CANARY not in outputs.everything
    assert "outside the repository" in warned(outputs, ".stagegap.yaml")


# 2. A line that is not an assignment is never echoed, in any source that reads names.


def test_keys_that_are_not_variable_names_are_never_echoed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    base(repo)
    (repo / ".env.staging").write_text(f"LOG_LEVEL=debug\nxoxb-{CANARY}\n")
    (repo / ".env.production").write_text(f"LOG_LEVEL=warn\nsk_live_{CANARY}\n{CANARY}=\n")
    (repo / "docker-compose.prod.yml").write_text(
        f'services:\n  web:\n    environment:\n      - "{CANARY}"\n      - "A=1"\n'
        f"  worker:\n    environment:\n      {CANARY}: x\n      B: 2\n"
    )
    (repo / "Dockerfile.prod").write_text(f"FROM python:3.12\nARG {CANARY}\nENV {CANARY}=1\n")
    (repo / "k8s" / "overlays" / "production").mkdir(parents=True)
    (repo / "k8s/overlays/production/deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
        "  template:\n    spec:\n      containers:\n        - name: web\n"
        f"          image: web:1\n          env:\n            - name: {CANARY}\n"
        "              value: x\n"
    )
    (repo / "values-production.yaml").write_text(f"env:\n  - name: {CANARY}\n    value: x\n")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github/workflows/deploy.yml").write_text(
        f"on:\n  push:\n  schedule:\n    - cron: '{CANARY}'\n"
        "jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n"
        f"    env:\n      {CANARY}: x\n    steps:\n      - run: ./deploy.sh\n"
    )
    (repo / ".gitlab-ci.yml").write_text(
        f"deploy_production:\n  stage: deploy\n  environment: production\n  variables:\n"
        f"    {CANARY}: x\n  script:\n    - ./deploy.sh\n"
    )
    (repo / "envs" / "production").mkdir(parents=True)
    (repo / "envs/production/main.tf").write_text(
        'resource "aws_lambda_function" "api" {\n  environment {\n    variables = {\n'
        f'      {CANARY} = "x"\n    }}\n  }}\n}}\n'
    )
    outputs = probe_everywhere(repo, tmp_path / "out")
    assert CANARY not in outputs.everything
    assert warned(outputs, ".env.staging:2") == ".env.staging:2: line 2 is not KEY=VALUE, skipped"
    assert warned(outputs, ".env.production:2").endswith("line 2 is not KEY=VALUE, skipped")
    assert warned(outputs, ".env.production:3")
    assert "not a valid cron expression" in warned(outputs, ".github/workflows/deploy.yml:4")
    for path in (
        "docker-compose.prod.yml",
        "Dockerfile.prod",
        "k8s/overlays/production/deploy.yaml",
        "values-production.yaml",
        ".github/workflows/deploy.yml",
        ".gitlab-ci.yml",
        "envs/production/main.tf",
    ):
        assert "is not KEY=VALUE" in warned(outputs, path)
    names = {row["name"] for row in outputs.data["env_vars"]}  # type: ignore[union-attr]
    assert {"LOG_LEVEL", "A", "B"} <= names  # the well-formed lines around them still count


# 3. Parse errors say where, never what.


def test_parse_errors_name_file_line_and_column_never_the_text(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    base(repo)
    (repo / "envs" / "production").mkdir(parents=True)
    (repo / "envs/production/main.tf").write_text(
        f'variable "key" {{\n  default = <<EOT\n{CANARY}\nEOT\n  bad = = "{CANARY}"\n}}\n'
    )
    (repo / "envs/production/prod.tfvars.json").write_text(f'{{"a": "{CANARY}",,}}')
    (repo / "config").mkdir()
    (repo / "config/production.json").write_text(f'{{"a": "{CANARY}" "b"}}')
    (repo / "config/staging.yaml").write_text(f"a: 1\nb: *{CANARY}\n")
    (repo / "config/production.yaml").write_text(f"a: !{CANARY} x\n")
    (repo / "values-production.yaml").write_text(f'a: 1\nb: "{CANARY}\n')
    (repo / ".stagegap.yaml").write_text(f"intentional: [{CANARY}\n")
    outputs = probe_everywhere(repo, tmp_path / "out")
    assert CANARY not in outputs.everything
    assert warned(outputs, "envs/production/main.tf:5:").endswith("not valid HCL")
    for place, language in (
        ("envs/production/prod.tfvars.json:1:", "JSON"),
        ("config/production.json:1:", "JSON"),
        ("config/staging.yaml:2", "YAML"),  # the undefined alias
        ("config/production.yaml:1", "YAML"),  # the unknown tag
        ("values-production.yaml:", "YAML"),
        (".stagegap.yaml:", "YAML"),
    ):
        assert f"not valid {language}" in warned(outputs, place)
    assert all("\n" not in w for w in outputs.warnings)


# 4. Terminal escapes in names and warnings reach the terminal inert.

ESCAPES = ("\x1b", "\x07", "\x9b", "\x7f")


def test_terminal_escapes_are_inert_in_probe_output(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    base(repo)
    (repo / "config").mkdir()
    # a file name and a settings key holding a clear-screen and a title-setting sequence
    (repo / "config" / "production\x1b[2J.yaml").write_text("a: [unclosed\n")
    (repo / "config/production.yaml").write_text('"\\e]0;pwned\\a\\e[2J": 1\nlevel: 2\n')
    (repo / "config/staging.yaml").write_text('"\\u009b31m": 1\nlevel: 1\n')
    # a service name that reaches a finding's summary and its evidence
    for env, replicas in (("staging", 1), ("prod", 3)):
        (repo / f"docker-compose.{env}.yml").write_text(
            'services:\n  "web\\e]0;pwned\\a\\u009b31m":\n    image: web:1\n'
            f"    deploy:\n      replicas: {replicas}\n"
        )
    outputs = probe_everywhere(repo, tmp_path / "out")
    for char in ESCAPES:
        assert char not in outputs.everything, repr(char)
    assert "web\\x1b]0;pwned\\x07\\x9b31m runs 1 replica" in outputs.text  # visibly, as it is
    warned(outputs, "config/production\\x1b[2J.yaml")


# 5. Files that are not files, and files built to break parsers: a warning, never a crash.


@pytest.mark.parametrize("tracked", [False, True], ids=["walk", "git"])
def test_hostile_files_are_named_and_skipped(tmp_path: Path, tracked: bool) -> None:
    repo = tmp_path / "repo"
    base(repo)
    (repo / "config").mkdir()
    os.mkfifo(repo / ".env.fifo")
    os.mkfifo(repo / "config" / "fifo.production.yaml")
    os.symlink("config/fifo.production.yaml", repo / "values-production.yaml")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(repo / ".env.socket"))
    (repo / "loop").mkdir()
    os.symlink("..", repo / "loop" / "up")
    (repo / "config/production.json").write_text('{"a": ' + "7" * 5000 + "}")
    (repo / "config/staging.yaml").write_text("a: " + "7" * 5000 + "\n")
    (repo / "config/app.production.json").write_text("[" * 100_000)
    (repo / "config/app.staging.yaml").write_text("a: " + "[" * 100_000)
    (repo / "config/nul.production.yaml").write_text("a: 1\n" + "b" * 9000 + "\0\n")
    (repo / "values-staging.yaml").write_text("a: 1\n" + "b: " + "x" * (5 * 2**20) + "\n")
    (repo / "envs" / "production").mkdir(parents=True)
    (repo / "envs/production/main.tf").write_text("a = " + "[" * 100_000)
    (repo / "envs/production/deep.tf").write_text("a = " + "[" * 3000 + "]" * 3000)
    (repo / "envs/production/prod.tfvars").write_text("a = " + "7" * 5000)
    (repo / "k8s" / "production").mkdir(parents=True)
    (repo / "k8s/production/web.yaml").write_text(  # an int beyond what a float holds
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
        f"spec:\n  replicas: {'9' * 400}\n"
    )
    (repo / "docker-compose.prod.yml").write_text(
        f"services:\n  web:\n    image: web:1\n    command: gunicorn -w {'7' * 5000}\n"
    )
    if not tracked:  # git itself blocks on a FIFO named .gitignore (until its timeout)
        os.mkfifo(repo / "config" / ".gitignore")
    if tracked:
        git(repo, "init", "-q")
        git(repo, "add", "-A")
    try:
        outputs = probe_everywhere(repo, tmp_path / "out", reports=False)
    finally:
        sock.close()
    assert "not a regular file" in warned(outputs, "values-production.yaml")
    if not tracked:  # git lists neither FIFOs nor sockets
        assert "not a regular file" in warned(outputs, ".env.fifo")
        assert "not a regular file" in warned(outputs, ".env.socket")
        assert "loop" in warned(outputs, "loop/up")
        assert "not a regular file" in warned(outputs, "config/.gitignore")
    assert "too many digits" in warned(outputs, "config/production.json")
    assert "too many digits" in warned(outputs, "config/staging.yaml")
    assert "nested too deeply" in warned(outputs, "config/app.production.json")
    assert warned(outputs, "config/app.staging.yaml")
    assert warned(outputs, "config/nul.production.yaml")
    assert "too large" in warned(outputs, "values-staging.yaml")
    assert "not valid HCL" in warned(outputs, "envs/production/main.tf:1:")
    assert "nested too deeply" in warned(outputs, "envs/production/deep.tf")
    assert "too many digits" in warned(outputs, "envs/production/prod.tfvars")
    # a worker count no process could run is no count; the rest of the file still counts
    assert not [w for w in outputs.warnings if w.startswith("docker-compose.prod.yml")]
    assert not [w for w in outputs.warnings if w.startswith("k8s/production/web.yaml")]
    assert all("\n" not in w for w in outputs.warnings)
