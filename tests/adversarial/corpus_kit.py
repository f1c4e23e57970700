"""Building blocks of the adversarial corpus: fixed keys, fixed times, credential templates, hand-made JWS.

Everything here is deterministic: the fixture keys in ``tests/data/keys``, attacker ("mallory") keys derived from
fixed seeds, a fixed signing instant, and signature algorithms that are deterministic (Ed25519, RSASSA-PKCS1-v1_5,
ECDSA with RFC 6979 where ``cryptography`` offers it; see :func:`ecdsa_is_deterministic`).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

from microcred.clock import FixedClock
from microcred.issuer import issue
from microcred.keys import Key, issuer_serial_kid, x5c_encode, x5t_s256
from microcred.status.bitstring import Bitstring
from microcred.status.credential import build_status_list_credential
from microcred.status.entry import build_entry
from microcred.suites.base import ProofOptions
from microcred.suites.proofs import add_proof
from microcred.suites.registry import embedded_suite

from ..suites.jose import jose_helpers as _jose

HERE = Path(__file__).resolve().parent
KEYS_DIR = HERE.parent / "data" / "keys"

#: When every case was signed, and the instant the runner verifies at (unless a case says otherwise).
SIGNED_AT = "2026-01-10T09:00:00Z"
NOW = "2026-01-15T12:00:00Z"

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
STATUS_V1 = "https://www.w3.org/ns/credentials/status/v1"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
CRED = "https://www.w3.org/2018/credentials#"
SEC = "https://w3id.org/security#"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"

CREDENTIAL_ID = "urn:uuid:6f1d2c3b-4a59-4e8f-9d7c-0b1a2c3d4e5f"
LEARNER = "did:example:learner-ana"
REGISTRAR = "https://registrar.example.edu/issuer"
LIST_URL = "https://registrar.example.edu/status/1"
STATUS_INDEX = 4242

#: Terms for VC 1.1 claims (VC 1.1 has no @vocab: every claim needs a definition).
V1_CLAIMS = {
    "name": "https://schema.org/name",
    "description": "https://schema.org/description",
    "legalName": {"@id": "https://schema.org/legalName", "@container": "@language"},
}


# -- keys ------------------------------------------------------------------------------------------------------
# JWS crafting is shared with tests/suites/jose, under the names the corpus modules use.
b64e, b64d, jbytes = _jose.b64e, _jose.b64d, _jose.jbytes
compact, token_parts = _jose.craft, _jose.parts
with_payload, with_signature = _jose.replace_payload, _jose.replace_signature


def fixture_key(name: str) -> Key:
    return Key.load(KEYS_DIR / name)


def _seed(label: str) -> bytes:
    return hashlib.sha256(f"microcred adversarial corpus: {label}".encode()).digest()


def _mallory_ed25519() -> Key:
    return Key.from_cryptography(
        ed25519.Ed25519PrivateKey.from_private_bytes(_seed("mallory ed25519")), did="key"
    )


def _mallory_p256() -> Key:
    scalar = int.from_bytes(_seed("mallory p-256"), "big") % (2**255)
    return Key.from_cryptography(ec.derive_private_key(scalar, ec.SECP256R1()), did="key")


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "microcred test"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "EU"),
        ]
    )


def _mallory_seal() -> Key:
    """A P-256 sealing key whose certificate *claims* the registrar's name, issued by mallory's own CA.

    The CA signs with Ed25519, so the certificates are byte-for-byte reproducible.
    """
    ca_private = ed25519.Ed25519PrivateKey.from_private_bytes(_seed("mallory ca"))
    leaf_private = ec.derive_private_key(
        int.from_bytes(_seed("mallory seal"), "big") % (2**255), ec.SECP256R1()
    )
    start, end = dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2045, 1, 1, tzinfo=dt.UTC)
    ca_name = _name("Example Test Trust Anchor CA")  # the genuine CA's name, not its key
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_private.public_key())
        .serial_number(0x4D414C4C4F5259)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_private, None)
    )
    leaf_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Example University seal-rsa"))
        .issuer_name(ca_name)
        .public_key(leaf_private.public_key())
        .serial_number(0x4D414C4C4F5260)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_private, None)
    )
    return Key(leaf_private, kid=f"{REGISTRAR}#seal-rsa", certificate_chain=[leaf_cert, ca_cert])


@dataclass(frozen=True)
class Keys:
    ed25519: Key = field(default_factory=lambda: fixture_key("ed25519.jwk"))
    p256: Key = field(default_factory=lambda: fixture_key("p256.jwk"))
    p384: Key = field(default_factory=lambda: fixture_key("p384.jwk"))
    rsa: Key = field(default_factory=lambda: fixture_key("rsa2048.jwk"))
    seal_rsa: Key = field(default_factory=lambda: fixture_key("seal-rsa.jwk"))
    seal_p256: Key = field(default_factory=lambda: fixture_key("seal-p256.jwk"))
    mallory: Key = field(default_factory=_mallory_ed25519)
    mallory_p256: Key = field(default_factory=_mallory_p256)
    mallory_seal: Key = field(default_factory=_mallory_seal)


def ecdsa_is_deterministic(key: Key) -> bool:
    """True when this ``cryptography`` build signs ECDSA deterministically (RFC 6979)."""
    return key.sign(b"corpus", "ES256") == key.sign(b"corpus", "ES256")


# -- credentials -----------------------------------------------------------------------------------------------
def v2_credential(issuer: Any, **members: Any) -> dict[str, Any]:
    """A small VC 2.0 credential (every term defined by the VC 2.0 context)."""
    doc: dict[str, Any] = {
        "@context": [V2],
        "id": CREDENTIAL_ID,
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "name": "Data Literacy micro-credential",
        "validFrom": "2026-01-01T00:00:00Z",
        "validUntil": "2031-01-01T00:00:00Z",
        "credentialSubject": {
            "id": LEARNER,
            "name": "Ana Example",
            "description": "Completed Data Literacy (5 ECTS, EQF 6)",
        },
    }
    doc.update(members)
    return {k: v for k, v in doc.items() if v is not None}


def v1_credential(issuer: Any, **members: Any) -> dict[str, Any]:
    """A small VC 1.1 credential with an inline context for its claims."""
    doc: dict[str, Any] = {
        "@context": [V1, dict(V1_CLAIMS)],
        "id": CREDENTIAL_ID,
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "expirationDate": "2031-01-01T00:00:00Z",
        "credentialSubject": {
            "id": LEARNER,
            "name": "Ana Example",
            "description": "Completed Data Literacy (5 ECTS, EQF 6)",
        },
    }
    doc.update(members)
    return {k: v for k, v in doc.items() if v is not None}


def seal_issuer(legal_name: str = "microcred test") -> dict[str, Any]:
    """The issuer object a JAdES seal is compared with (the seal certificates' O is 'microcred test')."""
    return {"id": REGISTRAR, "legalName": {"en": legal_name}}


def with_status(doc: dict[str, Any], entry: Any | None = None) -> dict[str, Any]:
    """``doc`` with a credentialStatus entry (index :data:`STATUS_INDEX` of :data:`LIST_URL` by default)."""
    out = copy.deepcopy(doc)
    out["credentialStatus"] = (
        entry if entry is not None else build_entry(LIST_URL, STATUS_INDEX, "revocation")
    )
    if out["@context"][0] == V1 and STATUS_V1 not in out["@context"]:
        out["@context"] = [*out["@context"], STATUS_V1]
    return out


def status_list(
    issuer: Any,
    *,
    purpose: str = "revocation",
    revoked: tuple[int, ...] = (),
    entries: int = 131072,
    data_model: str = "v2",
    valid_until: dt.datetime | None = None,
    encoded_list: str | None = None,
) -> dict[str, Any]:
    """An unsigned status list credential for :data:`LIST_URL`."""
    bits = Bitstring.zeros(entries)
    for index in revoked:
        bits.set_status(index, 1)
    doc = build_status_list_credential(
        LIST_URL,
        issuer=issuer if isinstance(issuer, str) else issuer["id"],
        status_purpose=purpose,
        encoded_list=encoded_list if encoded_list is not None else bits.encode(),
        valid_from=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        valid_until=valid_until,
        data_model="v1" if data_model == "v1" else "v2",
    )
    if not isinstance(issuer, str):  # a JAdES list names its issuer with an object, as the credentials do
        doc["issuer"] = issuer
        doc["@context"] = [*doc["@context"], {"legalName": V1_CLAIMS["legalName"]}]
    return doc


# -- signing ---------------------------------------------------------------------------------------------------
def sign(doc: Any, key: Key, fmt: str, **options: Any) -> dict[str, Any] | str:
    """``microcred.issue`` at :data:`SIGNED_AT` (the issuer's own software, with all its checks but VC Data Model
    conformance: the corpus signs credentials that break it on purpose, for the verifier to catch)."""
    return issue(doc, key, format=fmt, now=options.pop("now", SIGNED_AT), allow_nonconforming=True, **options)


def add_di_proof(
    doc: dict[str, Any], key: Key, fmt: str, *, vm: str | None = None, **options: Any
) -> dict[str, Any]:
    """An embedded proof made without ``issue``'s issuer check (an attacker's signing tool)."""
    suite = embedded_suite(fmt)
    proof_options = ProofOptions(
        clock=FixedClock(options.pop("now", SIGNED_AT)), verification_method=vm or key.kid, **options
    )
    return add_proof(doc, suite, key, proof_options)


def flip(data: bytes, index: int = -1) -> bytes:
    """``data`` with one bit of one byte flipped."""
    out = bytearray(data)
    out[index] ^= 0x01
    return bytes(out)


def jades_header(key: Key, **changes: Any) -> dict[str, Any]:
    """The protected header microcred (and the EC samples) use for a JAdES seal by ``key``."""
    chain = key.certificate_chain
    leaf = chain[0]
    header: dict[str, Any] = {
        "alg": "RS256" if key.kty == "RSA" else "ES256",
        "cty": "octet-stream",
        "kid": issuer_serial_kid(leaf),
        "x5t#S256": x5t_s256(leaf),
        "x5c": x5c_encode([c for c in chain if c.issuer != c.subject] or chain[:1]),
        "typ": "jose+json",
        "b64": False,
        "sigT": SIGNED_AT,
        "crit": ["b64", "sigT"],
    }
    header.update(changes)
    return {k: v for k, v in header.items() if v is not None}


def jades_seal(
    payload: str, header: dict[str, Any], key: Key, alg: str | None = None, *, unprotected: Any = None
) -> dict[str, Any]:
    """A JAdES JWS JSON serialization (general syntax, unencoded payload) signed by ``key``."""
    protected = b64e(jbytes(header))
    signature = key.sign(protected.encode("ascii") + b"." + payload.encode("utf-8"), alg or header["alg"])
    entry: dict[str, Any] = {"protected": protected, "signature": b64e(signature)}
    if unprotected is not None:
        entry["header"] = unprotected
    return {"payload": payload, "signatures": [entry]}


def json_text(value: Any) -> str:
    """Compact JSON text, as a payload string."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def datetime_value(text: str) -> dict[str, str]:
    """An expanded JSON-LD value object for an xsd:dateTime (the same RDF literal as the plain term gives)."""
    return {"@value": text, "@type": XSD_DATETIME}
