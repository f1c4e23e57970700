"""Changes made to a secured credential after signing (the negative samples' "after" half).

Each function returns a changed deep copy; nothing here signs. Compact JWS (RFC 7515 §7.1) and JWS JSON
(§7.2.2, as JAdES writes it) are edited by their base64url / JSON segments.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from ..base64url import b64url_decode_lenient, b64url_encode


def claim_title(document: dict[str, Any], title: str) -> None:
    """Set the achievement title of an EDC credential (in place)."""
    claims = document["credentialSubject"]["hasClaim"]
    claim = claims[0] if isinstance(claims, list) else claims
    claim["title"] = {"en": title}


def achievement_name(document: dict[str, Any], name: str) -> None:
    """Set the achievement name of an Open Badges 3.0 credential (in place)."""
    document["credentialSubject"]["achievement"]["name"] = name


def tamper_document(secured: Any, change: Any) -> Any:
    """``secured`` with ``change(credential_dict)`` applied to the credential, whatever the securing."""
    if isinstance(secured, dict) and "payload" in secured:  # JAdES JSON serialization
        out = copy.deepcopy(secured)
        doc = json.loads(out["payload"])
        change(doc)
        out["payload"] = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
        return out
    if isinstance(secured, dict):
        out = copy.deepcopy(secured)
        change(out)
        return out
    header, payload, signature = secured.split("~")[0].split(".")
    claims = json.loads(b64url_decode_lenient(payload))
    change(claims["vc"] if isinstance(claims.get("vc"), dict) else claims)
    encoded = b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
    rest = secured[len(secured.split("~")[0]) :]
    return f"{header}.{encoded}.{signature}{rest}"


def truncate_signature(secured: Any, chars: int = 8) -> Any:
    """``secured`` with the last ``chars`` characters of its signature cut off."""
    if isinstance(secured, dict) and "proof" in secured:
        out = copy.deepcopy(secured)
        proof = out["proof"]
        member = "proofValue" if "proofValue" in proof else "jws"
        proof[member] = proof[member][:-chars]
        return out
    if isinstance(secured, dict):  # JAdES
        out = copy.deepcopy(secured)
        signature = out["signatures"][0] if "signatures" in out else out
        signature["signature"] = signature["signature"][:-chars]
        return out
    first, sep, rest = secured.partition("~")
    return first[:-chars] + sep + rest


def alg_none(secured: str) -> str:
    """An unsecured JWT (RFC 7519 §6, ``alg: none``) with ``secured``'s header otherwise and payload."""
    header_b64, payload, _ = secured.split(".")
    header = json.loads(b64url_decode_lenient(header_b64))
    header["alg"] = "none"
    return f"{b64url_encode(json.dumps(header, separators=(',', ':')).encode())}.{payload}."


def rename_signer(secured: Any, kid: str, issuer: str) -> Any:
    """``secured`` claiming key ``kid`` of ``issuer`` (its proof's verificationMethod / the JWS ``kid`` and the
    issuer), its signature left as made by another key."""

    def set_issuer(doc: dict[str, Any]) -> None:
        if "iss" in doc:
            doc["iss"] = issuer
        if isinstance(doc.get("issuer"), dict):
            doc["issuer"]["id"] = issuer
        elif "issuer" in doc:
            doc["issuer"] = issuer

    if isinstance(secured, dict):
        out = tamper_document(secured, set_issuer)
        out["proof"]["verificationMethod"] = kid
        return out
    first, sep, rest = secured.partition("~")
    header_b64, payload_b64, signature = first.split(".")
    header = json.loads(b64url_decode_lenient(header_b64))
    header["kid"] = kid
    claims = json.loads(b64url_decode_lenient(payload_b64))
    set_issuer(claims)
    if isinstance(claims.get("vc"), dict):
        set_issuer(claims["vc"])
    return f"{_encode(header)}.{_encode(claims)}.{signature}{sep}{rest}"


def _encode(value: Any) -> str:
    return b64url_encode(json.dumps(value, separators=(",", ":")).encode())
