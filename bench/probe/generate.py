"""Generate a synthetic monorepo for the probe benchmark: 100 services, 30,000 files, plus an
ignored node_modules tree the probe must not walk.

Each service carries what a real one does: kustomize base and overlays, Helm values per
environment, .env files, a Dockerfile, alert rules, code that reads variables, and a majority
of files the probe has no business reading (docs, styles, images, lockfiles).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SERVICES = 100
FILES_PER_SERVICE = 300
NODE_MODULES_FILES = 5000


def _service_files(name: str, index: int, rng: random.Random) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    base = f"services/{name}"
    replicas = {"staging": 1, "production": 2 + index % 5}
    files[f"{base}/k8s/base/kustomization.yaml"] = (
        "resources:\n  - deployment.yaml\n  - cronjob.yaml\nconfigMapGenerator:\n"
        f"  - name: {name}-config\n    literals:\n      - APP_NAME={name}\n      - TZ=UTC\n"
    )
    files[f"{base}/k8s/base/deployment.yaml"] = (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n"
        f"  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: {name}\n"
        f"          image: registry.example.com/{name}:1.{index % 7}.0\n"
        '          env:\n            - name: PORT\n              value: "8080"\n'
        "          resources:\n            requests:\n              cpu: 100m\n"
    )
    files[f"{base}/k8s/base/cronjob.yaml"] = (
        f"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}-cleanup\nspec:\n"
        f'  schedule: "{index % 60} * * * *"\n'
    )
    for env in ("staging", "production"):
        files[f"{base}/k8s/overlays/{env}/kustomization.yaml"] = (
            f"namespace: {name}-{env}\nresources:\n  - ../../base\nreplicas:\n"
            f"  - name: {name}\n    count: {replicas[env]}\n"
            "configMapGenerator:\n"
            f"  - name: {name}-config\n    behavior: merge\n    literals:\n"
            f"      - LOG_LEVEL={'debug' if env == 'staging' else 'info'}\n"
            + (
                f"      - FEATURE_{index}_URL=https://flags.example.com/{index}\n"
                if env == "production"
                else ""
            )
        )
        files[f"{base}/helm/values-{env}.yaml"] = (
            f"replicaCount: {replicas[env]}\nenv:\n  LOG_LEVEL: "
            f"{'debug' if env == 'staging' else 'warn'}\n"
            f'  SENTRY_SAMPLE_RATE: "{1.0 if env == "staging" else 0.2}"\n'
        )
        key = "sk_test_" if env == "staging" else "sk_live_"
        files[f"{base}/.env.{env}"] = (
            f"DATABASE_URL=postgres://u:p{rng.randrange(10**9)}@db-{env}-{index}.internal:5432/x\n"
            f"STRIPE_SECRET_KEY={key}{rng.randrange(10**18):018d}\n"
            f"WEB_CONCURRENCY={2 if env == 'staging' else 8}\n"
        )
        files[f"{base}/monitoring/{env}/alerts.yaml"] = (
            "groups:\n  - name: x\n    rules:\n      - alert: HighErrors\n"
            f"        expr: errors > {0.5 if env == 'staging' else 0.05}\n        for: 5m\n"
        )
    files[f"{base}/helm/values.yaml"] = (
        "replicaCount: 2\nimage:\n  repository: registry.example.com/x\n"
    )
    files[f"{base}/Dockerfile"] = "FROM python:3.12\nARG BUILD_SHA\nENV PYTHONUNBUFFERED=1\n"
    code_files = 60
    for n in range(code_files):
        # Like real services: a few configuration modules read variables, most code does not.
        reads = n % 10 == 0
        if n % 2:
            body = "".join(f"def f{k}(x):\n    return x * {k}\n\n" for k in range(12))
            if reads:
                body = (
                    "import os\n\n"
                    + "".join(
                        f"SETTING_{k} = os.environ.get('SETTING_{k}', '')\n" for k in range(8)
                    )
                    + f"FEATURE = os.environ['FEATURE_{index}_URL']\n\n"
                    + body
                )
            files[f"{base}/src/module_{n}.py"] = body
        else:
            body = "".join(f"export const c{k} = (x: number) => x * {k};\n" for k in range(20))
            if reads:
                body += "export const api = process.env.API_URL ?? '/api';\n"
            files[f"{base}/web/component_{n}.ts"] = body
    others = FILES_PER_SERVICE - len(files)
    for n in range(others):
        kind = n % 5
        if kind == 0:
            files[f"{base}/docs/page_{n}.md"] = f"# Page {n}\n\n" + "lorem ipsum " * 40
        elif kind == 1:
            files[f"{base}/web/styles_{n}.css"] = ".a { color: red; }\n" * 20
        elif kind == 2:
            files[f"{base}/assets/img_{n}.png"] = bytes(rng.randrange(256) for _ in range(512))
        elif kind == 3:
            files[f"{base}/web/view_{n}.html"] = "<div>hello</div>\n" * 20
        else:
            files[f"{base}/data/sample_{n}.csv"] = "a,b,c\n1,2,3\n" * 20
    return files


def generate(root: Path, services: int = SERVICES) -> int:
    rng = random.Random(42)
    count = 0
    root.mkdir(parents=True, exist_ok=True)
    (root / ".gitignore").write_text("node_modules/\n*.log\n")
    workflow = root / ".github" / "workflows" / "deploy.yml"
    workflow.parent.mkdir(parents=True, exist_ok=True)
    workflow.write_text(
        "on:\n  push:\n    branches: [main]\njobs:\n  deploy-staging:\n    environment: staging\n"
        "    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -k k8s\n"
        "  deploy-production:\n    environment: production\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: kubectl apply -k k8s\n"
    )
    count += 2
    for index in range(services):
        for relative, content in _service_files(f"svc{index:03d}", index, rng).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content)
            count += 1
    for n in range(NODE_MODULES_FILES):
        path = root / "node_modules" / f"pkg{n % 200}" / f"file{n}.js"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"module.exports = process.env.NODE_MODULE_{n};\n")
        if n % 50 == 0:
            (path.parent / ".env.production").write_text(f"VENDORED_{n}=1\n")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--services", type=int, default=SERVICES)
    args = parser.parse_args()
    count = generate(args.out, args.services)
    print(f"wrote {count} files (plus {NODE_MODULES_FILES} in node_modules) under {args.out}")


if __name__ == "__main__":
    main()
