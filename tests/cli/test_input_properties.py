"""Random JSON values and random bytes in every file the CLI reads: an exit code, never an internal error.

The CLI's last-resort handler turns an unexpected exception into one line saying "internal error"; these tests
assert it is never reached, so every input problem is reported by the code meant for it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
#: A JSON value, or raw bytes (often not UTF-8, not JSON), or a JSON object shaped like a credential.
CONTENT = st.one_of(
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
    st.dictionaries(
        st.sampled_from(
            ["@context", "type", "proof", "issuer", "credentialSubject", "id", "kty", "crv", "x"]
        ),
        JSON_VALUES,
        max_size=6,
    ).map(lambda v: json.dumps(v).encode()),
)

TARGETS: dict[str, list[str]] = {
    "verify FILE": ["verify", "{f}"],
    "verify --keys": ["verify", "--keys", "{f}", str(EXAMPLES / "minimal.json")],
    "verify --status-list": ["verify", "--status-list", "{f}", str(EXAMPLES / "minimal.json")],
    "verify --trust-anchor": ["verify", "--trust-anchor", "{f}", str(EXAMPLES / "minimal.json")],
    "convert": ["convert", "{f}", "--to", "elm"],
    "canon": ["canon", "{f}"],
    "keygen --public": ["keygen", "--public", "{f}"],
}


@pytest.mark.parametrize("target", sorted(TARGETS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=CONTENT)
def test_random_input_gets_an_exit_code_not_an_internal_error(
    target: str, content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(content)
    argv = [a.replace("{f}", str(path)) for a in TARGETS[target]]
    code: Any = main(argv)
    _, err = capsys.readouterr()
    assert code in (0, 1, 2), code
    assert "internal error" not in err and "Traceback" not in err, err
