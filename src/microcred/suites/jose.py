"""JWS building blocks shared by the JOSE formats (vc+jwt, vc-jwt, jades, JsonWebSignature2020).

Strict by design, because general-purpose JOSE libraries accept too much by default:

* every JWS is decoded here: :func:`parse_compact` (RFC 7515 §7.1), :func:`parse_json_serialization` (§7.2),
  :func:`parse_detached` (RFC 7797 §5.2), :func:`read_compact` (the header alone, for format detection);
* compact serialization only where the format asks for it: exactly three segments, strict unpadded base64url
  (RFC 7515 §2, §7.1; a bad segment is ``BASE64URL_ERROR``), a JWE (five segments or an ``enc`` header) is refused;
* the protected header is I-JSON like the payload (:mod:`.jwt_claims`: no byte order mark, no lone surrogates, no
  duplicate member names, RFC 7515 §4 / RFC 8725 §3.2), at most :data:`MAX_HEADER_BYTES`, shallow;
* the algorithm comes from the resolved key (:attr:`Key.allowed_algs`): ``alg`` may only *name* one of the key's
  algorithms; ``none``, ``HS*`` and algorithms of another key type are refused (RFC 8725 §3.1-§3.2);
* ``crit`` (RFC 7515 §4.1.11): a non-empty list of unique names the format understands, each present in the
  header and none of them a name RFC 7515/7516/7518 define; ``b64`` (RFC 7797 §3, §6) must be listed in ``crit``;
* ``zip`` (compression) is refused in a JWS; ``jwk``/``jku``/``x5u`` are never used to find the key;
* signatures must have the exact length of their algorithm (ECDSA r‖s, never DER; RFC 7518 §3.4).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..base64url import b64url_decode_strict, b64url_encode, b64url_encode_ascii
from ..errors import Base64UrlError, JsonUnicodeError, JwsError, MicrocredError
from ..jsonio import loads_strict
from ..keys.key_types import SUPPORTED_ALGS, key_type
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from .jose_compact import compact_segments
from .jose_json import COMPACT
from .jose_json import json_bytes as json_bytes  # (re-exported: the JOSE formats import it from here)

if TYPE_CHECKING:
    from ..keys import Key
    from ..resolve import VerificationMethod
    from .base import VerifyOptions

#: Largest protected header accepted (JAdES headers with time-stamp tokens reach ~20 kB).
MAX_HEADER_BYTES = 64 * 1024
#: Header parameter names defined by RFC 7515 §4.1, RFC 7516 §4.1 and RFC 7518: never allowed in ``crit``.
REGISTERED_HEADER_NAMES = frozenset(
    {"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip", "epk"}
    | {"apu", "apv", "iv", "tag", "p2s", "p2c"}
)


@dataclass(frozen=True)
class Jws:
    """One parsed JWS signature: its protected header, payload, signature and exact signing input."""

    header: dict[str, Any]
    payload: bytes
    signature: bytes
    #: RFC 7515 §5.1 step 7: ASCII(BASE64URL(protected) || '.' || payload segment) as received (RFC 7797 §3
    #: when ``b64`` is false: the payload bytes themselves).
    signing_input: bytes
    unprotected: dict[str, Any] = field(default_factory=dict)

    def over(self, payload: bytes) -> Jws:
        """This detached JWS with its unencoded ``payload`` (RFC 7797 §5.2): the signing input gains the payload."""
        return Jws(self.header, payload, self.signature, self.signing_input + payload, self.unprotected)


def encode_header(header: dict[str, Any]) -> str:
    """BASE64URL(UTF8(JSON)) of a protected header, compact JSON."""
    return b64url_encode(COMPACT.encode(header).encode("utf-8"))


def decode_segment(segment: Any, what: str) -> bytes:
    """Strict unpadded base64url (canonical, RFC 7515 §2); :class:`JwsError` ``BASE64URL_ERROR`` otherwise."""
    try:
        return b64url_decode_strict(segment, what=f"JWS {what}")
    except Base64UrlError as exc:
        raise JwsError(f"{exc.message} (RFC 7515 §2)", reason=exc.code) from exc


def decode_protected_header(segment: Any, *, max_bytes: int = MAX_HEADER_BYTES) -> dict[str, Any]:
    """Decode and strictly parse a JWS Protected Header (RFC 7515 §5.2 steps 2-4)."""
    if not isinstance(segment, str) or not segment:
        raise JwsError("the JWS protected header is missing", reason=CheckCode.JWS_MALFORMED)
    if len(segment) > max_bytes * 4 // 3 + 4:
        raise JwsError(f"the JWS protected header exceeds {max_bytes} bytes", reason=CheckCode.JWS_TOO_LARGE)
    raw = decode_segment(segment, "protected header")
    try:
        header = loads_strict(
            raw, source="JWS protected header", max_bytes=max_bytes, max_depth=8, strict_unicode=True
        )
    except MicrocredError as exc:
        raise JwsError(f"the JWS protected header is unacceptable: {exc}", reason=exc.code) from exc
    if not isinstance(header, dict):
        raise JwsError("the JWS protected header is not a JSON object", reason=CheckCode.JWS_MALFORMED)
    return header


def _assemble(header: dict[str, Any], protected: str, payload_segment: str, signature: Any) -> Jws:
    try:
        payload_bytes = payload_segment.encode("utf-8")
    except UnicodeEncodeError as exc:  # an unencoded (b64:false) payload string with a lone surrogate
        raise JwsError("the JWS payload is not UTF-8 text", reason=JsonUnicodeError.code) from exc
    if header.get("b64", True) is False:
        payload = payload_bytes
    else:
        payload = decode_segment(payload_segment, "payload") if payload_segment else b""
    sig = decode_segment(signature, "signature") if signature else b""
    if not sig:
        alg_none = isinstance(header.get("alg"), str) and header["alg"].lower() == "none"
        reason = CheckCode.ALG_NONE if alg_none else CheckCode.SIGNATURE_MISSING
        raise JwsError("the JWS has an empty signature (an unsecured JWS is never accepted)", reason=reason)
    return Jws(header, payload, sig, protected.encode("ascii") + b"." + payload_bytes)


def read_compact(
    token: Any, *, max_bytes: int, max_header_bytes: int = MAX_HEADER_BYTES
) -> tuple[dict[str, Any], list[str]]:
    """The protected header and the three segments of a JWS Compact Serialization (RFC 7515 §7.1, §5.2 steps
    1-4), before the signature is looked at: what format detection needs, and the first step of :func:`parse_compact`.
    """
    if not isinstance(token, str):
        raise JwsError(
            "expected a JWS in compact serialization (a string)",
            reason=CheckCode.COMPACT_SERIALIZATION_REQUIRED,
        )
    token = token.strip()
    if len(token) > max_bytes:
        raise JwsError(
            f"the token is {len(token)} bytes; the limit is {max_bytes}", reason=CheckCode.INPUT_TOO_LARGE
        )
    parts = compact_segments(token)
    if len(parts) == 5:
        raise JwsError(
            "a JWE (encrypted token) is not a signed credential", reason=CheckCode.JWE_NOT_ACCEPTED
        )
    if len(parts) != 3:
        raise JwsError(f"a compact JWS has 3 segments, this has {len(parts)}", reason=CheckCode.JWS_MALFORMED)
    return decode_protected_header(parts[0], max_bytes=max_header_bytes), list(parts)


def parse_compact(token: Any, *, max_bytes: int) -> Jws:
    """Parse a JWS Compact Serialization (RFC 7515 §7.1); a JWE or anything else is refused."""
    header, parts = read_compact(token, max_bytes=max_bytes)
    return _assemble(header, parts[0], parts[1], parts[2])


def parse_detached(value: Any) -> Jws:
    """A detached JWS ``header..signature`` (RFC 7515 Appendix F); :meth:`Jws.over` supplies the payload."""
    if not isinstance(value, str):
        raise JwsError("a detached JWS must be a string", reason=CheckCode.JWS_MALFORMED)
    parts = value.split(".")
    if len(parts) != 3 or parts[1] != "":
        raise JwsError("the JWS must be detached (header..signature)", reason=CheckCode.JWS_NOT_DETACHED)
    header = decode_protected_header(parts[0])
    signature = decode_segment(parts[2], "signature")
    return Jws(header, b"", signature, parts[0].encode("ascii") + b".")


def parse_json_serialization(data: dict[str, Any], *, max_signatures: int = 1) -> list[Jws]:
    """Parse a JWS JSON Serialization, general or flattened (RFC 7515 §7.2.1, §7.2.2)."""
    payload = data.get("payload")
    if not isinstance(payload, str):
        raise JwsError("JWS JSON serialization: 'payload' must be a string", reason=CheckCode.JWS_MALFORMED)
    if "signatures" in data:
        if "signature" in data or "protected" in data or "header" in data:
            raise JwsError(
                "JWS JSON serialization mixes general and flattened syntax", reason=CheckCode.JWS_MALFORMED
            )
        entries = data["signatures"]
        if not isinstance(entries, list) or not entries:
            raise JwsError(
                "JWS JSON serialization: 'signatures' must be a non-empty array",
                reason=CheckCode.JWS_MALFORMED,
            )
    else:
        entries = [{k: data[k] for k in ("protected", "header", "signature") if k in data}]
    if len(entries) > max_signatures:
        raise JwsError(
            f"{len(entries)} signatures; this format takes {max_signatures}",
            reason=CheckCode.TOO_MANY_SIGNATURES,
        )
    out: list[Jws] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise JwsError("a JWS signature entry is not an object", reason=CheckCode.JWS_MALFORMED)
        unprotected = entry.get("header", {})
        if not isinstance(unprotected, dict):
            raise JwsError("the unprotected JWS header is not an object", reason=CheckCode.JWS_MALFORMED)
        header = decode_protected_header(entry.get("protected"))
        clash = sorted(set(header) & set(unprotected))
        if clash:  # RFC 7515 §7.2.1: the header parameter names must be disjoint
            raise JwsError(
                f"header parameters {clash} are both protected and unprotected",
                reason=CheckCode.JWS_MALFORMED,
            )
        jws = _assemble(header, entry["protected"], payload, entry.get("signature"))
        out.append(Jws(jws.header, jws.payload, jws.signature, jws.signing_input, unprotected))
    return out


def check_header(
    header: dict[str, Any], *, understood_crit: Collection[str] = (), allow_unencoded: bool = False
) -> None:
    """Header policy common to every format (raises :class:`JwsError`); the ``alg`` is checked by :func:`select_alg`."""
    if "enc" in header:
        raise JwsError("the header has 'enc': this is a JWE, not a JWS", reason=CheckCode.JWE_NOT_ACCEPTED)
    if "zip" in header:
        raise JwsError(
            "compressed payloads ('zip') are not accepted", reason=CheckCode.COMPRESSION_NOT_ALLOWED
        )
    crit = header.get("crit")
    if crit is not None:
        # RFC 7515 §4.1.11: a non-empty array of unique, understood extension names present in the header.
        if not isinstance(crit, list) or not crit or not all(isinstance(c, str) for c in crit):
            raise JwsError("'crit' must be a non-empty array of strings", reason=CheckCode.CRIT_INVALID)
        if len(set(crit)) != len(crit):
            raise JwsError("'crit' lists a name twice", reason=CheckCode.CRIT_INVALID)
        registered = sorted(set(crit) & REGISTERED_HEADER_NAMES)
        if registered:
            raise JwsError(
                f"'crit' must not list registered header names {registered}", reason=CheckCode.CRIT_INVALID
            )
        unknown = [c for c in crit if c not in understood_crit]
        if unknown:
            raise JwsError(
                f"critical header parameter(s) {unknown} are not understood", reason=CheckCode.CRIT_UNKNOWN
            )
        absent = [c for c in crit if c not in header]
        if absent:
            raise JwsError(f"'crit' lists {absent}, which the header lacks", reason=CheckCode.CRIT_INVALID)
    if "b64" in header:
        b64 = header["b64"]
        if not isinstance(b64, bool):
            raise JwsError("'b64' must be a boolean", reason=CheckCode.B64_INVALID)
        if "b64" not in (crit or []):  # RFC 7797 §6: b64 MUST be understood, hence listed in crit
            raise JwsError("'b64' is used without being listed in 'crit'", reason=CheckCode.B64_NOT_CRITICAL)
        if b64 is False and not allow_unencoded:
            raise JwsError(
                "an unencoded payload (b64:false) is not allowed in this format",
                reason=CheckCode.B64_NOT_ALLOWED,
            )


def select_alg(header: dict[str, Any], key: Key, *, allowed: Collection[str] | None = None) -> str:
    """The algorithm to verify with: the header's ``alg`` only if the *key* allows it (and the format does)."""
    alg = header.get("alg")
    if not isinstance(alg, str) or not alg:
        raise JwsError("the header has no 'alg'", reason=CheckCode.ALG_MISSING)
    if alg.lower() == "none":
        raise JwsError("alg 'none' (an unsecured JWS) is never accepted", reason=CheckCode.ALG_NONE)
    if alg.upper().startswith("HS"):
        raise JwsError(f"symmetric alg {alg!r} is never accepted", reason=CheckCode.ALG_SYMMETRIC)
    if alg not in SUPPORTED_ALGS or (allowed is not None and alg not in allowed):
        raise JwsError(f"alg {alg!r} is not supported by this format", reason=CheckCode.ALG_UNSUPPORTED)
    if alg not in key.allowed_algs:
        raise JwsError(
            f"alg {alg!r} does not fit the {key.key_type} key (it allows {', '.join(key.allowed_algs)})",
            reason=CheckCode.ALG_KEY_MISMATCH,
        )
    return alg


