"""Data Integrity presentations with the JCS cryptosuites (eddsa-jcs-2022, ecdsa-jcs-2019; vc-di-eddsa 1.0 §3.3,
vc-di-ecdsa 1.0 §3.3): ``authentication`` purpose, challenge, domain and holder binding, positive and negative."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred import issue, verify
from microcred.errors import MicrocredError
from microcred.keys import Key
from microcred.model.examples import example_microcredential
from microcred.present import present
from microcred.verification.policy import VerificationPolicy

from .test_present import CHALLENGE, DOMAIN, NOW, POLICY, seeded_ed25519

#: (presentation format, the holder's key type): eddsa-jcs-2022 signs with Ed25519, ecdsa-jcs-2019 with P-256/P-384
HOLDERS = [("eddsa-jcs-2022", "Ed25519"), ("ecdsa-jcs-2019", "P-256"), ("ecdsa-jcs-2019", "P-384")]
#: the credential formats presented (embedded proofs as objects, vc+jwt enveloped)
CREDENTIALS = ["ecdsa-jcs-2019", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "vc+jwt"]


def _holder(keys: dict[str, Any], kind: str) -> Key:
    key: Key = seeded_ed25519(b"jcs holder") if kind == "Ed25519" else keys[kind]
    return key


def _credential(keys: dict[str, Any], holder: Key, fmt: str) -> Any:
    signer = seeded_ed25519(b"jcs issuer") if fmt.startswith("eddsa") else keys["P-256"]
    return issue(example_microcredential(), signer, format=fmt, now=NOW, holder=holder.public())


def _present(credential: Any, holder: Key, fmt: Any, **options: Any) -> dict[str, Any]:
    options = {"challenge": CHALLENGE, "domain": DOMAIN, "now": NOW, **options}
    vp = present([credential], holder, format=fmt, **options)
    assert isinstance(vp, dict)
    return vp


@pytest.mark.parametrize("cred_format", CREDENTIALS)
@pytest.mark.parametrize(("vp_format", "holder_kind"), HOLDERS)
def test_jcs_presentation_verifies(
    keys: dict[str, Any], vp_format: str, holder_kind: str, cred_format: str
) -> None:
    holder = _holder(keys, holder_kind)
    vp = _present(_credential(keys, holder, cred_format), holder, vp_format)
    proof = vp["proof"]
    assert proof["cryptosuite"] == vp_format and proof["proofPurpose"] == "authentication"
    assert (proof["challenge"], proof["domain"]) == (CHALLENGE, DOMAIN)
    assert proof["@context"] == vp["@context"]  # §3.3.1 step 5: a JCS proof carries the document's @context
    result = verify(vp, now=NOW, policy=POLICY)
    assert result.verified and result.format == vp_format, result.summary()
    assert result.check("proof").code == "PROOF_VALID"
    assert [c.code for c in result.by_name("holder")] == ["HOLDER_IS_PRESENTER", "HOLDER_BOUND"]
    assert result.credentials[0].verified and result.credentials[0].format == cred_format


@pytest.mark.parametrize(("vp_format", "holder_kind"), HOLDERS)
@pytest.mark.parametrize(
    ("policy", "code"),
    [
        (VerificationPolicy(challenge="another", domain=DOMAIN), "PROOF_CHALLENGE_MISMATCH"),
        (
            VerificationPolicy(challenge=CHALLENGE, domain="https://elsewhere.example"),
            "PROOF_DOMAIN_MISMATCH",
        ),
    ],
)
def test_jcs_presentation_for_another_verifier_fails(
    keys: dict[str, Any], vp_format: str, holder_kind: str, policy: VerificationPolicy, code: str
) -> None:
    holder = _holder(keys, holder_kind)
    vp = _present(_credential(keys, holder, "ecdsa-jcs-2019"), holder, vp_format)
    result = verify(vp, now=NOW, policy=policy)
    assert not result.verified and result.check("proof").code == code
    assert result.credentials[0].verified  # the credential is fine: the presentation is not for this verifier


def _edit_subject(vp: dict[str, Any]) -> None:
    vp["verifiableCredential"][0]["credentialSubject"]["fullName"] = {"en": "Mallory"}


def _edit_challenge(vp: dict[str, Any]) -> None:
    vp["proof"]["challenge"] = "another"


def _edit_holder(vp: dict[str, Any]) -> None:
    vp["holder"] = "did:example:mallory"


def _edit_context(vp: dict[str, Any]) -> None:
    vp["proof"]["@context"] = [*vp["@context"], "https://www.w3.org/ns/credentials/examples/v2"]


def _edit_purpose(vp: dict[str, Any]) -> None:
    vp["proof"]["proofPurpose"] = "assertionMethod"


@pytest.mark.parametrize(("vp_format", "holder_kind"), HOLDERS)
@pytest.mark.parametrize(
    ("edit", "codes"),
    [
        # the presentation's signature covers the embedded credential: the credential's own proof fails too
        (_edit_subject, {"PROOF_SIGNATURE_INVALID"}),
        (_edit_challenge, {"PROOF_SIGNATURE_INVALID", "PROOF_CHALLENGE_MISMATCH"}),
        (_edit_holder, {"PROOF_SIGNATURE_INVALID"}),
        (_edit_context, {"PROOF_CONTEXT_MISMATCH"}),
        (_edit_purpose, {"PROOF_PURPOSE_MISMATCH"}),
    ],
)
def test_tampered_jcs_presentation_fails(
    keys: dict[str, Any], vp_format: str, holder_kind: str, edit: Any, codes: set[str]
) -> None:
    holder = _holder(keys, holder_kind)
    vp = _present(_credential(keys, holder, "ecdsa-jcs-2019"), holder, vp_format)
    tampered = copy.deepcopy(vp)
    edit(tampered)
    result = verify(tampered, now=NOW, policy=POLICY)
    assert not result.verified
    proof_codes = {c.code for c in result.by_name("proof") if not c.passed}
    assert proof_codes & codes, result.summary()
    assert "HOLDER_BOUND" not in [c.code for c in result.by_name("holder")]  # nothing trusted without a proof


@pytest.mark.parametrize(("vp_format", "holder_kind"), HOLDERS)
def test_jcs_presentation_by_the_wrong_holder_fails_holder_binding(
    keys: dict[str, Any], vp_format: str, holder_kind: str
) -> None:
    learner = seeded_ed25519(b"the learner")
    credential = _credential(keys, learner, "eddsa-jcs-2022")
    thief = _holder(keys, holder_kind)
    result = verify(_present(credential, thief, vp_format), now=NOW, policy=POLICY)
    assert not result.verified and result.credentials[0].verified
    assert [c.code for c in result.errors] == ["HOLDER_BINDING_MISMATCH"]
    assert str(learner.did) in result.errors[0].message and str(thief.did) in result.errors[0].message


def test_jcs_presentation_needs_a_key_of_its_suite(keys: dict[str, Any]) -> None:
    learner = seeded_ed25519(b"the learner")
    credential = _credential(keys, learner, "eddsa-jcs-2022")
    with pytest.raises(MicrocredError):
        present([credential], learner, format="ecdsa-jcs-2019", challenge=CHALLENGE, now=NOW)
    with pytest.raises(MicrocredError):
        present([credential], keys["P-256"], format="eddsa-jcs-2022", challenge=CHALLENGE, now=NOW)


def test_jcs_presentation_without_challenge_is_refused_when_one_is_expected(keys: dict[str, Any]) -> None:
    holder = seeded_ed25519(b"jcs holder")
    vp = _present(_credential(keys, holder, "ecdsa-jcs-2019"), holder, "eddsa-jcs-2022", challenge=None)
    assert "challenge" not in vp["proof"]
    result = verify(vp, now=NOW, policy=POLICY)
    assert not result.verified and result.check("proof").code == "PROOF_CHALLENGE_MISMATCH"
