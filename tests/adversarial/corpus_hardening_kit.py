"""Shared by the issue 11 hardening builders: hand-made proofs and tokens that carry any value, even one that
``issue`` (rightly) refuses to sign, such as a date-time outside the calendar or a number beyond every range.

A case about a hostile value must reach the rule it targets with a correct signature, so that a rejection can only
come from that rule: these helpers sign exactly the bytes (or the RDF) the case puts in front of the verifier.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any, Literal

from microcred.jsonld.canonicalize import canonicalize
from microcred.jsonld.loader import DocumentLoader
from microcred.keys import Key, base58btc_encode
from microcred.suites.registry import embedded_suite

from .corpus_kit import SIGNED_AT, b64e, jades_header, jbytes, json_text, sign, token_parts

JWS_2020_CONTEXT = "https://w3id.org/security/suites/jws-2020/v1"
#: Raw JSON number texts out of every range: beyond Python's int-to-str limit, and overflowing a double.
HUGE_INT = "9" * 5000
HUGE_NEGATIVE_INT = "-" + "1" * 4400
OVERFLOWING_FLOAT = "1e400"
NEGATIVE_OVERFLOWING_FLOAT = "-1.5E+999"
#: A placeholder string the raw number texts replace in serialized JSON (a case is JSON text, not a dict).
_MARK = "\u2063number\u2063"

#: Date-times at the edges of the calendar: valid XSD lexical forms that leave years 1-9999 once moved to UTC.
BEFORE_YEAR_1 = "0001-01-01T00:00:00+01:00"
AFTER_YEAR_9999 = "9999-12-31T23:59:59-01:00"
#: The same edges inside the calendar (positive controls: they parse).
FIRST_INSTANT = "0001-01-01T00:00:00Z"
LAST_INSTANT = "9999-12-31T23:59:59Z"
#: NumericDate edges (RFC 7519 §2): seconds that fall outside years 1-9999.
NUMERIC_AFTER_9999 = 253402300800
NUMERIC_BEFORE_YEAR_1 = -62135596801


def raw_number(text: str) -> str:
    """A stand-in for a JSON number written as ``text``; :func:`with_raw_numbers` writes it into JSON text."""
    return f"{_MARK}{text}{_MARK}"


def with_raw_numbers(text: str) -> str:
    """JSON text with every :func:`raw_number` stand-in replaced by its raw number text."""
    parts = text.split(f'"{_MARK}')
    out = [parts[0]]
    for part in parts[1:]:
        number, rest = part.split(f'{_MARK}"', 1)
        out.append(number + rest)
    return "".join(out)


def json_with_numbers(doc: Any, *, indent: int | None = 2) -> str:
    """JSON text of ``doc`` with raw number texts (as a case file holds it)."""
    import json

    if indent is None:
        return with_raw_numbers(json.dumps(doc, separators=(",", ":"), ensure_ascii=False))
    return with_raw_numbers(json.dumps(doc, indent=indent, ensure_ascii=False)) + "\n"


# -- embedded proofs ---------------------------------------------------------------------------------------------
def hand_di_proof(
    doc: dict[str, Any],
    key: Key,
    fmt: str,
    *,
    vm: str | None = None,
    jws_header: bytes | None = None,
    **members: Any,
) -> dict[str, Any]:
    """``doc`` with one more proof in ``fmt`` by ``key``, its options written as given (strings, not parsed).

    ``members`` override or add proof options (``created``, ``expires``, ...); a member set to None is left out.
    ``jws_header``: the exact protected header bytes of a jws-2020 detached JWS (signed as they are).
    The signature covers exactly these options and the document, as VC Data Integrity §4.2 / the suite specs say.
    """
    out = copy.deepcopy(doc)
    existing = out.pop("proof", None)
    loader = DocumentLoader()
    if fmt == "jws-2020":
        if JWS_2020_CONTEXT not in out["@context"]:
            out["@context"] = [*out["@context"], JWS_2020_CONTEXT]
        proof: dict[str, Any] = {
            "type": "JsonWebSignature2020",
            "created": SIGNED_AT,
            "verificationMethod": vm or key.kid,
            "proofPurpose": "assertionMethod",
        }
    else:
        proof = {
            "type": "DataIntegrityProof",
            "cryptosuite": fmt,
            "created": SIGNED_AT,
            "verificationMethod": vm or key.kid,
            "proofPurpose": "assertionMethod",
        }
    proof.update(members)
    proof = {k: v for k, v in proof.items() if v is not None}
    options = {**proof, "@context": out["@context"]}
    hash_name: Literal["sha256", "sha384"] = "sha384" if key.key_type == "P-384" else "sha256"
    canonical_options = canonicalize(options, hash_algorithm=hash_name, loader=loader)
    canonical_document = canonicalize(out, hash_algorithm=hash_name, loader=loader)
    data = (
        hashlib.new(hash_name, canonical_options.encode()).digest()
        + hashlib.new(hash_name, canonical_document.encode()).digest()
    )
    if fmt == "jws-2020":
        alg = "EdDSA" if key.key_type == "Ed25519" else "ES256"
        header = jbytes({"alg": alg, "b64": False, "crit": ["b64"]}) if jws_header is None else jws_header
        protected = b64e(header)
        signature = key.sign(protected.encode("ascii") + b"." + data, alg)
        proof["jws"] = f"{protected}..{b64e(signature)}"
    else:
        suite = embedded_suite(fmt)
        proof["proofValue"] = "z" + base58btc_encode(suite.proof_serialization(data, key))  # type: ignore[attr-defined]
    if existing is None:
        out["proof"] = proof
    else:
        out["proof"] = [*(existing if isinstance(existing, list) else [existing]), proof]
    return out


# -- JOSE ---------------------------------------------------------------------------------------------------------
def compact_bytes(header: bytes, payload: bytes, key: Key, alg: str) -> str:
    """A compact JWS over exactly these header and payload bytes."""
    signing_input = f"{b64e(header)}.{b64e(payload)}"
    return f"{signing_input}.{b64e(key.sign(signing_input.encode('ascii'), alg))}"


def jades_bytes(header: bytes, payload: str, key: Key, alg: str) -> dict[str, Any]:
    """A JAdES seal (general JWS JSON syntax, unencoded payload) over exactly these header bytes and payload."""
    protected = b64e(header)
    signature = key.sign(protected.encode("ascii") + b"." + payload.encode("utf-8", "surrogatepass"), alg)
    return {"payload": payload, "signatures": [{"protected": protected, "signature": b64e(signature)}]}


class JoseFormat:
    """One JOSE-secured format, as the strictness cases need it: its header, payload and a signer of raw bytes."""

    def __init__(self, fmt: str, key: Key, credential: dict[str, Any]) -> None:
        self.fmt, self.key, self.credential = fmt, key, credential
        self.header: dict[str, Any]
        self.claims: dict[str, Any]
        signed = sign(credential, key, fmt)
        if fmt == "jws-2020":
            self.header = {"alg": "EdDSA", "b64": False, "crit": ["b64"]}
            self.claims = {}
            self.alg = "EdDSA"
        elif isinstance(signed, str):
            header, claims, _ = token_parts(signed)
            self.header = header
            self.claims = claims
            self.alg = header["alg"]
        else:
            self.header = jades_header(key)
            self.claims = copy.deepcopy(credential)
            self.alg = "RS256" if key.kty == "RSA" else "ES256"
        self.signed = signed

    @property
    def jades(self) -> bool:
        return self.fmt == "jades"

    def secure(self, header: bytes | None = None, payload: bytes | None = None) -> Any:
        """Signed input over the given header/payload bytes (the format's own where None)."""
        h = jbytes(self.header) if header is None else header
        if self.fmt == "jws-2020":
            return hand_di_proof(self.credential, self.key, self.fmt, jws_header=h)
        if self.jades:
            text = json_text(self.claims) if payload is None else payload.decode("utf-8", "surrogatepass")
            return jades_bytes(h, text, self.key, self.alg)
        p = jbytes(self.claims) if payload is None else payload
        return compact_bytes(h, p, self.key, self.alg)

    #: JWT claims that are not credential members (VC-JOSE-COSE §3.1.1 puts the credential's own at the top level).
    JWT_CLAIMS = ("iss", "jti", "sub", "iat", "nbf", "exp")

    def credential_of(self) -> dict[str, Any]:
        """The credential the format secures (vc-jwt: the ``vc`` claim; vc+jwt: the payload without JWT claims)."""
        if "vc" in self.claims:
            return copy.deepcopy(self.claims["vc"])
        return {k: copy.deepcopy(v) for k, v in self.claims.items() if k not in self.JWT_CLAIMS}

    def secure_credential(self, credential: dict[str, Any]) -> Any:
        """Signed input holding ``credential`` (with the format's own JWT claims around it)."""
        if self.jades:
            payload = credential
        elif "vc" in self.claims:
            payload = {**self.claims, "vc": credential}
        else:
            payload = {**credential, **{k: self.claims[k] for k in self.JWT_CLAIMS if k in self.claims}}
        return self.secure(payload=jbytes(payload))
