"""Cases for the embedded-proof formats: eddsa-rdfc-2022, ecdsa-rdfc-2019 and jws-2020 (JsonWebSignature2020).

The three share the claim, proof, key, purpose and validity attacks here and the JSON-LD attacks of
:mod:`.corpus_json_ld`; jws-2020 also gets the detached-JWS header attacks of :mod:`.corpus_jws_2020`.
eddsa-rdfc-2022 gets every case; ecdsa-rdfc-2019 the ones that exercise its own code paths (``core``).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from microcred.keys import base58btc_decode
from microcred.model import example_microcredential

from .corpus import VERIFIED, Corpus, expect
from .corpus_di_kit import Profile, der, proof_of, signed, with_signature_bytes
from .corpus_json_ld import context_cases, restated_cases, shape_cases, term_cases
from .corpus_jws_2020 import jws_header_cases
from .corpus_kit import (
    REGISTRAR,
    SEC,
    Keys,
    add_di_proof,
    b64e,
    datetime_value,
    flip,
    sign,
)
from .corpus_status import status_cases


def _claims(c: Corpus, p: Profile, base: dict[str, Any]) -> None:
    fmt, bad = p.fmt, expect("proof", "failed", p.bad_signature)
    c.add(fmt, "control-valid", "control", "the untampered credential verifies", base, VERIFIED)
    edits: list[tuple[str, str, Any]] = [
        (
            "subject-name",
            "the learner's name is changed after signing",
            ("credentialSubject", "name", "Mallory"),
        ),
        (
            "issuer-swapped",
            "the issuer is replaced by the attacker's DID",
            ("", "issuer", p.mallory.controller),
        ),
        ("expiry-extended", "the expiry date is moved to 2099", ("", p.end, "2099-01-01T00:00:00Z")),
        (
            "claim-added",
            "a claim the issuer never made is added",
            ("", "description", "Awarded with distinction"),
        ),
        (
            "type-added",
            "a type the issuer never stated is added",
            ("", "type", ["VerifiableCredential", "VerifiablePresentation"]),
        ),
    ]
    for name, note, (where, member, value) in edits:
        doc = copy.deepcopy(base)
        (doc[where] if where else doc)[member] = value
        c.add(fmt, f"tampered-{name}", "tampered-claims", note, doc, bad)
    doc = copy.deepcopy(base)
    del doc["credentialSubject"]["description"]
    c.add(fmt, "tampered-claim-removed", "tampered-claims", "a signed claim is removed", doc, bad)


def _elm(c: Corpus, p: Profile) -> None:
    """The example micro-credential (ELM 3 / Europass shape) as issued, and with its grade raised."""
    elm = sign(example_microcredential(), p.key, p.fmt)
    assert isinstance(elm, dict)
    c.add(
        p.fmt,
        "control-elm-example",
        "control",
        "the example micro-credential (ELM 3) verifies",
        elm,
        VERIFIED,
    )
    if p.full:
        doc = copy.deepcopy(elm)
        grade = doc["credentialSubject"]["hasClaim"][0]["provenBy"][0]["grade"]["noteLiteral"]
        grade["en"] = "A (excellent)"
        c.add(
            p.fmt,
            "tampered-elm-grade",
            "tampered-claims",
            "the learner's grade in the ELM credential is raised",
            doc,
            expect("proof", "failed", p.bad_signature),
        )


def _proofs(c: Corpus, p: Profile, base: dict[str, Any]) -> None:
    fmt, bad = p.fmt, expect("proof", "failed", p.bad_signature)
    doc = copy.deepcopy(base)
    proof_of(doc)["created"] = "2026-01-09T09:00:00Z"
    c.add(
        fmt,
        "proof-created-changed",
        "tampered-proof",
        "the signed proof option 'created' is changed",
        doc,
        bad,
    )
    c.add(
        fmt,
        "signature-bit-flip",
        "tampered-proof",
        "one bit of the signature is flipped",
        with_signature_bytes(p, base, flip),
        bad,
    )
    c.add(
        fmt,
        "signature-truncated",
        "tampered-proof",
        "the signature loses its last byte",
        with_signature_bytes(p, base, lambda s: s[:-1]),
        expect("proof", "failed", "SIGNATURE_LENGTH_INVALID" if p.jws else "PROOF_VALUE_LENGTH_INVALID"),
    )
    doc = copy.deepcopy(base)
    del doc["proof"]
    c.add(
        fmt,
        "proof-removed",
        "tampered-proof",
        "the proof is stripped: an unsecured document",
        doc,
        expect("format", "failed", "UNSUPPORTED_FORMAT"),
    )
    doc = copy.deepcopy(base)
    del proof_of(doc)["verificationMethod"]
    c.add(
        fmt,
        "verification-method-removed",
        "tampered-proof",
        "the proof names no verification method",
        doc,
        expect("proof", "failed", "PROOF_MALFORMED"),
    )
    if not p.jws:
        doc = copy.deepcopy(base)
        proof_of(doc)["proofValue"] = "u" + b64e(base58btc_decode(proof_of(doc)["proofValue"][1:]))
        c.add(
            fmt,
            "proof-value-base64url",
            "tampered-proof",
            "the same signature re-encoded as base64url multibase (one signature, one encoding)",
            doc,
            expect("proof", "failed", "PROOF_VALUE_NOT_MULTIBASE"),
        )
        doc = copy.deepcopy(base)
        proof_of(doc)["proofValue"] = "z" + "1" * 4096
        c.add(
            fmt,
            "proof-value-huge",
            "oversized",
            "a 4 kB proofValue is refused before decoding",
            doc,
            expect("proof", "failed", "PROOF_VALUE_LENGTH_INVALID"),
        )
    else:
        doc = copy.deepcopy(base)
        header, _, signature = proof_of(doc)["jws"].split(".")
        proof_of(doc)["jws"] = f"{header}.{b64e(b'payload')}.{signature}"
        c.add(
            fmt,
            "jws-attached-payload",
            "jose-header",
            "the detached JWS carries a payload",
            doc,
            expect("proof", "failed", "JWS_NOT_DETACHED"),
        )
    doc = copy.deepcopy(base)
    doc["proof"] = [copy.deepcopy(proof_of(base)) for _ in range(17)]
    c.add(
        fmt,
        "seventeen-proofs",
        "oversized",
        "17 copies of the proof (the policy examines at most 16)",
        doc,
        expect("proof", "failed", "TOO_MANY_PROOFS"),
    )


def _keys(c: Corpus, p: Profile) -> None:
    fmt, unsigned = p.fmt, p.credential()
    c.add(
        fmt,
        "mallory-signs-with-own-key",
        "swapped-key",
        "the attacker signs the registrar's credential with her own (valid) key: the issuer does not control it",
        add_di_proof(unsigned, p.mallory, fmt),
        expect("issuer", "failed", "ISSUER_MISMATCH"),
    )
    forged = add_di_proof(unsigned, p.mallory, fmt, vm=p.key.kid)
    c.add(
        fmt,
        "mallory-signs-as-issuer-key",
        "swapped-key",
        "the attacker's signature under the issuer's verification method",
        forged,
        expect("proof", "failed", p.bad_signature),
    )
    embedded = copy.deepcopy(forged)
    proof_of(embedded)["verificationMethod"] = {
        "id": p.key.kid,
        "type": "Multikey",
        "controller": p.key.controller,
        "publicKeyMultibase": p.mallory.public_key_multibase,
    }
    c.add(
        fmt,
        "embedded-verification-method",
        "swapped-key",
        "the proof embeds the attacker's public key under the issuer's key id",
        embedded,
        expect("proof", "failed", "PROOF_MALFORMED"),
    )
    other = add_di_proof(unsigned, p.key, fmt, vm=p.other_type.kid)
    c.add(
        fmt,
        "verification-method-other-key-type",
        "swapped-key",
        f"the proof's verificationMethod is the issuer's {p.other_type.key_type} key",
        other,
        expect("proof", "failed", "ALG_KEY_MISMATCH" if p.jws else "KEY_TYPE_MISMATCH"),
    )
    c.add(
        fmt,
        "verification-method-unresolvable",
        "swapped-key",
        "the verificationMethod is a did:web the offline verifier cannot resolve (could not check)",
        add_di_proof(unsigned, p.key, fmt, vm="did:web:registrar.example.edu#key-1"),
        expect("proof", "error", "VERIFICATION_METHOD_UNRESOLVED"),
    )


def _purposes(c: Corpus, p: Profile) -> None:
    fmt = p.fmt
    c.add(
        fmt,
        "purpose-authentication",
        "wrong-purpose",
        "signed for authentication, presented as an assertion",
        signed(p, proof_purpose="authentication"),
        expect("proof", "failed", "PROOF_PURPOSE_MISMATCH"),
    )
    vm = f"{REGISTRAR}#key-1"
    key = p.key.with_kid(vm, controller=REGISTRAR)
    token = sign(p.credential(issuer=REGISTRAR), key, fmt)

    def static(*relationships: str) -> dict[str, Any]:
        entry = {
            "type": "Multikey",
            "controller": REGISTRAR,
            "publicKeyMultibase": p.key.public_key_multibase,
            "relationships": list(relationships),
        }
        return {"resolver": {"static": {vm: entry}}}

    c.add(
        fmt,
        "control-static-key",
        "control",
        "a registrar key from a static key file, listed for assertionMethod",
        token,
        VERIFIED,
        options=static("assertionMethod"),
    )
    c.add(
        fmt,
        "key-not-authorized-for-assertion",
        "wrong-purpose",
        "the registrar lists the key for authentication only",
        token,
        expect("proof", "failed", "PROOF_PURPOSE_NOT_AUTHORIZED"),
        options=static("authentication"),
    )


def _options(c: Corpus, p: Profile) -> None:
    fmt = p.fmt
    c.add(
        fmt,
        "domain-mismatch",
        "proof-options",
        "a proof bound to another verifier's domain",
        signed(p, domain="wallet.example"),
        expect("proof", "failed", "PROOF_DOMAIN_MISMATCH"),
        options={"policy": {"domain": "verifier.example"}},
    )
    c.add(
        fmt,
        "challenge-replayed",
        "proof-options",
        "a proof made for an earlier challenge is replayed",
        signed(p, challenge="n-0S6_WzA2Mj"),
        expect("proof", "failed", "PROOF_CHALLENGE_MISMATCH"),
        options={"policy": {"challenge": "n-1Xk2_ZbQ9p"}},
    )
    c.add(
        fmt,
        "proof-created-in-future",
        "proof-options",
        "the proof claims to be made in 2027",
        signed(p, created=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)),
        expect("proof", "failed", "PROOF_CREATED_IN_FUTURE"),
    )
    expired = signed(p, expires=dt.datetime(2026, 1, 12, tzinfo=dt.UTC))
    c.add(
        fmt,
        "proof-expired",
        "proof-options",
        "the proof expired on 2026-01-12",
        expired,
        expect("proof", "failed", "PROOF_EXPIRED"),
    )
    hidden = copy.deepcopy(expired)
    proof = proof_of(hidden)
    proof[SEC + "expiration"] = datetime_value(proof.pop("expires"))
    c.add(
        fmt,
        "proof-expires-as-full-iri",
        "full-iri",
        "the expired proof's 'expires' re-expressed as its full IRI: same RDF, so the signature still verifies",
        hidden,
        expect("proof", "failed", "PROOF_MALFORMED"),
    )


def _validity(c: Corpus, p: Profile) -> None:
    fmt = p.fmt
    c.add(
        fmt,
        "not-yet-valid",
        "validity",
        "the credential becomes valid on 2026-06-01",
        signed(p, p.credential(**{p.start: "2026-06-01T00:00:00Z"})),
        expect("validity", "failed", "NOT_YET_VALID"),
    )
    c.add(
        fmt,
        "invalid-date",
        "validity",
        f"a signed {p.end} that is not a date (30 February)",
        signed(p, p.credential(**{p.end: "2031-02-30T00:00:00Z"})),
        expect("validity", "failed", "VALIDITY_DATE_INVALID"),
    )


def data_integrity_cases(c: Corpus, keys: Keys) -> None:
    profiles = [
        Profile("eddsa-rdfc-2022", keys.ed25519, keys.mallory, keys.p256, "v2", core=False),
        Profile("ecdsa-rdfc-2019", keys.p256, keys.mallory_p256, keys.ed25519, "v2", core=True),
        Profile("jws-2020", keys.ed25519, keys.mallory, keys.p256, "v1", core=False),
    ]
    for p in profiles:
        base = signed(p)
        _claims(c, p, base)
        _elm(c, p)
        _proofs(c, p, base)
        _keys(c, p)
        _purposes(c, p)
        restated_cases(c, p)
        context_cases(c, p, base)
        term_cases(c, p, base)
        shape_cases(c, p, base)
        if p.full:
            _options(c, p)
            _validity(c, p)
        status_cases(c, p.fmt, p.key, p.mallory, p.credential(), full=p.fmt == "eddsa-rdfc-2022")
    ecdsa = profiles[1]
    p384 = Profile("ecdsa-rdfc-2019", keys.p384, keys.mallory_p256, keys.ed25519, "v2", core=True)
    c.add(
        "ecdsa-rdfc-2019",
        "control-valid-p384",
        "control",
        "a P-384 (SHA-384) proof verifies",
        signed(p384),
        VERIFIED,
    )
    short = with_signature_bytes(p384, signed(p384), lambda s: s[:64])
    c.add(
        "ecdsa-rdfc-2019",
        "p384-signature-cut-to-p256-length",
        "tampered-proof",
        "a P-384 signature cut to 64 bytes (the P-256 length)",
        short,
        expect("proof", "failed", "PROOF_VALUE_LENGTH_INVALID"),
    )
    doc = with_signature_bytes(ecdsa, signed(ecdsa), der)
    c.add(
        "ecdsa-rdfc-2019",
        "signature-der-encoded",
        "tampered-proof",
        "the ECDSA signature in DER instead of r||s (P1363)",
        doc,
        expect("proof", "failed", "PROOF_VALUE_LENGTH_INVALID"),
    )
    jws = profiles[2]
    jws_header_cases(c, jws, keys)
