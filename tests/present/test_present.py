"""``microcred.present()`` for every format family and ``verify()`` of what it makes (holder binding included)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from microcred import issue, verify
from microcred.errors import UsageError
from microcred.keys import Key
from microcred.model.examples import example_microcredential
from microcred.present import present
from microcred.verification.policy import VerificationPolicy

NOW = datetime(2026, 1, 1, tzinfo=UTC)
CHALLENGE, DOMAIN = "c-42", "https://employer.example"
POLICY = VerificationPolicy(challenge=CHALLENGE, domain=DOMAIN)


def seeded_ed25519(seed: bytes) -> Key:
    """A fixed Ed25519 did:key from a seed (TEST ONLY)."""
    private = ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed).digest())
    return Key.from_cryptography(private, did="key")


@pytest.fixture(scope="module")
def issuer(keys: dict[str, Any]) -> Key:
    return keys["P-256"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def holder() -> Key:
    return seeded_ed25519(b"microcred test holder")


def _issued(issuer: Key, holder: Key, fmt: str) -> Any:
    # eddsa-rdfc-2022 needs an Ed25519 issuer; the other formats use the fixed P-256 key
    signer = seeded_ed25519(b"microcred test issuer") if fmt == "eddsa-rdfc-2022" else issuer
    return issue(example_microcredential(), signer, format=fmt, now=NOW, holder=holder.public())


@pytest.mark.parametrize(
    ("cred_format", "vp_format"),
    [
        ("eddsa-rdfc-2022", "eddsa-rdfc-2022"),
        ("ecdsa-rdfc-2019", "eddsa-rdfc-2022"),
        ("vc+jwt", "vp+jwt"),
        ("vc+jwt", "eddsa-rdfc-2022"),
    ],
)
def test_presentation_verifies_with_the_expected_challenge_and_domain(
    issuer: Key, holder: Key, keys: dict[str, Any], cred_format: str, vp_format: Any
) -> None:
    credential = _issued(issuer, holder, cred_format)
    vp = present([credential], holder, format=vp_format, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    result = verify(vp, now=NOW, policy=POLICY)
    assert result.verified, result.summary()
    assert [c.code for c in result.by_name("holder")][-1] == "HOLDER_BOUND"
    assert len(result.credentials) == 1 and result.credentials[0].verified
    assert result.to_dict()["credentials"][0]["verified"] is True
    for policy in (
        VerificationPolicy(challenge="other", domain=DOMAIN),
        VerificationPolicy(challenge=CHALLENGE, domain="https://elsewhere.example"),
    ):
        replayed = verify(vp, now=NOW, policy=policy)
        assert not replayed.verified
        assert {c.code for c in replayed.errors} & {"PROOF_CHALLENGE_MISMATCH", "PROOF_DOMAIN_MISMATCH"}


@pytest.mark.parametrize("vp_format", ["eddsa-rdfc-2022", "vp+jwt"])
def test_a_credential_bound_to_someone_else_fails_holder_binding(
    issuer: Key, holder: Key, keys: dict[str, Any], vp_format: Any
) -> None:
    other = keys["P-384"] if vp_format == "vp+jwt" else seeded_ed25519(b"someone else")
    fmt = "vc+jwt" if vp_format == "vp+jwt" else "eddsa-rdfc-2022"
    credential = _issued(issuer, holder, fmt)
    vp = present(credential, other, format=vp_format, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    result = verify(vp, now=NOW, policy=POLICY)
    assert not result.verified and result.credentials[0].verified
    binding = [c for c in result.by_name("holder") if not c.passed]
    assert [c.code for c in binding] == ["HOLDER_BINDING_MISMATCH"]
    assert str(holder.did) in binding[0].message and str(other.did) in binding[0].message


def test_an_unbound_credential_fails_holder_binding(issuer: Key, holder: Key) -> None:
    credential = issue(example_microcredential(), issuer, format="ecdsa-rdfc-2019", now=NOW)
    vp = present(credential, holder, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    result = verify(vp, now=NOW, policy=POLICY)
    assert not result.verified
    assert [c.code for c in result.errors] == ["HOLDER_BINDING_MISMATCH"]


def test_a_presentation_without_proof_is_checked_as_data_and_says_so(issuer: Key, holder: Key) -> None:
    credential = _issued(issuer, holder, "eddsa-rdfc-2022")
    vp = present(credential, holder, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert isinstance(vp, dict)
    del vp["proof"]
    result = verify(vp, now=NOW, policy=POLICY)
    assert not result.verified and result.credentials[0].verified
    assert result.check("presentation").passed
    assert result.check("proof").code == "HOLDER_PROOF_MISSING"
    assert result.check("holder").status.value == "error"


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda vp: vp.update({"@context": ["https://example.org/x"]}), "@context"),
        (lambda vp: vp.update({"holder": {"name": "x"}}), "holder"),
        (lambda vp: vp.update({"holder": "not a url"}), "holder"),
        (lambda vp: vp.update({"verifiableCredential": ["urn:uuid:1"]}), "objects only"),
        (
            lambda vp: vp.update(
                {"verifiableCredential": [{"type": "EnvelopedVerifiableCredential", "id": "urn:x"}]}
            ),
            "data: URL",
        ),
    ],
)
def test_presentation_data_model_rules(issuer: Key, holder: Key, edit: Any, problem: str) -> None:
    credential = _issued(issuer, holder, "eddsa-rdfc-2022")
    vp = present(credential, holder, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert isinstance(vp, dict)
    del vp["proof"]
    edit(vp)
    result = verify(vp, now=NOW, policy=POLICY)
    check = result.check("presentation")
    assert check.code == "PRESENTATION_DATA_MODEL_INVALID" and problem in check.message
    assert not result.verified


def test_sd_jwt_presentation_withholds_what_is_not_disclosed(issuer: Key, holder: Key) -> None:
    token = issue(example_microcredential(), issuer, format="sd-jwt-vc", now=NOW, holder=holder.public())
    shown = present(
        token,
        holder,
        format="sd-jwt",
        disclose=["learner.givenName"],
        challenge=CHALLENGE,
        domain=DOMAIN,
        now=NOW,
    )
    result = verify(shown, now=NOW, policy=POLICY)
    assert result.verified, result.summary()
    learner = (result.credential or {})["learner"]
    assert "givenName" in learner and "dateOfBirth" not in learner
    assert not verify(shown, now=NOW, policy=VerificationPolicy(challenge="x", domain=DOMAIN)).verified


def test_usage_errors(issuer: Key, holder: Key) -> None:
    credential = _issued(issuer, holder, "eddsa-rdfc-2022")
    with pytest.raises(UsageError, match="private key"):
        present(credential, holder.public())
    with pytest.raises(UsageError, match="unknown presentation format"):
        present(credential, holder, format="jades")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="disclose applies"):
        present(credential, holder, disclose=["a"])
    with pytest.raises(UsageError, match="compact token"):
        present(credential, holder, format="vp+jwt")
    with pytest.raises(UsageError, match="challenge"):
        present("a.b.c~", holder, format="sd-jwt")
    with pytest.raises(TypeError):
        present(credential, holder, chalenge="x")  # type: ignore[call-arg]


def test_ecdsa_presentation_by_a_p256_holder(keys: dict[str, Any]) -> None:
    issuer_key, holder_key = seeded_ed25519(b"microcred test issuer"), keys["P-384"]
    credential = issue(
        example_microcredential(), issuer_key, format="eddsa-rdfc-2022", now=NOW, holder=holder_key.public()
    )
    vp = present(
        [credential], holder_key, format="ecdsa-rdfc-2019", challenge=CHALLENGE, domain=DOMAIN, now=NOW
    )
    assert isinstance(vp, dict) and vp["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
    assert vp["proof"]["proofPurpose"] == "authentication"
    result = verify(vp, now=NOW, policy=POLICY)
    assert result.verified and result.format == "ecdsa-rdfc-2019", result.summary()


def test_holder_named_is_not_the_signer_and_unbound_credential(issuer: Key, holder: Key) -> None:
    credential = issue(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": issuer.did,
            "credentialSubject": {"name": "no id here"},
        },
        issuer,
        format="ecdsa-rdfc-2019",
        now=NOW,
    )
    vp = present(credential, holder, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    result = verify(vp, now=NOW, policy=POLICY)
    assert [c.code for c in result.errors] == ["CREDENTIAL_NOT_BOUND"] and result.credentials[0].verified
    assert isinstance(vp, dict)
    vp["holder"] = "did:example:someone-else"  # edited after signing: the proof fails, nothing is trusted
    assert "PROOF_SIGNATURE_INVALID" in [c.code for c in verify(vp, now=NOW, policy=POLICY).errors]


def test_vp_jwt_without_expected_audience_fails(issuer: Key, holder: Key) -> None:
    token = _issued(issuer, holder, "vc+jwt")
    vp = present(token, holder, format="vp+jwt", challenge=CHALLENGE, now=NOW)  # no domain
    result = verify(vp, now=NOW, policy=POLICY)
    assert [c.code for c in result.errors] == ["PROOF_DOMAIN_MISMATCH"]


def test_too_many_credentials_are_not_verified(issuer: Key, holder: Key) -> None:
    from microcred.presentation.verify import MAX_CREDENTIALS

    credential = _issued(issuer, holder, "ecdsa-rdfc-2019")
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [credential] * (MAX_CREDENTIALS + 1),
    }
    result = verify(vp, now=NOW, policy=POLICY)
    assert "TOO_MANY_CREDENTIALS" in [c.code for c in result.errors] and not result.credentials


HOSTILE: list[Any] = [
    {"type": "VerifiablePresentation"},
    {"type": ["VerifiablePresentation"], "verifiableCredential": "x"},
    {"type": ["VerifiablePresentation"], "verifiableCredential": [1, None, [], {}]},
    {"type": ["VerifiablePresentation"], "verifiableCredential": [{"id": "data:application/vc+jwt,a.b.c"}]},
    {"type": ["VerifiablePresentation"], "verifiableCredential": [{"id": "data:application/dc+sd-jwt,~~~"}]},
    {"type": ["VerifiablePresentation"], "proof": "nope", "holder": 5},
    {"type": ["VerifiablePresentation"], "proof": [{"type": "DataIntegrityProof"}], "@context": 3},
    {
        "type": "VerifiablePresentation",
        "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"},
    },
]


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_presentations_give_results_not_exceptions(index: int) -> None:
    result = verify(HOSTILE[index], now=NOW, policy=POLICY)
    assert not result.verified and result.errors
    assert result.to_json()


def test_hostile_vp_jwt(holder: Key) -> None:
    from microcred.base64url import b64url_encode

    header = b64url_encode(json.dumps({"alg": "EdDSA", "typ": "vp+jwt", "kid": holder.kid}).encode())
    for payload in (
        b'{"type":"VerifiablePresentation"',
        b'["VerifiablePresentation"]',
        b'{"type":"VerifiablePresentation","vc":1}',
    ):
        token = f"{header}.{b64url_encode(payload)}.{b64url_encode(b'sig')}"
        result = verify(token, now=NOW, policy=POLICY)
        assert not result.verified and result.errors


def test_a_failed_credential_fails_the_presentation(issuer: Key, holder: Key) -> None:
    from microcred.errors import VerificationError

    credential = _issued(issuer, holder, "ecdsa-rdfc-2019")
    vp = present(credential, holder, format="eddsa-rdfc-2022", challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    later = "2031-01-01T00:00:00Z"  # the example micro-credential is valid until 2030
    result = verify(vp, now=later, policy=POLICY)
    assert not result.verified and result.errors == []
    assert result.credentials[0].check("validity").code == "EXPIRED"
    with pytest.raises(VerificationError, match="EXPIRED"):
        result.raise_for_status()


def test_ecdsa_sd_2023_credential_is_derived_when_presented(issuer: Key, holder: Key) -> None:
    base = issue(
        example_microcredential(),
        issuer,
        format="ecdsa-sd-2023",
        now=NOW,
        holder=holder.public(),
        mandatory_pointers=["/issuer", "/validFrom"],
    )
    vp = present(
        base,
        holder,
        challenge=CHALLENGE,
        domain=DOMAIN,
        disclose=["/credentialSubject/fullName", "credentialSubject.hasClaim"],
        now=NOW,
    )
    assert isinstance(vp, dict)
    shown = vp["verifiableCredential"][0]
    assert "dateOfBirth" not in shown["credentialSubject"] and "fullName" in shown["credentialSubject"]
    assert shown["credentialSubject"]["id"] == holder.did  # revealed for the holder binding
    result = verify(vp, now=NOW, policy=POLICY)
    assert result.verified, result.summary()
    assert result.credentials[0].check("proof").code == "PROOF_VALID"
