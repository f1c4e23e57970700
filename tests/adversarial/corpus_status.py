"""Status list cases (Bitstring Status List v1.0): revoked and suspended credentials, unreachable and forged lists.

Every credential here carries one ``credentialStatus`` entry (index :data:`STATUS_INDEX` of :data:`LIST_URL`); the
list credential is signed in the same format as the credential (the REC asks for the same securing mechanism).
"""

from __future__ import annotations

import copy
import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from microcred.keys import Key
from microcred.status.entry import build_entry

from .corpus import VERIFIED, Corpus, expect
from .corpus_kit import (
    CRED,
    LIST_URL,
    STATUS_INDEX,
    add_di_proof,
    b64e,
    datetime_value,
    sign,
    status_list,
    with_status,
)

Signer = Callable[[dict[str, Any]], dict[str, Any] | str]


@dataclass
class StatusProfile:
    fmt: str
    #: The credential's issuer (a DID or URL, or an issuer object for JAdES).
    issuer: Any
    model: str
    #: Signs a document as the issuer; signs a document with the attacker's key under her own identifier.
    sign: Signer
    sign_other: Signer
    other_issuer: Any
    #: Signs a list that names the *issuer* with the attacker's key (None: not possible in this format).
    forge: Signer | None = None
    #: What a list signed by someone else gives (issuer mismatch, or not verified when trust fails first).
    other_issuer_code: tuple[str, str] = ("failed", "STATUS_LIST_ISSUER_MISMATCH")
    options: dict[str, Any] = field(default_factory=dict)


def embedded_profile(fmt: str, key: Key, mallory: Key) -> StatusProfile:
    model = "v1" if fmt == "jws-2020" else "v2"

    def own(doc: dict[str, Any]) -> dict[str, Any] | str:
        return sign(doc, key, fmt)

    def other(doc: dict[str, Any]) -> dict[str, Any] | str:
        return sign(doc, mallory, fmt)

    def forge(doc: dict[str, Any]) -> dict[str, Any] | str:
        return add_di_proof(doc, mallory, fmt)

    return StatusProfile(fmt, key.controller, model, own, other, mallory.controller, forge)


def _zip_bomb() -> str:
    """An encodedList that expands to 17 MiB of zeros (the verifier caps expansion at 16 MiB)."""
    compressor = zlib.compressobj(level=9, wbits=16 + zlib.MAX_WBITS)
    data = compressor.compress(bytes(17 * 1024 * 1024)) + compressor.flush()
    return "u" + b64e(data)


def status_cases(
    c: Corpus,
    fmt: str,
    key: Key,
    mallory: Key,
    unsigned: dict[str, Any],
    *,
    full: bool,
    profile: StatusProfile | None = None,
) -> None:
    p = profile or embedded_profile(fmt, key, mallory)
    credential = p.sign(with_status(unsigned))

    def listed(name: str, document: dict[str, Any] | str) -> dict[str, Any]:
        return {**p.options, "status_lists": [c.status_list(fmt, name, document)]}

    clear = p.sign(status_list(p.issuer, data_model=p.model))
    revoked = p.sign(status_list(p.issuer, data_model=p.model, revoked=(STATUS_INDEX,)))
    c.add(
        fmt,
        "control-status-active",
        "control",
        "the status list says the credential is not revoked",
        credential,
        VERIFIED,
        options=listed("active", clear),
    )
    c.add(
        fmt,
        "revoked",
        "revoked",
        "the issuer's signed status list has the credential's bit set",
        credential,
        expect("status", "failed", "STATUS_REVOKED"),
        options=listed("revoked", revoked),
    )
    c.add(
        fmt,
        "status-list-unavailable",
        "status-list",
        "no status list given and fetching is off: the status cannot be known (fail closed)",
        credential,
        expect("status", "error", "STATUS_LIST_UNAVAILABLE"),
        options=dict(p.options),
    )
    other = p.sign_other(status_list(p.other_issuer, data_model=p.model))
    status, code = p.other_issuer_code
    c.add(
        fmt,
        "status-list-other-issuer",
        "status-list",
        "a valid status list, but signed by someone else under their own name",
        credential,
        expect("status", status, code),
        options=listed("other-issuer", other),
    )
    tampered = _tampered(revoked, clear)
    c.add(
        fmt,
        "status-list-tampered",
        "status-list",
        "the revoked list's encodedList replaced by an all-clear one after signing",
        credential,
        expect("status", "error", "STATUS_LIST_NOT_VERIFIED"),
        options=listed("tampered", tampered),
    )
    if isinstance(credential, dict) and "proof" in credential:
        hidden = copy.deepcopy(credential)
        hidden[CRED + "credentialStatus"] = hidden.pop("credentialStatus")
        c.add(
            fmt,
            "status-as-full-iri",
            "full-iri",
            "the revoked credential's credentialStatus re-expressed as its full IRI: same RDF, status unchecked",
            hidden,
            expect("schema", "failed", "DATA_MODEL_INVALID"),
            options=listed("revoked", revoked),
        )
    if not full:
        return
    _more(c, p, unsigned, credential, clear, listed)


