"""Issue 11 item 2: JSON numbers beyond every range, anywhere in the JSON a verifier reads.

An integer of more than 4300 digits passes Python's int-to-str limit, ``1e400`` overflows a double: the strict
parser refuses both (``JSON_NUMBER_OUT_OF_RANGE``) wherever they are -- in a credential, in an embedded proof, in
an inline context, in a JWS protected header, in a JWT payload (including the NumericDate claims) -- instead of
raising ``ValueError`` or turning them into ``inf``. The positive controls carry large numbers that are in range.
"""

from __future__ import annotations

import copy
from typing import Any

from .corpus import VERIFIED, Corpus, expect
from .corpus_hardening_kit import (
    HUGE_INT,
    HUGE_NEGATIVE_INT,
    NEGATIVE_OVERFLOWING_FLOAT,
    OVERFLOWING_FLOAT,
    JoseFormat,
    hand_di_proof,
    json_with_numbers,
    raw_number,
)
from .corpus_kit import Keys, jbytes, seal_issuer, v1_credential, v2_credential

KIND = "number-range"
NUMBERS = (
    ("huge-int", HUGE_INT),
    ("huge-negative-int", HUGE_NEGATIVE_INT),
    ("float-1e400", OVERFLOWING_FLOAT),
    ("float-negative-overflow", NEGATIVE_OVERFLOWING_FLOAT),
)
#: In range: more than 64 bits, and a double near its largest value.
BIG_BUT_FINE = (12345678901234567890123, 1.5e300)
PARSE = expect("format", "failed", "JSON_NUMBER_OUT_OF_RANGE")
PROOF = expect("proof", "failed", "JSON_NUMBER_OUT_OF_RANGE")


def _embedded(c: Corpus, fmt: str, key: Any, model: str) -> None:
    make = v1_credential if model == "v1" else v2_credential
    base = hand_di_proof(make(key.controller), key, fmt)
    places: dict[str, Any] = {
        "subject": lambda d, n: d["credentialSubject"].update(description=n),
        "proof": lambda d, n: d["proof"].update(nonce=n),
        "nested-array": lambda d, n: d["credentialSubject"].update(description=[[["deep", [n]]]]),
    }
    for where, put in places.items():
        for label, text in NUMBERS:
            doc = copy.deepcopy(base)
            put(doc, raw_number(text))
            note = f"a number {text[:12]}{'...' if len(text) > 12 else ''} ({len(text)} characters) in the {where}"
            c.add(fmt, f"number-{where}-{label}", KIND, note, json_with_numbers(doc), PARSE)
    doc = copy.deepcopy(base)
    doc["@context"] = [*doc["@context"], {"@version": raw_number(OVERFLOWING_FLOAT)}]
    c.add(
        fmt,
        "number-context-version-1e400",
        KIND,
        "an inline context whose @version is 1e400",
        json_with_numbers(doc),
        PARSE,
    )
    fine = make(key.controller)
    fine["credentialSubject"]["description"] = list(BIG_BUT_FINE)
    c.add(
        fmt,
        "control-big-numbers",
        "control",
        f"signed claims {BIG_BUT_FINE[0]} and {BIG_BUT_FINE[1]}: large but in range, so they verify",
        hand_di_proof(fine, key, fmt),
        VERIFIED,
    )


def _jose(c: Corpus, f: JoseFormat, options: dict[str, Any]) -> None:
    def add(name: str, note: str, content: Any, expected: dict[str, Any]) -> None:
        kind = "control" if name.startswith("control-") else KIND
        c.add(f.fmt, name, kind, note, content, expected, options=options)

    for label, text in NUMBERS[::2]:
        header = json_with_numbers({**f.header, "x-number": raw_number(text)}, indent=None).encode()
        # a compact token's header is read to detect the format; a JAdES header when its signature is checked
        add(
            f"number-header-{label}",
            f"the signed protected header carries the number {text[:12]}",
            f.secure(header),
            PROOF if f.jades else PARSE,
        )
    targets = [("claim", None)] if f.jades else [("claim", None), ("iat", "iat"), ("exp", "exp")]
    for where, claim in targets:
        for label, text in NUMBERS:
            payload = copy.deepcopy(f.claims)
            if claim is None:
                payload.get("vc", payload)["credentialSubject"]["description"] = raw_number(text)
            else:
                payload[claim] = raw_number(text)
            body = json_with_numbers(payload, indent=None).encode()
            note = f"the signed payload's {where} is the number {text[:12]} ({len(text)} characters)"
            add(f"number-payload-{where}-{label}", note, f.secure(payload=body), PROOF)
    payload = copy.deepcopy(f.claims)
    payload.get("vc", payload)["credentialSubject"]["description"] = list(BIG_BUT_FINE)
    add(
        "control-big-numbers",
        f"signed claims {BIG_BUT_FINE[0]} and {BIG_BUT_FINE[1]}: large but in range, so they verify",
        f.secure(payload=jbytes(payload)),
        VERIFIED,
    )


def number_cases(c: Corpus, keys: Keys) -> None:
    """Out-of-range numbers in the six formats."""
    _embedded(c, "eddsa-rdfc-2022", keys.ed25519, "v2")
    _embedded(c, "ecdsa-rdfc-2019", keys.p256, "v2")
    _embedded(c, "jws-2020", keys.ed25519, "v1")
    _jose(c, JoseFormat("vc+jwt", keys.p256, v2_credential(keys.p256.controller)), {})
    _jose(c, JoseFormat("vc-jwt", keys.ed25519, v1_credential(keys.ed25519.controller)), {})
    anchor = {"trust_anchors": ["seal-rsa-ca.pem"]}
    _jose(c, JoseFormat("jades", keys.seal_rsa, v1_credential(seal_issuer())), anchor)