def signature_length(key: Key, alg: str) -> int:
    """The exact signature length of ``alg`` with ``key`` (RFC 7518 §3.3-§3.5, RFC 8037 §3.1)."""
    if key.kty == "RSA":
        return (key.public_key.key_size + 7) // 8  # type: ignore[union-attr]
    if key.kty == "OKP":
        return 64
    return 2 * key_type(key.key_type).size


def verify_signature(jws: Jws, key: Key, alg: str) -> None:
    """Check the signature over the exact signing input; :class:`JwsError` (SIGNATURE_*) if it does not verify."""
    expected = signature_length(key, alg)
    if len(jws.signature) != expected:
        der = " (DER-encoded ECDSA is not JOSE)" if key.kty == "EC" and jws.signature[:1] == b"\x30" else ""
        raise JwsError(
            f"{alg} signatures are {expected} bytes, this one is {len(jws.signature)}{der}",
            reason=CheckCode.SIGNATURE_LENGTH_INVALID,
        )
    if not key.verify(jws.signing_input, jws.signature, alg):
        raise JwsError(
            f"the {alg} signature does not verify with {key.kid or 'the key'}",
            reason=CheckCode.SIGNATURE_INVALID,
        )


def sign_compact(header: dict[str, Any], payload: bytes, key: Key, alg: str) -> str:
    """JWS Compact Serialization of ``payload`` signed with ``key`` (RFC 7515 §5.1)."""
    # the signing input is written once, as bytes, and the token is its text (no more copies of the payload)
    signing_input = b".".join((encode_header(header).encode("ascii"), b64url_encode_ascii(payload)))
    signature = key.sign(signing_input, alg)
    return f"{str(signing_input, 'ascii')}.{b64url_encode(signature)}"


def resolve_signer(kid: Any, options: VerifyOptions, *, relationship: str) -> VerificationMethod | Check:
    """Dereference the header's ``kid`` through the injected resolver and check the relationship it needs."""
    if not isinstance(kid, str) or not kid:
        return Check.fail(CheckName.PROOF, CheckCode.KID_MISSING, "the JWS header names no key ('kid')")
    try:
        method = options.resolver.resolve(kid)
    except MicrocredError as exc:
        return Check.error(
            CheckName.PROOF,
            CheckCode.VERIFICATION_METHOD_UNRESOLVED,
            f"cannot resolve kid {kid}: {exc}",
            cause=exc.code,
        )
    if not method.allows(relationship):
        msg = f"{method.id} is not listed under {relationship} by its controller {method.controller}"
        return Check.fail(CheckName.PROOF, CheckCode.KEY_NOT_AUTHORIZED, msg)
    return method


def reject(exc: JwsError, **details: Any) -> Check:
    """The ``proof`` check for a JWS that breaks the rules."""
    return Check.fail(CheckName.PROOF, exc.reason, exc.message, **details)
