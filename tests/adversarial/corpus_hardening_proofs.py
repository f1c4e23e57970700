"""Issue 11 item 5: proof sets holding a proof microcred cannot verify, and bare did:key verification methods.

Proof sets follow VC Data Integrity 1.0 §4.5 (Verify Proof Sets and Chains): a proof of an unsupported type next
to a verified one is skipped (``PROOF_SKIPPED``), unless nothing else verified, a verified proof chains to it
(``previousProof``), or the policy wants every proof verified. A bare ``did:key:z...`` (no fragment) as
``verificationMethod`` or ``kid`` names that DID's one key, as the did:key driver and the 1EdTech Open Badges 3.0
validator read it; a bare did:key of another key must still fail.
"""

from __future__ import annotations

import copy
from typing import Any

from microcred.keys import Key

from .corpus import VERIFIED, Corpus, expect
from .corpus_hardening_kit import JoseFormat, hand_di_proof
from .corpus_kit import Keys, add_di_proof, compact, v1_credential, v2_credential

UNKNOWN_ID = "urn:uuid:4b8d2f5e-2c1a-4e7f-9a3b-5d6e7f8a9b0c"


def _unknown(key: Key, **members: Any) -> dict[str, Any]:
    proof = {
        "id": UNKNOWN_ID,
        "type": "BbsBlsSignature2020",
        "created": "2026-01-10T09:00:00Z",
        "proofPurpose": "assertionMethod",
        "verificationMethod": key.kid,
        "proofValue": "z1111",
    }
    proof.update(members)
    return proof


def _proof_sets(c: Corpus, fmt: str, key: Key, mallory: Key, make: Any) -> None:
    kind = "proof-set"
    unsigned = make(key.controller)
    base = hand_di_proof(unsigned, key, fmt)
    valid = base["proof"]
    controls = {
        "unknown-first": ("the unsupported proof listed before the valid one", [_unknown(key), valid]),
        "two-unknown": (
            "two unsupported proofs (one an unknown Data Integrity cryptosuite) next to the valid one",
            [valid, _unknown(key), _unknown(key, id=None, type="DataIntegrityProof", cryptosuite="bbs-2023")],
        ),
    }
    for name, (note, proofs) in controls.items():
        doc = {**base, "proof": [{k: v for k, v in p.items() if v is not None} for p in proofs]}
        c.add(fmt, f"control-proof-set-{name}", "control", f"VC DI §4.5: {note} is skipped", doc, VERIFIED)
    tampered = copy.deepcopy(base)
    tampered["credentialSubject"]["name"] = "Mallory"
    tampered["proof"] = [tampered["proof"], _unknown(key)]
    bad = "SIGNATURE_INVALID" if fmt == "jws-2020" else "PROOF_SIGNATURE_INVALID"
    c.add(
        fmt,
        "proof-set-unknown-next-to-broken",
        kind,
        "the claims are changed after signing; the set's only other proof is unsupported: nothing verified",
        tampered,
        expect("proof", "failed", bad),
    )
    if fmt != "jws-2020":  # the JsonWebSignature2020 context defines no previousProof
        unknown_suite = _unknown(key, type="DataIntegrityProof", cryptosuite="bbs-2023")
        chained = add_di_proof({**unsigned, "proof": unknown_suite}, key, fmt, previous_proof=UNKNOWN_ID)
        c.add(
            fmt,
            "proof-set-chained-to-unknown",
            kind,
            "the valid proof names an unsupported one as previousProof: it cannot count as verified (VC DI §4.5)",
            chained,
            expect("proof", "failed", "PREVIOUS_PROOF_NOT_VERIFIED"),
        )
    second = hand_di_proof(unsigned, mallory, fmt)["proof"]
    c.add(
        fmt,
        "control-proof-set-second-signer",
        "control",
        "a second party's valid proof (her own did:key) next to the issuer's: a proof set by two signers verifies",
        {**base, "proof": [valid, second]},
        VERIFIED,
    )
    forged = hand_di_proof(unsigned, mallory, fmt, vm=key.kid)["proof"]
    c.add(
        fmt,
        "proof-set-valid-next-to-forged",
        kind,
        "the attacker's signature under the issuer's key id next to the issuer's valid proof: every proof counts",
        {**base, "proof": [valid, forged]},
        expect("proof", "failed", bad),
    )
    c.add(
        fmt,
        "proof-set-unknown-only",
        kind,
        "a proof set of two unsupported proofs: nothing microcred can verify",
        {**base, "proof": [_unknown(key), _unknown(key, id=None)]},
        expect("format", "failed", "UNSUPPORTED_FORMAT"),
    )


