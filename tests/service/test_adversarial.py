"""Every input of the adversarial corpus (tests/adversarial) posted to the verify endpoints: a 200 only when
the case is a positive control (or fails only under a verifier option), else a 4xx problem; never a 5xx; and the service keeps serving."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from microcred import FixedClock
from microcred.service.app import create_app

from ..adversarial.runner import CASES, case_input
from .conftest import BASE, NOW, make_config


def _body(text: str, field: str) -> bytes:
    stripped = text.strip()
    inner = stripped if stripped.startswith("{") else json.dumps(stripped)
    return b'{"' + field.encode() + b'": ' + inner.encode("utf-8") + b', "options": {}}'


def test_corpus_is_there() -> None:
    assert len(CASES) > 300


@pytest.mark.slow
def test_every_hostile_input_is_refused_without_a_5xx(keys: dict[str, Any], tmp_path: Path) -> None:
    config = make_config(keys, tmp_path, rate_per_second=1e6, rate_burst=10**6)
    with TestClient(create_app(config, clock=FixedClock(NOW)), base_url=BASE) as client:
        _post_every_case(client)


def _post_every_case(client: TestClient) -> None:
    outcomes: dict[int, int] = {}
    for name, entry in sorted(CASES.items()):
        text = case_input(entry)
        for path, field in (
            ("/credentials/verify", "verifiableCredential"),
            ("/presentations/verify", "verifiablePresentation"),
        ):
            response = client.post(
                path, content=_body(text, field), headers={"content-type": "application/json"}
            )
            outcomes[response.status_code] = outcomes.get(response.status_code, 0) + 1
            assert response.status_code < 500, (name, path, response.text[:500])
            if response.status_code == 200:
                # a case whose failure comes from a verifier option (a policy, trust anchors, ...) may verify
                # under the service's defaults; every other hostile input must be refused
                assert entry["expect"]["verified"] is True or set(entry.get("options", {})) - {"now"}, (
                    name,
                    path,
                )
                assert response.json()["verified"] is True
            else:
                assert response.headers["content-type"] == "application/problem+json", name
                assert response.json()["status"] == response.status_code
    assert set(outcomes) <= {200, 400, 413}
    assert client.get("/health").json()["status"] == "pass"
