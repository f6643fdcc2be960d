"""The vocabulary that tells a cloud account from things that merely share its words: a wrong
match there becomes a 'shared cloud account' alarm on real repositories."""

from __future__ import annotations

import pytest

from stagegap.probe.rules.semantics import concepts_of


@pytest.mark.parametrize(
    "key",
    ["AWS_ACCOUNT_ID", "account_id", "GCP_PROJECT", "provider.google.project", "project_id"],
)
def test_cloud_accounts_and_projects(key: str) -> None:
    assert "account" in concepts_of(key)


@pytest.mark.parametrize(
    "key",
    [
        "module.eks.app_service_account",  # a Kubernetes service account
        "STORAGE_ACCOUNT",  # an Azure storage account: a resource
        "AIRBRAKE_PROJECT_ID",  # an error tracker's project
        "govukApplications[3].cronTasks[5].project",  # a job's sub-command
    ],
)
def test_look_alikes_are_not_accounts(key: str) -> None:
    assert "account" not in concepts_of(key)