def _bare_did_key(c: Corpus, fmt: str, key: Key, mallory: Key, other_type: Key, make: Any) -> None:
    kind = "bare-did-key"
    unsigned = make(key.controller)
    c.add(
        fmt,
        "control-bare-did-key",
        "control",
        "verificationMethod is the issuer's bare did:key (no fragment): it names the DID's one key",
        hand_di_proof(unsigned, key, fmt, vm=key.controller),
        VERIFIED,
    )
    bad = "SIGNATURE_INVALID" if fmt == "jws-2020" else "PROOF_SIGNATURE_INVALID"
    cases = [
        (
            "bare-did-key-of-attacker",
            "the issuer's signature, verificationMethod the attacker's bare did:key (not the issuer's key)",
            hand_di_proof(unsigned, key, fmt, vm=mallory.controller),
            expect("proof", "failed", bad),
        ),
        (
            "bare-did-key-attacker-signs",
            "the attacker signs; verificationMethod is the issuer's bare did:key",
            hand_di_proof(unsigned, mallory, fmt, vm=key.controller),
            expect("proof", "failed", bad),
        ),
        (
            "bare-did-key-other-key-type",
            f"verificationMethod is the bare did:key of the issuer's {other_type.key_type} key",
            hand_di_proof(make(other_type.controller), key, fmt, vm=other_type.controller),
            expect("proof", "failed", "ALG_KEY_MISMATCH" if fmt == "jws-2020" else "KEY_TYPE_MISMATCH"),
        ),
        (
            "bare-did-key-with-query",
            "verificationMethod is the issuer's did:key with a query instead of a fragment",
            hand_di_proof(unsigned, key, fmt, vm=f"{key.controller}?versionId=1"),
            expect("proof", "error", "VERIFICATION_METHOD_UNRESOLVED"),
        ),
    ]
    for name, note, doc, expected in cases:
        c.add(fmt, name, kind, note, doc, expected)


def _jwt_bare_did_key(c: Corpus, f: JoseFormat, mallory: Key) -> None:
    header = {k: v for k, v in f.header.items()}
    c.add(
        f.fmt,
        "control-bare-did-key",
        "control",
        "kid is the issuer's bare did:key (no fragment): it names the DID's one key",
        compact({**header, "kid": f.key.controller}, f.claims, f.key),
        VERIFIED,
    )
    c.add(
        f.fmt,
        "bare-did-key-of-attacker",
        "bare-did-key",
        "kid is the attacker's bare did:key; the attacker signed a token naming the issuer",
        compact({**header, "kid": mallory.controller}, f.claims, mallory),
        expect("issuer", "failed", "ISSUER_MISMATCH"),
    )
    c.add(
        f.fmt,
        "bare-did-key-attacker-signs",
        "bare-did-key",
        "kid is the issuer's bare did:key; the attacker signed",
        compact({**header, "kid": f.key.controller}, f.claims, mallory),
        expect("proof", "failed", "SIGNATURE_INVALID"),
    )


def proof_cases(c: Corpus, keys: Keys) -> None:
    """Proof sets (embedded formats) and bare did:key methods (embedded formats and compact JWTs)."""
    profiles = [
        ("eddsa-rdfc-2022", keys.ed25519, keys.mallory, keys.p256, v2_credential),
        ("ecdsa-rdfc-2019", keys.p256, keys.mallory_p256, keys.ed25519, v2_credential),
        ("jws-2020", keys.ed25519, keys.mallory, keys.p256, v1_credential),
    ]
    for fmt, key, mallory, other_type, make in profiles:
        _proof_sets(c, fmt, key, mallory, make)
        _bare_did_key(c, fmt, key, mallory, other_type, make)
    _jwt_bare_did_key(
        c, JoseFormat("vc+jwt", keys.p256, v2_credential(keys.p256.controller)), keys.mallory_p256
    )
    _jwt_bare_did_key(
        c, JoseFormat("vc-jwt", keys.ed25519, v1_credential(keys.ed25519.controller)), keys.mallory
    )
