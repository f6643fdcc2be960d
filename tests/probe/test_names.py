"""The key rule (probe/names.py), the parse-error wording (probe/malformed.py) and the terminal
sanitiser (probe/textsafe.py): names real tools accept pass, pasted tokens do not; parser
messages lose the file's text; control characters become visible escapes."""

from __future__ import annotations

import json

import pytest

from stagegap.probe.malformed import Language, not_valid
from stagegap.probe.names import credential_shaped, variable_name
from stagegap.probe.textsafe import inert, inert_data, inert_json

REAL_NAMES = [
    "DATABASE_URL",
    "NEXT_PUBLIC_STRIPE_KEY_2024",  # a year is a version, not a token
    "FEATURE_FLAG_20240101_ENABLED",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "AUTH0_DOMAIN",
    "K8S_NAMESPACE",
    "PROCESSOR_ARCHITEW6432",  # Windows
    "_JAVA_OPTIONS",
    "databaseConnectionString",  # camelCase, as Helm values and .NET write them
]
# dots and dashes: Kubernetes, Compose and dotenv take them in KEY=value, a shell does not
ASSIGNED_ONLY = ["spring.datasource.url", "log-level"]
TOKENS = [
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc",  # a vendor's key format
    "AKIAIOSFODNN7EXAMPLE",
    "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "ghp_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
    "CANARY7f3a9c2e4b1d8e6f",
    "tok_ABCDEFGHIJKLMNOPQRSTUVwxyzabcdefghij",  # random mixed case
]
NOT_NAMES = ["", "1ST", "A B", "A=B", "A\x1b]0;x\x07", "$HOME", "A" * 200]


@pytest.mark.parametrize("name", REAL_NAMES)
def test_names_real_tools_accept_pass(name: str) -> None:
    assert variable_name(name)
    assert variable_name(name, bare=True)


@pytest.mark.parametrize("name", ASSIGNED_ONLY)
def test_dots_and_dashes_only_with_a_value(name: str) -> None:
    assert variable_name(name)
    assert not variable_name(name, bare=True)


@pytest.mark.parametrize("name", TOKENS + NOT_NAMES)
def test_tokens_and_other_text_are_no_names(name: str) -> None:
    assert not variable_name(name)
    assert not variable_name(name, bare=True)


def test_a_settings_path_holding_a_token_is_credential_shaped() -> None:
    assert credential_shaped("aws_lambda_function.api.environment.variables.AKIAIOSFODNN7EXAMPLE")
    assert credential_shaped("apps[name=sk_live_abc].replicas")
    assert not credential_shaped("apps[name=router].resources.limits.cpu")
    assert not credential_shaped("aws_db_instance.main.instance_class")


def test_parse_errors_keep_the_parsers_words_without_the_files() -> None:
    assert not_valid(Language.YAML, "found undefined alias 'sk_live_x'") == (
        "not valid YAML: found undefined alias"
    )
    assert not_valid(Language.YAML, "did not find expected ',' or ']'") == (
        "not valid YAML: did not find expected ',' or ']'"
    )
    hcl = "Unexpected token Token('STRING_CHARS', 'AKIAIOSFODNN7EXAMPLE\\n') at line 5"
    assert "AKIA" not in not_valid(Language.HCL, hcl)
    assert not_valid(Language.JSON) == "not valid JSON"
    assert "\n" not in not_valid(Language.YAML, 'bad\n  in "<unicode string>", position 3')


def test_control_characters_become_visible_escapes() -> None:
    assert inert("config/production\x1b[2J.yaml") == "config/production\\x1b[2J.yaml"
    assert inert("a\x9b31m\x7f\u202eb\nc") == "a\\x9b31m\\x7f\\u202eb\\x0ac"
    assert inert("plain: naïve café") == "plain: naïve café"
    dumped = json.dumps({"k": "a\x1b\x9b\u202e"}, ensure_ascii=False)
    safe = inert_json(dumped)
    assert json.loads(safe) == {"k": "a\x1b\x9b\u202e"}  # the same document
    assert not any(c in safe for c in "\x1b\x9b\u202e")


def test_structures_are_made_inert_keys_and_all() -> None:
    data = {"a\x1b": ["b\x9b", 3, None, {"c": "d\u202e"}]}
    assert inert_data(data) == {"a\\x1b": ["b\\x9b", 3, None, {"c": "d\\u202e"}]}
