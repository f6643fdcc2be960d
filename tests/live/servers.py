"""Real servers for the live tests: a PostgreSQL cluster and Prometheus instances on the
loopback, started once per session from the system's packages (.ci/run installs them).

PostgreSQL refuses to run as root; under root (CI) the cluster belongs to the `postgres`
system user the package creates and its commands run through `runuser`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Planted credentials: the tests assert they appear in no output.
DB_PASSWORD = "pg-Planted-Secret-7f3a9c"
PROM_PASSWORD = "prom-Planted-Token-51be2d"
DB_USER = "auditor"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(argv: list[str]) -> list[str]:
    if os.getuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


@dataclass
class Postgres:
    port: int
    bindir: Path

    def url(self, database: str) -> str:
        return f"postgresql://{DB_USER}:{DB_PASSWORD}@127.0.0.1:{self.port}/{database}"

    def psql(self, database: str, script: str) -> None:
        subprocess.run(
            [str(self.bindir / "psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url(database)],
            input=script,
            text=True,
            check=True,
            capture_output=True,
            timeout=120,
        )


@contextlib.contextmanager
def running_postgres() -> Iterator[Postgres | None]:
    bindir = postgres_bin()
    if bindir is None or (os.getuid() == 0 and not _has_user("postgres")):
        yield None
        return
    home = Path(tempfile.mkdtemp(prefix="stagegap-pg-"))
    data, pwfile = home / "data", home / "pw"
    pwfile.write_text(DB_PASSWORD + "\n")
    if os.getuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(home, owner.pw_uid, owner.pw_gid)
        os.chown(pwfile, owner.pw_uid, owner.pw_gid)
    port = free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(
        _as_owner(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                DB_USER,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        ),
        **run,  # type: ignore[arg-type]
    )
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {home} -c fsync=off"
    subprocess.run(
        _as_owner(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(home / "log"),
                "-w",
                "start",
            ]
        ),
        **run,  # type: ignore[arg-type]
    )
    try:
        yield Postgres(port, bindir)
    finally:
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(home, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@dataclass
class Prometheus:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_with_credentials(self) -> str:
        return f"http://viewer:{PROM_PASSWORD}@127.0.0.1:{self.port}"


def prometheus_bins() -> tuple[str, str] | None:
    server, promtool = shutil.which("prometheus"), shutil.which("promtool")
    return (server, promtool) if server and promtool else None


def backfill(promtool: str, data: Path, openmetrics: str) -> None:
    """Blocks for the TSDB from OpenMetrics text (`promtool tsdb create-blocks-from`)."""
    source = data.parent / f"{data.name}.om"
    source.write_text(openmetrics)
    data.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [promtool, "tsdb", "create-blocks-from", "openmetrics", str(source), str(data)],
        check=True,
        capture_output=True,
        timeout=120,
    )


def start_prometheus(server: str, home: Path, rules: str, data: Path, retention: str) -> Prometheus:
    (home / "rules.yml").write_text(rules)
    (home / "prometheus.yml").write_text(
        "global: {evaluation_interval: 1m}\nrule_files: [rules.yml]\nscrape_configs: []\n"
    )
    port = free_port()
    process = subprocess.Popen(
        [
            server,
            f"--config.file={home / 'prometheus.yml'}",
            f"--storage.tsdb.path={data}",
            f"--web.listen-address=127.0.0.1:{port}",
            f"--storage.tsdb.retention.time={retention}",
            "--log.level=error",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=2) as r:
                if r.status == 200:
                    return Prometheus(port, process)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("prometheus did not become ready")
