"""``jades``: a JAdES baseline-B seal (ETSI TS 119 182-1) as Europass EDC applies it to a VC 1.1 credential.

What EDC (and the European Commission's signed samples) produce, and what microcred issues (baseline-B, or
baseline-T with ``issue(..., tsa=)`` a :class:`microcred.trust.tsa.TimeStampAuthority`):

* JWS JSON serialization, general syntax with one signature (``{"payload", "signatures": [{"protected",
  "header"?, "signature"}]}``; the flattened syntax is accepted too);
* ``payload`` = the credential as a JSON string, **unencoded** (RFC 7797, ``b64: false``): the signing input is
  ASCII(BASE64URL(protected) || ".") ‖ UTF-8(payload);
* protected header ``{"alg", "cty": "octet-stream", "kid", "x5t#S256", "x5c", "typ": "jose+json", "b64": false,
  "sigT", "crit": ["b64", "sigT"]}``: ``alg`` RS256 / PS256 / ES256 (ES384 for P-384); ``kid`` = base64 DER
  IssuerSerial of the signing certificate (TS 119 182-1 §5.1.4); ``x5t#S256`` its SHA-256 thumbprint (§5.2.2);
  ``x5c`` its chain without the self-signed root; ``sigT`` the claimed signing time (§5.2.1, critical).

Verifying: the signing certificate is ``x5c[0]``; ``x5t#S256`` (required) and ``kid`` (when present) must name
it; the signature is checked with its key (the algorithm must fit that key); ``sigT`` must lie within the
certificate's validity. Then the baseline-T/LT/LTA material (``adoTst``; ``etsiU`` with sigTst, xVals, rVals,
arcTst) and the ``trust`` check, through :func:`microcred.trust.jades_checks.jades_trust_checks`: one
``timestamp`` check per time-stamp token, then the chain at the proof-of-existence time with the carried
revocation values, to the caller's trust anchors or the EU trusted lists (no anchor: ``error``,
``TRUST_ANCHOR_MISSING``), and ``issuer``: :mod:`microcred.verification.certificate_issuer` (in the pipeline).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from cryptography import x509

from ..base64url import b64url_encode
from ..clock import format_datetime, parse_datetime
from ..errors import InputError, JwsError, MicrocredError, SigningError
from ..keys import (
    Key,
    issuer_serial_kid,
    issuer_serial_matches,
    load_certificate_chain,
    x5c_encode,
    x5t_s256,
)
from ..keys.x509 import certificate_public_key
from ..trust.jades_bt import signature_timestamp_header
from ..trust.jades_checks import jades_trust_checks
from ..verification.codes import CheckCode, CheckName
from ..verification.outcome import IssuerBinding, SecuringOutcome, Signer
from ..verification.results import Check
from .base import EnvelopingSuite, ProofOptions, VerifyOptions
from .jose import (
    Jws,
    check_header,
    encode_header,
    json_bytes,
    parse_compact,
    parse_json_serialization,
    reject,
    select_alg,
    verify_signature,
)
from .jwt_claims import parse_payload

#: Signature algorithms a JAdES seal may use (ETSI TS 119 312 via TS 119 182-1 §5.1.2).
JADES_ALGS: frozenset[str] = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
)
DEFAULT_ALGS: dict[str, str] = {"RSA": "RS256", "P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
#: ``crit`` names microcred understands: b64 and sigT are processed; adoTst is tolerated (time-stamps not validated).
UNDERSTOOD_CRIT: frozenset[str] = frozenset({"b64", "sigT", "adoTst"})
#: Unprotected header members a JAdES signature may carry (TS 119 182-1 §5.3: the etsiU array).
UNPROTECTED_ALLOWED: frozenset[str] = frozenset({"etsiU"})
#: typ values of formats that must use the compact serialization (a JSON-serialized JWT is refused).
_COMPACT_TYPES = frozenset({"jwt", "vc+jwt", "application/vc+jwt", "vp+jwt", "application/jwt"})


def _self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject


class Jades(EnvelopingSuite):
    """JAdES baseline-B, JWS JSON serialization, unencoded credential payload: the Europass EDC seal."""

    name: ClassVar[str] = "jades"
    data_model: ClassVar[str] = "v1"

    def issue(self, credential: dict[str, Any], key: Key, options: ProofOptions) -> dict[str, Any]:
        """Seal ``credential`` as JAdES-B (JWS JSON serialization) with the key's certificate chain."""
        chain = key.certificate_chain
        if not chain:
            raise SigningError("jades needs a key with an X.509 certificate chain (Key.certificate_chain)")
        alg = options.extra.get("jades_alg") or DEFAULT_ALGS.get(key.key_type)
        if alg not in JADES_ALGS or alg not in key.allowed_algs:
            raise SigningError(
                f"JAdES alg {alg!r} does not fit this {key.key_type} key (use RS256, PS256, ES256, ES384)"
            )
        leaf = chain[0]
        sig_t = options.created_at().replace(microsecond=0)
        if not leaf.not_valid_before_utc <= sig_t <= leaf.not_valid_after_utc:
            raise SigningError(f"the sealing certificate is not valid at {format_datetime(sig_t)}")
        header = {
            "alg": alg,
            "cty": "octet-stream",
            "kid": issuer_serial_kid(leaf),
            "x5t#S256": x5t_s256(leaf),
            "x5c": x5c_encode([c for c in chain if not _self_signed(c)] or chain[:1]),
            "typ": "jose+json",
            "b64": False,
            "sigT": format_datetime(sig_t),
            "crit": ["b64", "sigT"],
        }
        payload_bytes = json_bytes(credential)  # compact JSON, UTF-8, unencoded (RFC 7797)
        protected = encode_header(header)
        signature = b64url_encode(key.sign(protected.encode("ascii") + b"." + payload_bytes, alg))
        payload = payload_bytes.decode("utf-8")
        entry: dict[str, Any] = {"protected": protected, "signature": signature}
        tsa = options.extra.get("jades_tsa")
        if tsa is not None:  # JAdES baseline-T: a signature time-stamp from the caller's TSA
            entry = {
                "protected": protected,
                "header": signature_timestamp_header(tsa, signature),
                "signature": signature,
            }
        return {"payload": payload, "signatures": [entry]}

    def verify(self, secured: str | dict[str, Any], options: VerifyOptions) -> SecuringOutcome:
        """Verify the seal and say what it proved (certificate, signing time, trust); never raises for bad input."""
        try:
            jws = self._parse(secured, options)
            leaf, chain, alg, sig_t = self._check_seal(jws, options)
        except JwsError as exc:
            return SecuringOutcome(None, [reject(exc)])
        try:
            credential = parse_payload(
                jws.payload,
                source="JAdES payload",
                max_bytes=options.policy.max_bytes,
                max_depth=options.policy.max_depth,
            )
            if not isinstance(credential, dict):
                raise JwsError("the payload is not a JSON object", reason=CheckCode.PAYLOAD_INVALID)
        except JwsError as exc:
            return SecuringOutcome(None, [reject(exc)])
        report, trust_checks = jades_trust_checks(
            header=jws.header,
            unprotected=jws.unprotected,
            signing_input=jws.signing_input,
            signature=jws.signature,
            chain=chain,
            options=options,
            claimed_signing_time=sig_t,
        )
        details: dict[str, Any] = {
            "alg": alg,
            "sigT": format_datetime(sig_t),
            "certificateSubject": leaf.subject.rfc4514_string(),
            "level": report.level,
        }
        note = ""
        if report.not_validated:
            details["notValidated"] = report.not_validated
            note = f"; unsigned properties outside the baselines, not validated: {', '.join(report.not_validated)}"
        proof = Check.ok(
            CheckName.PROOF,
            CheckCode.SIGNATURE_VALID,
            f"{alg} seal (JAdES-{report.level}) by {details['certificateSubject']} at {details['sigT']}{note}",
            **details,
        )
        return SecuringOutcome(
            credential,
            [proof, *trust_checks],
            certificate=leaf,
            signers=[Signer(certificate=leaf, proof_purpose=options.policy.proof_purpose, signed_at=sig_t)],
            binding=IssuerBinding.CERTIFICATE,
        )

    # -- steps ---------------------------------------------------------------------------------------------
    @staticmethod
    def _parse(secured: str | dict[str, Any], options: VerifyOptions) -> Jws:
        if isinstance(secured, str):
            jws = parse_compact(secured, max_bytes=options.policy.max_bytes)
        else:
            jws = parse_json_serialization(secured)[0]
        header = jws.header
        typ = header.get("typ")
        if isinstance(typ, str) and typ.lower() in _COMPACT_TYPES and not isinstance(secured, str):
            raise JwsError(
                f"a {typ} token must use the JWS compact serialization",
                reason=CheckCode.COMPACT_SERIALIZATION_REQUIRED,
            )
        extra = sorted(set(jws.unprotected) - UNPROTECTED_ALLOWED)
        if extra:  # kid / x5c / jwk must be integrity protected
            raise JwsError(
                f"unprotected header parameters {extra} are not allowed (only etsiU)",
                reason=CheckCode.UNPROTECTED_HEADER_NOT_ALLOWED,
            )
        check_header(header, understood_crit=UNDERSTOOD_CRIT, allow_unencoded=True)
        if "sigT" not in (
            header.get("crit") or []
        ):  # TS 119 182-1 §5.2.1: sigT shall be present and critical
            raise JwsError("a JAdES seal needs sigT, listed in crit", reason=CheckCode.SIGT_MISSING)
        return jws

    @staticmethod
    def _check_seal(
        jws: Jws, options: VerifyOptions
    ) -> tuple[x509.Certificate, list[x509.Certificate], str, datetime]:
        header = jws.header
        try:
            x5c = header.get("x5c")
            chain = load_certificate_chain(x5c if isinstance(x5c, list) else [])
            key = Key(certificate_public_key(chain[0]))  # the leaf's own key: no chain to check it against
        except MicrocredError as exc:
            raise JwsError(
                f"x5c does not hold the signing certificate: {exc}", reason=CheckCode.X5C_INVALID
            ) from exc
        leaf = chain[0]
        if header.get("x5t#S256") != x5t_s256(leaf):  # §5.2.2: the signing certificate reference
            raise JwsError(
                "x5t#S256 is missing or is not the thumbprint of x5c[0]", reason=CheckCode.X5T_MISMATCH
            )
        kid = header.get("kid")
        if kid is not None and (not isinstance(kid, str) or not issuer_serial_matches(kid, leaf)):
            raise JwsError("kid is not the IssuerSerial of x5c[0]", reason=CheckCode.KID_MISMATCH)
        alg = select_alg(header, key, allowed=JADES_ALGS)
        verify_signature(jws, key, alg)
        try:
            sig_t = parse_datetime(header["sigT"], path="sigT")
        except InputError as exc:
            raise JwsError(f"sigT is not a date-time: {exc}", reason=CheckCode.SIGT_INVALID) from exc
        if not leaf.not_valid_before_utc <= sig_t <= leaf.not_valid_after_utc:
            raise JwsError(
                f"sigT {format_datetime(sig_t)} is outside the certificate's validity",
                reason=CheckCode.SIGT_OUTSIDE_CERTIFICATE_VALIDITY,
            )
        if sig_t > options.now() + options.policy.clock_skew:
            raise JwsError(f"sigT {format_datetime(sig_t)} is in the future", reason=CheckCode.SIGT_IN_FUTURE)
        return leaf, chain, alg, sig_t
