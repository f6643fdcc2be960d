"""How live sources are named on the command line and in every output: the credential-bearing
parts of a URL are known, stripped from names and scrubbed from client errors."""

from __future__ import annotations

import pytest

from stagegap.probe.live import targets


def test_a_database_url_is_named_by_environment_and_host_only() -> None:
    url = "postgresql://app:s3cret-pass@db.internal:6432/shop?sslmode=require&sslpassword=kp9"
    target = targets.database("production=env:DB", {"DB": url})
    assert target.shown == "postgres:production@db.internal:6432/shop"
    assert set(target.secrets()) == {"s3cret-pass", "kp9"}
    assert "s3cret-pass" not in repr(target)


def test_a_client_error_is_one_scrubbed_line() -> None:
    message = 'connection to "postgresql://app:s3cret-pass@db.internal/shop" failed\nDETAIL: more'
    line = targets.scrub(message, ["s3cret-pass"])
    assert line == 'connection to "postgresql://db.internal/shop" failed'


@pytest.mark.parametrize(
    ("flag", "text", "said"),
    [
        (targets.database, "qa=env:X", "neither staging nor production"),
        (targets.database, "staging", "expected ENV=SOURCE"),
        (targets.database, "staging=env:9X", "not an environment variable name"),
        (targets.database, "staging=mysql://db/x", "not a postgres:// or postgresql:// URL"),
        (targets.prometheus, "staging=http://u:pw@prom:9090", "show in the process list"),
        (targets.prometheus, "staging=prom:9090", "not a http:// or https:// URL"),
    ],
)
def test_bad_sources_are_one_clear_line(flag, text: str, said: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(targets.TargetError, match=said):
        flag(text, {"X": "postgresql://db/x"})


def test_a_kube_source_is_a_file_or_a_context() -> None:
    assert targets.kubernetes("staging=context:stg-eu").kube_mode is targets.KubeMode.CONTEXT
    with pytest.raises(targets.TargetError, match="file:PATH or context:NAME"):
        targets.kubernetes("staging=stg-eu")


def test_a_query_template_fills_only_its_own_names() -> None:
    template = 'sum(rate(http_requests_total{env="{env}"}[{window}]))'
    filled = targets.fill(template, env="staging", window="1h", metric="")
    assert filled == 'sum(rate(http_requests_total{env="staging"}[1h]))'
