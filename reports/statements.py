"""Findings stated as facts: the subject of each question, so a title can say what is true.

A register entry's title is "<subject>: <what the configuration shows>" (or what the answers
say where configuration cannot show it), never the question. The subjects are data keyed by
the bundled questionnaire's item ids; an item of another questionnaire falls back to its
dimension and item id, still a statement.
"""

from __future__ import annotations

SUBJECTS: dict[str, str] = {
    "infrastructure.shared-layers": "Layers staging shares with production",
    "infrastructure.inventory-confidence": "What the team can name of the shared layers",
    "infrastructure.iac-parity": "Infrastructure definitions behind the two environments",
    "infrastructure.version-parity": "Images, runtimes and service versions",
    "infrastructure.network-reachability": "Staging can reach production databases or services",
    "env-vars.variable-map": "Map of variables by environment and scope",
    "env-vars.map-verified-on": "Variable map last verified",
    "env-vars.single-environment-vars": "Variables set in only one environment",
    "env-vars.scope-differences": "Variables whose scope differs (build time vs run time)",
    "env-vars.credential-permissiveness": "Staging's credentials compared with production's",
    "env-vars.fails-fast-on-missing": "Application refuses to start without a required variable",
    "traffic.request-ratio": "Staging's request volume against production's",
    "traffic.load-testing": "Load tests with production-like traffic",
    "traffic.replicas": "Replicas of the main service",
    "traffic.autoscaling": "Scaling of the main service",
    "traffic.resource-settings": "Resource limits, concurrency and pool sizes",
    "data.size-ratio": "Staging's data volume against production's",
    "data.data-source": "Where staging's data comes from",
    "data.scale-verification": "Query plans and migrations verified on production-scale data",
    "data.migration-lint": "Migrations checked automatically for locks and unsafe operations",
    "data.data-age": "Age of the data in staging",
    "data.database-parity": "Staging's database deployment against production's",
    "deploys.deploy-trigger": "What triggers a deploy",
    "deploys.deploy-cadence": "How often each environment is deployed",
    "deploys.artifact-promotion": "The artifact deployed to production",
    "deploys.background-jobs": "Scheduled jobs in staging",
    "deploys.staging-overlap": "Branches that deploy to staging",
    "integrations.live-from-staging": "Integrations staging uses in live mode",
    "integrations.mocked-in-staging": "Integrations mocked in staging",
    "integrations.difference-map": "Map of each integration's staging and live behaviour",
    "integrations.contract-tests": "Tests against the providers' real behaviour",
    "integrations.inbound-callbacks": "Provider webhooks and callbacks reaching staging",
    "observability.tools": "Observability tools per environment",
    "observability.alert-thresholds": "Staging's alert thresholds against production's",
    "observability.error-sampling": "Share of error events captured",
    "observability.log-level": "Log level per environment",
    "observability.log-retention": "Log retention per environment",
    "observability.alert-recipients": "Who receives each environment's alerts",
}


def subject(item_id: str, dimension_title: str) -> str:
    known = SUBJECTS.get(item_id)
    if known:
        return known
    name = item_id.split(".", 1)[-1].replace("-", " ")
    return f"{dimension_title}: {name}"
