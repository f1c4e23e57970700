"""Status lists and presentations signed by a token key: the issuing paths besides issue() take any Signer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.fetcher import StaticFetcher
from microcred.keys import Key
from microcred.model import example_microcredential
from microcred.signers.pkcs11 import Pkcs11Signer
from microcred.status import StatusRegistry
from microcred.status.token_publication import publish_token_status_list
from microcred.suites.vp_jose import issue_presentation

from .softhsm import SoftHsm

NOW = "2026-01-15T12:00:00Z"


@pytest.fixture
def token_p256(softhsm: SoftHsm, keys: dict[str, Key]) -> Iterator[Pkcs11Signer]:
    with Pkcs11Signer.from_uri(softhsm.uri("p256"), kid=keys["P-256"].kid, certificate_chain=[]) as signer:
        yield signer


def test_bitstring_and_token_status_lists_signed_in_the_token(
    tmp_path: Path, token_p256: Pkcs11Signer, keys: dict[str, Key]
) -> None:
    issuer = keys["P-256"].controller
    bitstring = "https://registrar.example.edu/status/1"
    tsl = "https://registrar.example.edu/status/tsl-1"
    with StatusRegistry(tmp_path / "status.db", clock=NOW) as registry:
        registry.create_list(bitstring, "revocation", issuer=issuer)
        published = registry.publish(bitstring, token_p256, format="ecdsa-rdfc-2019", clock=NOW)
        assert microcred.verify(published, now=NOW).check("proof").passed
    with StatusRegistry(tmp_path / "token-status.db", clock=NOW) as registry:
        registry.create_list(tsl, "revocation", issuer=issuer)
        mc = example_microcredential()
        assert mc.issuer is not None
        mc = mc.model_copy(update={"issuer": mc.issuer.model_copy(update={"id": issuer})})
        token = microcred.issue(mc, token_p256, format="sd-jwt-vc", now=NOW, status=registry)
        assert isinstance(token, str)
        when = microcred.FixedClock(NOW).now()
        listed = publish_token_status_list(registry, tsl, token_p256, now=when, valid_for=timedelta(days=1))
        result = microcred.verify(token, now=NOW, fetcher=StaticFetcher({tsl: listed}))
        assert result.check("status").code == "STATUS_VALID"


def test_presentation_signed_in_the_token(token_p256: Pkcs11Signer, keys: dict[str, Key]) -> None:
    mc = example_microcredential()
    assert mc.issuer is not None
    mc = mc.model_copy(update={"issuer": mc.issuer.model_copy(update={"id": keys["P-256"].controller})})
    credential = microcred.issue(mc, keys["P-256"], format="vc+jwt", now=NOW)
    presentation: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": keys["P-256"].controller,
        "verifiableCredential": [
            {
                "@context": "https://www.w3.org/ns/credentials/v2",
                "type": "EnvelopedVerifiableCredential",
                "id": f"data:application/vc+jwt,{credential}",
            }
        ],
    }
    token = issue_presentation(presentation, token_p256, now=NOW)
    header, payload, signature = token.split(".")
    from microcred.base64url import b64url_decode_strict

    assert keys["P-256"].verify(f"{header}.{payload}".encode(), b64url_decode_strict(signature), "ES256")
