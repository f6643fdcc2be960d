"""The probe's output got faster without changing a byte: the one-pass scrub removes what the
longest-first alternation removed, and the native JSON writer writes what json.dumps wrote."""

from __future__ import annotations

import json
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from probe_support import REPOS, probed

from stagegap.probe import output
from stagegap.probe.jsontext import dumps
from stagegap.probe.secrets import REDACTED, Redactor

FIXTURES = sorted(p.name for p in REPOS.iterdir() if p.is_dir())
WORD_CHAR = re.compile(r"[A-Za-z0-9]")


def _reference_scrub(secrets: set[str], text: str) -> str:
    """The rule spelled out: left to right, the longest secret at each position; a secret of
    letters only counts as a whole word."""
    out, i = [], 0
    for_length = sorted(secrets, key=len, reverse=True)
    while i < len(text):
        for secret in for_length:
            if not text.startswith(secret, i):
                continue
            if secret.isalpha() and secret.isascii():
                end = i + len(secret)
                if (i and WORD_CHAR.match(text[i - 1])) or (
                    end < len(text) and WORD_CHAR.match(text[end])
                ):
                    continue
            out.append(REDACTED)
            i += len(secret)
            break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


SECRET_ALPHABET = "abAB12-_:/@."
secret_text = st.text(alphabet=SECRET_ALPHABET, min_size=6, max_size=10)
plain_word = st.sampled_from(["postgres", "postgresql", "changeit", "changeitnow", "abcabc"])


@settings(max_examples=300, deadline=None)
@given(
    secrets=st.sets(secret_text | plain_word, min_size=1, max_size=12),
    pieces=st.lists(st.text(alphabet=SECRET_ALPHABET + " x", max_size=4) | plain_word, max_size=12),
    data=st.data(),
)
def test_one_pass_scrub_removes_exactly_what_the_rule_says(
    secrets: set[str], pieces: list[str], data: st.DataObject
) -> None:
    # Put real secrets into the text, side by side and overlapping prefixes included.
    chosen = data.draw(st.lists(st.sampled_from(sorted(secrets)), max_size=6))
    text = "".join(a + b for a, b in zip(pieces, chosen + [""] * len(pieces), strict=False))
    redactor = Redactor(salt=b"x" * 16)
    for secret in secrets:
        redactor.remember(secret)
    assert redactor.scrub(text) == _reference_scrub(secrets, text)


def test_scrub_prefers_the_longest_secret_and_whole_words() -> None:
    redactor = Redactor(salt=b"x" * 16)
    for secret in ("postgres", "s3cr3t-value", "s3cr3t-value-longer"):
        redactor.remember(secret)
    assert redactor.scrub("base/postgresql/ uses postgres") == f"base/postgresql/ uses {REDACTED}"
    assert redactor.scrub("k=s3cr3t-value-longer;") == f"k={REDACTED};"


json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(string.printable + "é\u2028\x7f\x01"),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_like)
def test_dumps_writes_what_json_dumps_writes(data: object) -> None:
    assert dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("tiny", [1e-05, 2.5e-06, 1.2345e-10, -3e-07])
def test_tiny_floats_are_written_the_python_way(tiny: float) -> None:
    assert dumps({"rate": tiny}) == json.dumps({"rate": tiny}, indent=2)


@pytest.mark.parametrize("repo", FIXTURES)
def test_fixture_outputs_are_the_json_dumps_text(repo: str) -> None:
    result = probed(repo)
    data = result.redactor.scrub_data(output.to_dict(result))
    assert output.to_json(result) == json.dumps(data, indent=2, ensure_ascii=False)
    sarif = json.loads(output.to_sarif(result))
    assert output.to_sarif(result) == json.dumps(sarif, indent=2, ensure_ascii=False)
