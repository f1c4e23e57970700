"""Issue 11 item 5: a context entry that wraps its term definitions in ``@context`` (the shape jsonld.js and PyLD
accept and the W3C Data Integrity test suites sign) verifies; the shapes that stay ambiguous are refused.

See docs/jsonld-conformance.md ("Leniency: a context entry that wraps its definitions in ``@context``"): only an
entry of a context array whose one member is ``@context`` holding an object is unwrapped; a wrapper with other
members, a wrapped string, a wrapper inside a wrapper stay ``keyword redefinition`` errors, and safe mode and
protected terms apply to wrapped definitions as to any others.
"""

from __future__ import annotations

import copy
from typing import Any

from .corpus import VERIFIED, Corpus, expect
from .corpus_hardening_kit import JoseFormat, hand_di_proof
from .corpus_kit import Keys, seal_issuer, v1_credential, v2_credential

KIND = "wrapped-context"
KNOWS_ABOUT = {"knowsAbout": "https://schema.org/knowsAbout"}


def _wrapped(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with a wrapped inline context defining one more term, and a claim under that term."""
    out = copy.deepcopy(doc)
    out["@context"] = [*out["@context"], {"@context": dict(KNOWS_ABOUT)}]
    out["credentialSubject"]["knowsAbout"] = "Data literacy"
    return out


#: name -> (note, the hostile context entry)
REFUSED: dict[str, tuple[str, Any]] = {
    "with-other-member": (
        "a wrapper with another member next to @context (jsonld.js would silently ignore it)",
        {"@context": dict(KNOWS_ABOUT), "name": "https://evil.example/vocab#name"},
    ),
    "inside-a-wrapper": ("a wrapper inside a wrapper", {"@context": {"@context": dict(KNOWS_ABOUT)}}),
    "wrapping-a-string": (
        "a wrapper holding a context URL",
        {"@context": "https://www.w3.org/ns/credentials/v2"},
    ),
    "wrapping-an-array": ("a wrapper holding an array of contexts", {"@context": [dict(KNOWS_ABOUT)]}),
}


def _embedded(c: Corpus, fmt: str, key: Any, model: str) -> None:
    make = v1_credential if model == "v1" else v2_credential
    c.add(
        fmt,
        "control-wrapped-context",
        "control",
        "signed with a context entry that wraps its definitions in @context (as jsonld.js and PyLD read it)",
        hand_di_proof(_wrapped(make(key.controller)), key, fmt),
        VERIFIED,
    )
    base = hand_di_proof(make(key.controller), key, fmt)
    for name, (note, entry) in REFUSED.items():
        doc = copy.deepcopy(base)
        doc["@context"] = [*doc["@context"], entry]
        doc["credentialSubject"]["knowsAbout"] = "Data literacy"
        c.add(
            fmt,
            f"wrapped-context-{name}",
            KIND,
            f"appended: {note}",
            doc,
            expect("proof", "failed", "PROOF_TRANSFORMATION_ERROR"),
        )
    doc = copy.deepcopy(base)
    doc["@context"] = [*doc["@context"], {"@context": {"name": "https://evil.example/vocab#name"}}]
    bad = "SIGNATURE_INVALID" if fmt == "jws-2020" else "PROOF_SIGNATURE_INVALID"
    c.add(
        fmt,
        "wrapped-context-redefines-name",
        KIND,
        "an appended wrapped context redefines 'name': protected terms and the signature apply to wrapped ones too",
        doc,
        expect("proof", "failed", bad if model == "v1" else "PROOF_TRANSFORMATION_ERROR"),
    )


def _enveloped(c: Corpus, f: JoseFormat, options: dict[str, Any]) -> None:
    credential = f.credential_of()
    c.add(
        f.fmt,
        "control-wrapped-context",
        "control",
        "signed with a context entry that wraps its definitions in @context",
        f.secure_credential(_wrapped(credential)),
        VERIFIED,
        options=options,
    )
    for name, (note, entry) in REFUSED.items():
        doc = copy.deepcopy(credential)
        doc["@context"] = [*doc["@context"], entry]
        doc["credentialSubject"]["knowsAbout"] = "Data literacy"
        c.add(
            f.fmt,
            f"wrapped-context-{name}",
            KIND,
            f"signed: {note}",
            f.secure_credential(doc),
            expect("schema", "failed", "JSONLD_INVALID"),
            options=options,
        )


def wrapped_context_cases(c: Corpus, keys: Keys) -> None:
    """Wrapped contexts in the six formats."""
    _embedded(c, "eddsa-rdfc-2022", keys.ed25519, "v2")
    _embedded(c, "ecdsa-rdfc-2019", keys.p256, "v2")
    _embedded(c, "jws-2020", keys.ed25519, "v1")
    _enveloped(c, JoseFormat("vc+jwt", keys.p256, v2_credential(keys.p256.controller)), {})
    _enveloped(c, JoseFormat("vc-jwt", keys.ed25519, v1_credential(keys.ed25519.controller)), {})
    anchor = {"trust_anchors": ["seal-rsa-ca.pem"]}
    _enveloped(c, JoseFormat("jades", keys.seal_rsa, v1_credential(seal_issuer())), anchor)
