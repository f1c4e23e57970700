"""Issue 11 item 2: date-times at the calendar's edges in every date field of every format.

``0001-01-01T00:00:00+01:00`` and ``9999-12-31T23:59:59-01:00`` are valid XML Schema date-times whose UTC instant
lies outside years 1-9999; a verifier must report them (``VALIDITY_DATE_INVALID``, ``PROOF_DATE_INVALID``,
``CLAIM_INVALID``, ``SIGT_INVALID``), never crash on them. Each case is signed over the hostile value, so the rule
is the only thing that can refuse it; each field also gets a positive control at the calendar's inner edge.
"""

from __future__ import annotations

import copy
from typing import Any

from .corpus import VERIFIED, Corpus, expect
from .corpus_hardening_kit import (
    AFTER_YEAR_9999,
    BEFORE_YEAR_1,
    FIRST_INSTANT,
    LAST_INSTANT,
    NUMERIC_AFTER_9999,
    NUMERIC_BEFORE_YEAR_1,
    hand_di_proof,
)
from .corpus_kit import (
    Keys,
    compact,
    jades_header,
    jades_seal,
    json_text,
    seal_issuer,
    sign,
    token_parts,
    v1_credential,
    v2_credential,
)

KIND = "calendar-edge"
EDGES = (("before-year-1", BEFORE_YEAR_1), ("after-year-9999", AFTER_YEAR_9999))
VALIDITY = expect("validity", "failed", "VALIDITY_DATE_INVALID")
PROOF_DATE = expect("proof", "failed", "PROOF_DATE_INVALID")
CLAIM = expect("proof", "failed", "CLAIM_INVALID")


def _embedded(c: Corpus, fmt: str, key: Any, model: str) -> None:
    make = v1_credential if model == "v1" else v2_credential
    start, end = ("issuanceDate", "expirationDate") if model == "v1" else ("validFrom", "validUntil")
    for field in (start, end):
        for label, value in EDGES:
            doc = hand_di_proof(make(key.controller, **{field: value}), key, fmt)
            c.add(fmt, f"date-{field}-{label}", KIND, f"a signed {field} {value}", doc, VALIDITY)
    for field in ("created", "expires"):
        for label, value in EDGES:
            members: dict[str, Any] = {field: value}
            doc = hand_di_proof(make(key.controller), key, fmt, **members)
            c.add(
                fmt,
                f"date-proof-{field}-{label}",
                KIND,
                f"the proof's signed {field} {value}",
                doc,
                PROOF_DATE,
            )
    edges = make(key.controller, **{start: FIRST_INSTANT, end: LAST_INSTANT})
    c.add(
        fmt,
        "control-calendar-edge-validity",
        "control",
        f"{start} {FIRST_INSTANT} and {end} {LAST_INSTANT}: the calendar's own edges verify",
        hand_di_proof(edges, key, fmt),
        VERIFIED,
    )
    c.add(
        fmt,
        "control-calendar-edge-proof",
        "control",
        f"a proof created {FIRST_INSTANT} that expires {LAST_INSTANT} verifies",
        hand_di_proof(make(key.controller), key, fmt, created=FIRST_INSTANT, expires=LAST_INSTANT),
        VERIFIED,
    )


def _jwt(c: Corpus, fmt: str, key: Any, credential: dict[str, Any]) -> None:
    token = sign(credential, key, fmt)
    assert isinstance(token, str)
    header, claims, _ = token_parts(token)
    v1 = fmt == "vc-jwt"
    start, end = ("issuanceDate", "expirationDate") if v1 else ("validFrom", "validUntil")
    # vc-jwt restates issuanceDate/expirationDate as nbf/exp (VC DM 1.1 §6.3.1); they are left out with the date
    restated = {"issuanceDate": "nbf", "expirationDate": "exp"}

    def token_with(payload: dict[str, Any]) -> str:
        return compact(header, payload, key)

    for field in (start, end):
        for label, value in EDGES:
            payload = copy.deepcopy(claims)
            if v1:
                payload["vc"][field] = value
                payload.pop(restated[field], None)
            else:
                payload[field] = value
            c.add(
                fmt, f"date-{field}-{label}", KIND, f"a signed {field} {value}", token_with(payload), VALIDITY
            )
    numeric = (("after-year-9999", NUMERIC_AFTER_9999), ("before-year-1", NUMERIC_BEFORE_YEAR_1))
    for claim in ("iat", "nbf", "exp"):
        for label, number in numeric:
            payload = {**claims, claim: number}
            note = f"the signed JWT claim {claim} is {number} (a NumericDate outside years 1-9999)"
            c.add(fmt, f"date-{claim}-{label}", KIND, note, token_with(payload), CLAIM)
        payload = {**claims, claim: BEFORE_YEAR_1}
        note = f"the signed JWT claim {claim} is the date-time string {BEFORE_YEAR_1}"
        c.add(fmt, f"date-{claim}-string-before-year-1", KIND, note, token_with(payload), CLAIM)
    payload = copy.deepcopy(claims)
    if v1:
        payload["vc"][start] = FIRST_INSTANT
        payload.pop("nbf", None)
    else:
        payload[start] = FIRST_INSTANT
    payload["exp"] = NUMERIC_AFTER_9999 - 1
    c.add(
        fmt,
        "control-calendar-edge-claims",
        "control",
        f"{start} {FIRST_INSTANT} and exp {NUMERIC_AFTER_9999 - 1} (the last second of 9999) verify",
        token_with(payload),
        VERIFIED,
    )


def _jades(c: Corpus, keys: Keys) -> None:
    key, fmt, anchor = keys.seal_rsa, "jades", {"trust_anchors": ["seal-rsa-ca.pem"]}
    header = jades_header(key)
    for field in ("issuanceDate", "expirationDate"):
        for label, value in EDGES:
            doc = v1_credential(seal_issuer(), **{field: value})
            c.add(
                fmt,
                f"date-{field}-{label}",
                KIND,
                f"a sealed {field} {value}",
                jades_seal(json_text(doc), header, key, "RS256"),
                VALIDITY,
                options=anchor,
            )
    for label, value in EDGES:
        c.add(
            fmt,
            f"date-sigt-{label}",
            KIND,
            f"the signed sigT {value}",
            jades_seal(json_text(v1_credential(seal_issuer())), {**header, "sigT": value}, key, "RS256"),
            expect("proof", "failed", "SIGT_INVALID"),
            options=anchor,
        )
    doc = v1_credential(seal_issuer(), issuanceDate=FIRST_INSTANT, expirationDate=LAST_INSTANT)
    c.add(
        fmt,
        "control-calendar-edge-validity",
        "control",
        f"issuanceDate {FIRST_INSTANT} and expirationDate {LAST_INSTANT} verify",
        jades_seal(json_text(doc), header, key, "RS256"),
        VERIFIED,
        options=anchor,
    )


def date_cases(c: Corpus, keys: Keys) -> None:
    """Calendar-edge date-times in every date field of the six formats."""
    _embedded(c, "eddsa-rdfc-2022", keys.ed25519, "v2")
    _embedded(c, "ecdsa-rdfc-2019", keys.p256, "v2")
    _embedded(c, "jws-2020", keys.ed25519, "v1")
    _jwt(c, "vc+jwt", keys.p256, v2_credential(keys.p256.controller))
    _jwt(c, "vc-jwt", keys.ed25519, v1_credential(keys.ed25519.controller))
    _jades(c, keys)