def _tampered(signed: dict[str, Any] | str, clear: dict[str, Any] | str) -> dict[str, Any] | str:
    """``signed`` with the encodedList of ``clear`` (same format), keeping its signature."""
    if isinstance(signed, str):
        from .corpus_kit import token_parts, with_payload

        _, revoked_claims, _ = token_parts(signed)
        _, clear_claims, _ = token_parts(clear)  # type: ignore[arg-type]
        return with_payload(signed, _swap_list(revoked_claims, clear_claims))
    if "payload" in signed:
        import json

        assert isinstance(clear, dict)
        payload = json.dumps(
            _swap_list(json.loads(signed["payload"]), json.loads(clear["payload"])),
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return {**signed, "payload": payload}
    assert isinstance(clear, dict)
    return _swap_list(signed, clear)


def _swap_list(target: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(target)
    where, origin = out.get("vc", out), source.get("vc", source)
    where["credentialSubject"]["encodedList"] = origin["credentialSubject"]["encodedList"]
    return out


def _more(
    c: Corpus,
    p: StatusProfile,
    unsigned: dict[str, Any],
    credential: dict[str, Any] | str,
    clear: dict[str, Any] | str,
    listed: Callable[[str, dict[str, Any] | str], dict[str, Any]],
) -> None:
    fmt = p.fmt
    suspended_entry = build_entry(LIST_URL, STATUS_INDEX, "suspension")
    suspended = p.sign(with_status(unsigned, suspended_entry))
    suspension_list = p.sign(
        status_list(p.issuer, purpose="suspension", data_model=p.model, revoked=(STATUS_INDEX,))
    )
    c.add(
        fmt,
        "suspended",
        "revoked",
        "the credential's bit is set in the issuer's suspension list",
        suspended,
        expect("status", "failed", "STATUS_SUSPENDED"),
        options=listed("suspended", suspension_list),
    )
    if p.forge is not None:
        forged = p.forge(status_list(p.issuer, data_model=p.model))
        c.add(
            fmt,
            "status-list-forged",
            "status-list",
            "an all-clear list naming the issuer, signed with the attacker's key",
            credential,
            expect("status", "error", "STATUS_LIST_NOT_VERIFIED"),
            options=listed("forged", forged),
        )
    short = p.sign(status_list(p.issuer, data_model=p.model, entries=8192))
    c.add(
        fmt,
        "status-list-too-short",
        "status-list",
        "a list of 8,192 entries (the minimum is 131,072)",
        credential,
        expect("status", "error", "STATUS_LIST_TOO_SHORT"),
        options=listed("too-short", short),
    )
    far = p.sign(with_status(unsigned, build_entry(LIST_URL, 200000, "revocation")))
    c.add(
        fmt,
        "status-index-out-of-range",
        "status-list",
        "statusListIndex 200,000 in a list of 131,072",
        far,
        expect("status", "error", "STATUS_INDEX_OUT_OF_RANGE"),
        options=listed("active", clear),
    )
    wrong_purpose = p.sign(status_list(p.issuer, purpose="suspension", data_model=p.model))
    c.add(
        fmt,
        "status-purpose-mismatch",
        "status-list",
        "a revocation entry checked against a suspension list",
        credential,
        expect("status", "error", "STATUS_PURPOSE_MISMATCH"),
        options=listed("suspension-clear", wrong_purpose),
    )
    expired = p.sign(
        status_list(p.issuer, data_model=p.model, valid_until=dt.datetime(2026, 1, 12, tzinfo=dt.UTC))
    )
    c.add(
        fmt,
        "status-list-expired",
        "status-list",
        "the status list credential expired on 2026-01-12",
        credential,
        expect("status", "error", "STATUS_LIST_EXPIRED"),
        options=listed("expired", expired),
    )
    if isinstance(expired, dict) and "proof" in expired:
        hidden = copy.deepcopy(expired)
        end = "validUntil" if "validUntil" in hidden else "expirationDate"
        hidden[CRED + end] = datetime_value(hidden.pop(end))
        c.add(
            fmt,
            "status-list-expiry-as-full-iri",
            "status-list",
            "the expired status list's end date re-expressed as its full IRI: same RDF, hidden from a JSON reader",
            credential,
            expect("status", "error", "STATUS_LIST_NOT_VERIFIED"),
            options=listed("expired-hidden", hidden),
        )
    bomb = p.sign(status_list(p.issuer, data_model=p.model, encoded_list=_zip_bomb()))
    c.add(
        fmt,
        "status-list-zip-bomb",
        "status-list",
        "an encodedList that expands to 17 MiB (the cap is 16 MiB)",
        credential,
        expect("status", "error", "STATUS_LIST_TOO_LARGE"),
        options=listed("zip-bomb", bomb),
    )
    garbage = p.sign(status_list(p.issuer, data_model=p.model, encoded_list="uH4sIAAAAAAAAA-not-gzip"))
    c.add(
        fmt,
        "status-list-not-gzip",
        "status-list",
        "an encodedList that is not GZIP data",
        credential,
        expect("status", "error", "STATUS_LIST_INVALID"),
        options=listed("not-gzip", garbage),
    )
    numeric = build_entry(LIST_URL, STATUS_INDEX, "revocation")
    numeric["statusListIndex"] = STATUS_INDEX
    c.add(
        fmt,
        "status-index-not-a-string",
        "status-list",
        "statusListIndex as a JSON number (the REC wants a string)",
        p.sign(with_status(unsigned, numeric)),
        expect("status", "failed", "STATUS_ENTRY_INVALID"),
        options=listed("active", clear),
    )
    unknown = {"id": f"{LIST_URL}#9", "type": "https://status.example/vocab#RevocationList2030"}
    c.add(
        fmt,
        "status-type-unknown",
        "status-list",
        "a credentialStatus type microcred cannot check (fail closed)",
        p.sign(with_status(unsigned, unknown)),
        expect("status", "error", "STATUS_TYPE_UNSUPPORTED"),
    )
    many = [build_entry(LIST_URL, i, "revocation") for i in range(17)]
    c.add(
        fmt,
        "status-seventeen-entries",
        "status-list",
        "17 credentialStatus entries (each may cost a fetch; 16 max)",
        p.sign(with_status(unsigned, many)),
        expect("status", "failed", "STATUS_ENTRY_INVALID"),
        options=listed("active", clear),
    )
    impostor = p.sign({**unsigned, "id": LIST_URL})
    c.add(
        fmt,
        "status-list-not-a-list",
        "status-list",
        "the document at the list's URL is an ordinary credential of the issuer, not a status list",
        credential,
        expect("status", "error", "STATUS_LIST_INVALID"),
        options=listed("not-a-list", impostor),
    )
