"""Issue 11 item 2 for status lists: a fetched status list credential is input like any other.

The lists here are served as the bytes a fetcher returns (the runner's ``status_fetch``), signed by the issuer
over the hostile value where the value can be signed: a calendar-edge ``validUntil``, an integer past the
int-to-str limit, ``1e400`` (a byte-order mark before the JSON, which RFC 8259 §8.1 lets a parser ignore, is a
control). Each must end as a ``status`` check (the status cannot be known:
``error``), never as an exception.
"""

from __future__ import annotations

import copy
from typing import Any

from .corpus import VERIFIED, Corpus, expect
from .corpus_hardening_kit import (
    AFTER_YEAR_9999,
    HUGE_INT,
    OVERFLOWING_FLOAT,
    JoseFormat,
    hand_di_proof,
    json_with_numbers,
    raw_number,
)
from .corpus_kit import LIST_URL, Keys, status_list, v2_credential, with_status

KIND = "number-range"


def _embedded(c: Corpus, fmt: str, key: Any) -> None:
    credential = hand_di_proof(with_status(v2_credential(key.controller)), key, fmt)
    clear = status_list(key.controller)
    signed_list = hand_di_proof(clear, key, fmt)

    def add(name: str, kind: str, note: str, document: Any, expected: dict[str, Any]) -> None:
        path = c.status_list(fmt, f"fetched-{name}", document)
        c.add(fmt, name, kind, note, credential, expected, options={"status_fetch": {LIST_URL: path}})

    add(
        "control-status-fetched-bytes",
        "control",
        "the issuer's status list served as fetched bytes: not revoked",
        signed_list,
        VERIFIED,
    )
    unknown = expect("status", "error", "STATUS_LIST_NOT_VERIFIED")
    add(
        "status-list-valid-until-after-year-9999",
        "calendar-edge",
        f"the fetched status list's signed validUntil is {AFTER_YEAR_9999}",
        hand_di_proof({**clear, "validUntil": AFTER_YEAR_9999}, key, fmt),
        expect("status", "error", "STATUS_LIST_INVALID"),
    )
    for label, text in (("huge-int", HUGE_INT), ("float-1e400", OVERFLOWING_FLOAT)):
        document = copy.deepcopy(signed_list)
        document["credentialSubject"]["x-number"] = raw_number(text)
        add(
            f"status-list-number-{label}",
            KIND,
            f"the fetched status list carries the number {text[:12]} ({len(text)} characters)",
            json_with_numbers(document),
            unknown,
        )
    add(
        "control-status-list-byte-order-mark",
        "control",
        "the fetched (embedded-proof) status list starts with a byte-order mark, which RFC 8259 §8.1 lets a parser "
        "ignore: its signature covers the RDF, so it verifies",
        "\ufeff" + json_with_numbers(signed_list),
        VERIFIED,
    )


def _jwt(c: Corpus, keys: Keys) -> None:
    fmt, key = "vc+jwt", keys.p256
    credential = JoseFormat(fmt, key, with_status(v2_credential(key.controller))).secure()
    lists = JoseFormat(fmt, key, status_list(key.controller))

    def add(name: str, kind: str, note: str, token: str, expected: dict[str, Any]) -> None:
        path = c.status_list(fmt, f"fetched-{name}", token)
        c.add(fmt, name, kind, note, credential, expected, options={"status_fetch": {LIST_URL: path}})

    add(
        "control-status-fetched-bytes",
        "control",
        "the issuer's status list token, fetched",
        lists.secure(),
        VERIFIED,
    )
    unknown = expect("status", "error", "STATUS_LIST_NOT_VERIFIED")
    edge = lists.credential_of()
    edge["validUntil"] = AFTER_YEAR_9999
    add(
        "status-list-valid-until-after-year-9999",
        "calendar-edge",
        f"the fetched status list token's signed validUntil is {AFTER_YEAR_9999}",
        lists.secure_credential(edge),
        expect("status", "error", "STATUS_LIST_INVALID"),
    )
    payload = json_with_numbers({**lists.claims, "x-number": raw_number(HUGE_INT)}, indent=None).encode()
    add(
        "status-list-number-huge-int",
        KIND,
        "the fetched status list token's signed payload carries a 5,000-digit integer",
        lists.secure(payload=payload),
        unknown,
    )


def status_cases(c: Corpus, keys: Keys) -> None:
    """Fetched status lists with hostile values."""
    _embedded(c, "eddsa-rdfc-2022", keys.ed25519)
    _embedded(c, "ecdsa-rdfc-2019", keys.p256)
    _jwt(c, keys)
