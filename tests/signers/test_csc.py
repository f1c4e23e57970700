"""Remote seals through the CSC API v2 against the test service: every step, JAdES, batches and the faults."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import microcred
from microcred.errors import (
    KeyMaterialError,
    SignerCertificateError,
    SignerError,
    SignerSignatureError,
    SignerUnavailableError,
    UsageError,
)
from microcred.keys import Key
from microcred.model import example_microcredential
from microcred.signers import as_key
from microcred.signers.csc import CscSigner
from microcred.signers.csc_client import CscClient

from .csc_server import CscTestServer, LoopbackTransport

NOW = "2026-01-15T12:00:00Z"


@pytest.fixture(params=["P-256", "RSA"])
def csc(
    request: pytest.FixtureRequest, seals: dict[str, Any], loopback_ports: set[int]
) -> Iterator[CscTestServer]:
    server = CscTestServer(seals[request.param][0])
    loopback_ports.add(server.port)
    yield server
    server.stop()


def _signer(server: CscTestServer, **kwargs: Any) -> CscSigner:
    args: dict[str, Any] = {
        "client_id": "registrar",
        "client_secret": "s3cret",
        "transport": LoopbackTransport(),
    }
    return CscSigner(server.url, **(args | kwargs))


def test_info_gives_the_chain_and_the_algorithms(csc: CscTestServer) -> None:
    signer = _signer(csc)  # credentials/list picks the only credential
    assert signer.credential_id == "seal-1"
    assert signer.certificate_chain == csc.key.certificate_chain
    assert signer.allowed_algs == (("RS256", "RS384", "RS512") if csc.key.kty == "RSA" else ("ES256",))
    assert csc.calls[:3] == ["/oauth2/token", "/csc/v2/credentials/list", "/csc/v2/credentials/info"]


def test_jades_seal_made_remotely_verifies(csc: CscTestServer, seals: dict[str, Any]) -> None:
    ca = seals["RSA" if csc.key.kty == "RSA" else "P-256"][1]
    secured = microcred.issue(example_microcredential(), _signer(csc), format="jades", now=NOW)
    result = microcred.verify(secured, now=NOW, trust_anchors=[ca])
    assert result.check("proof").passed and result.check("trust").passed
    assert "/csc/v2/signatures/signHash" in csc.calls


@pytest.mark.parametrize("fmt", ["vc+jwt", "vc-jwt", "jws-2020"])
def test_other_formats_with_a_remote_key(fmt: str, csc: CscTestServer, keys: dict[str, Key]) -> None:
    software = keys[csc.key.key_type]
    signer = _signer(csc, kid=software.kid)
    mc = example_microcredential()
    mc = mc.model_copy(update={"issuer": _issuer(mc).model_copy(update={"id": software.controller})})
    key = as_key(signer).with_certificate_chain([])
    if (
        fmt == "jws-2020" and csc.key.kty == "RSA"
    ):  # JsonWebSignature2020 signs RSA with PS256: not via signHash
        with pytest.raises(KeyMaterialError, match="PS256"):
            microcred.issue(mc, key, format=fmt, now=NOW)
        return
    secured = microcred.issue(mc, key, format=fmt, now=NOW)
    assert microcred.verify(secured, now=NOW).verified


def test_a_batch_is_one_authorize_and_one_sign_hash(csc: CscTestServer) -> None:
    key = as_key(_signer(csc))
    before = len(csc.calls)
    items = [(f"credential {i}".encode(), key.alg) for i in range(25)]
    signatures = key.sign_many(items)
    assert csc.calls[before:] == ["/csc/v2/credentials/authorize", "/csc/v2/signatures/signHash"]
    assert all(csc.key.verify(d, s, a) for (d, a), s in zip(items, signatures, strict=True))


def test_max_batch_splits_the_calls(csc: CscTestServer) -> None:
    key = as_key(_signer(csc, max_batch=10))
    before = len(csc.calls)
    key.sign_many([(bytes([i]), key.alg) for i in range(25)])
    assert csc.calls[before:].count("/csc/v2/signatures/signHash") == 3


def test_a_signature_that_does_not_verify_emits_nothing(csc: CscTestServer) -> None:
    signer = _signer(csc)
    csc.corrupt = True
    with pytest.raises(SignerSignatureError) as info:
        microcred.issue(example_microcredential(), signer, format="jades", now=NOW)
    assert info.value.code == "SIGNER_BAD_SIGNATURE"


def test_slow_and_unreachable_services(csc: CscTestServer, loopback_ports: set[int]) -> None:
    signer = _signer(csc, transport=LoopbackTransport(timeout=0.3))
    csc.delay = 1.0
    with pytest.raises(SignerUnavailableError) as info:
        microcred.issue(example_microcredential(), signer, format="jades", now=NOW)
    assert info.value.code == "SIGNER_UNAVAILABLE"
    csc.delay = 0.0
    port = csc.port
    csc.stop()
    loopback_ports.add(port)
    with pytest.raises(SignerUnavailableError):
        _signer(csc)


def test_wrong_client_secret_and_unknown_credential(csc: CscTestServer) -> None:
    with pytest.raises(SignerError, match="refused the client credentials"):
        _signer(csc, client_secret="wrong")
    with pytest.raises(SignerError, match="credentialID"):
        _signer(csc, credential_id="other")


def test_a_certificate_that_is_not_the_issuers_is_refused(csc: CscTestServer, keys: dict[str, Key]) -> None:
    other = keys["P-384"]
    with pytest.raises(SignerCertificateError):
        as_key(_signer(csc)).with_certificate_chain(other.certificate_chain or _chain_of(other))


def _chain_of(key: Key) -> list[Any]:
    from microcred.demo_ca import make_test_certificate_chain

    return make_test_certificate_chain(key, subject="other", ca_key=key, ca_subject="other CA")[
        0
    ].certificate_chain


def test_the_default_transport_is_https_only() -> None:
    client = CscClient("http://127.0.0.1:9/", client_id="a", client_secret="b")
    with pytest.raises(SignerUnavailableError, match="only https"):
        client.call("credentials/list", {})
    with pytest.raises(UsageError):
        CscClient("ftp://x", client_id="a", client_secret="b")


def _issuer(mc: Any) -> Any:
    assert mc.issuer is not None
    return mc.issuer
