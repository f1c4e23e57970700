"""The securing formats microcred knows, by name, and how to tell which one a document uses.

The registry is an allow-list: a document is only ever verified with a suite named here, chosen from the proof
``type``/``cryptosuite`` or the JWS ``typ``, and the suite then takes the algorithm from the resolved *key*, never
from the header. Suites are imported lazily so that the CLI starts fast.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from typing import Any

from ..errors import JwsError, MicrocredError, UnsupportedFormatError, all_error_classes
from .base import EmbeddedProofSuite, EnvelopingSuite
from .jose import decode_segment, read_compact


@dataclass(frozen=True)
class SuiteSpec:
    """Where a suite lives and, for embedded proofs, which ``proof.type`` / ``proof.cryptosuite`` it handles."""

    target: str  # "module:Class"
    proof_type: str | None = None
    cryptosuite: str | None = None


#: Embedded-proof suites by format name.
EMBEDDED_SUITES: dict[str, SuiteSpec] = {
    "eddsa-rdfc-2022": SuiteSpec(
        "microcred.suites.eddsa_rdfc_2022:EddsaRdfc2022", "DataIntegrityProof", "eddsa-rdfc-2022"
    ),
    "ecdsa-rdfc-2019": SuiteSpec(
        "microcred.suites.ecdsa_rdfc_2019:EcdsaRdfc2019", "DataIntegrityProof", "ecdsa-rdfc-2019"
    ),
    "jws-2020": SuiteSpec("microcred.suites.jws_2020:JsonWebSignature2020", "JsonWebSignature2020"),
    "ed25519-2020": SuiteSpec(
        "microcred.suites.ed25519_signature_2020:Ed25519Signature2020", "Ed25519Signature2020"
    ),
    "eddsa-2022": SuiteSpec("microcred.suites.eddsa_rdfc_2022:Eddsa2022", "DataIntegrityProof", "eddsa-2022"),
    "eddsa-jcs-2022": SuiteSpec(
        "microcred.suites.eddsa_jcs_2022:EddsaJcs2022", "DataIntegrityProof", "eddsa-jcs-2022"
    ),
    "ecdsa-sd-2023": SuiteSpec(
        "microcred.suites.ecdsa_sd_2023:EcdsaSd2023", "DataIntegrityProof", "ecdsa-sd-2023"
    ),
    "ecdsa-jcs-2019": SuiteSpec(
        "microcred.suites.ecdsa_jcs_2019:EcdsaJcs2019", "DataIntegrityProof", "ecdsa-jcs-2019"
    ),
}

#: Enveloping suites by format name.
ENVELOPING_SUITES: dict[str, SuiteSpec] = {
    "vc+jwt": SuiteSpec("microcred.suites.vc_jose_cose:VcJoseCose"),
    "vc-jwt": SuiteSpec("microcred.suites.vc_jwt:VcJwt11"),
    "jades": SuiteSpec("microcred.suites.jades:Jades"),
}

#: Formats ``issue()`` accepts, in the order the CLI lists them.
ISSUE_FORMATS: tuple[str, ...] = (
    "eddsa-rdfc-2022",
    "ecdsa-rdfc-2019",
    "eddsa-jcs-2022",
    "ecdsa-jcs-2019",
    "ecdsa-sd-2023",
    "jws-2020",
    "vc+jwt",
    "vc-jwt",
    "jades",
)

_instances: dict[str, EmbeddedProofSuite | EnvelopingSuite] = {}
_lock = threading.Lock()


def _instance(name: str, spec: SuiteSpec) -> Any:
    suite = _instances.get(name)
    if suite is None:
        module_name, _, attr = spec.target.partition(":")
        suite = getattr(importlib.import_module(module_name), attr)()
        with _lock:
            _instances.setdefault(name, suite)
    return suite


def register_suite(suite: EmbeddedProofSuite | EnvelopingSuite) -> None:
    """Add (or replace) a suite instance under ``suite.name`` (for plug-ins and tests)."""
    target = f"{type(suite).__module__}:{type(suite).__qualname__}"
    if isinstance(suite, EmbeddedProofSuite):
        EMBEDDED_SUITES[suite.name] = SuiteSpec(target, suite.proof_type, suite.cryptosuite)
    else:
        ENVELOPING_SUITES[suite.name] = SuiteSpec(target)
    with _lock:
        _instances[suite.name] = suite


def unregister_suite(name: str) -> None:
    EMBEDDED_SUITES.pop(name, None)
    ENVELOPING_SUITES.pop(name, None)
    with _lock:
        _instances.pop(name, None)


def embedded_suite(name: str) -> EmbeddedProofSuite:
    spec = EMBEDDED_SUITES.get(name)
    if spec is None:
        raise UnsupportedFormatError(f"unknown embedded proof suite {name!r}")
    suite = _instance(name, spec)
    assert isinstance(suite, EmbeddedProofSuite)
    return suite


def enveloping_suite(name: str) -> EnvelopingSuite:
    spec = ENVELOPING_SUITES.get(name)
    if spec is None:
        raise UnsupportedFormatError(f"unknown enveloping format {name!r}")
    suite = _instance(name, spec)
    assert isinstance(suite, EnvelopingSuite)
    return suite


def get_suite(name: str) -> EmbeddedProofSuite | EnvelopingSuite:
    """The suite for a format name; :class:`UnsupportedFormatError` lists the known names otherwise."""
    if name in EMBEDDED_SUITES:
        return embedded_suite(name)
    if name in ENVELOPING_SUITES:
        return enveloping_suite(name)
    known = ", ".join(ISSUE_FORMATS)
    raise UnsupportedFormatError(f"unknown format {name!r}; choose one of: {known}", details={"format": name})


def suite_name_for_proof(proof: Any) -> str | None:
    """The format name of the embedded suite that handles ``proof`` (by ``type`` and ``cryptosuite``)."""
    if not isinstance(proof, dict):
        return None
    ptype, cryptosuite = proof.get("type"), proof.get("cryptosuite")
    for name, spec in EMBEDDED_SUITES.items():
        if spec.proof_type == ptype and (spec.cryptosuite is None or spec.cryptosuite == cryptosuite):
            return name
    return None


def suite_for_proof(proof: Any) -> EmbeddedProofSuite | None:
    """The embedded suite that handles ``proof``, or None."""
    name = suite_name_for_proof(proof)
    return None if name is None else embedded_suite(name)


# --- detection ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Detected:
    """What :func:`detect_format` found: the format name and the input in the shape its suite expects."""

    format: str
    data: str | dict[str, Any]
    kind: str  # "embedded" | "enveloping"


_VC_JWT_TYPES = ("vc+jwt", "application/vc+jwt")
_ENVELOPED_PREFIX = "data:application/vc+jwt,"


def _detection_error(exc: JwsError) -> MicrocredError:
    """The error detection reports for a JWS it cannot read: the class whose code is the JWS reason
    (``BASE64URL_ERROR``, ``JSON_PARSE_ERROR``, ``DUPLICATE_JSON_KEY``, ...), else ``UNSUPPORTED_FORMAT``."""
    by_code = {cls.code: cls for cls in all_error_classes()}
    return by_code.get(exc.reason, UnsupportedFormatError)(exc.message)


def _detect_compact(token: str) -> Detected:
    parts = token.split(".")
    if len(parts) == 5:
        raise UnsupportedFormatError("input is a JWE (encrypted); microcred verifies signed credentials only")
    if len(parts) != 3:
        raise UnsupportedFormatError("input is neither JSON nor a compact JWS (header.payload.signature)")
    try:  # the suite applies the size limits (JWS_TOO_LARGE, INPUT_TOO_LARGE); detection only routes
        header, _ = read_compact(token, max_bytes=len(token), max_header_bytes=len(token))
    except JwsError as exc:
        raise _detection_error(exc) from exc
    typ = header.get("typ")
    if typ in _VC_JWT_TYPES:
        return Detected("vc+jwt", token, "enveloping")
    if "sigT" in header or "x5t#S256" in header:
        return Detected("jades", token, "enveloping")
    if header.get("b64") is False:
        raise UnsupportedFormatError(
            "compact JWS with b64:false and no JAdES header is not a credential format"
        )
    # Without a vc+jwt typ, the claims tell VC-JWT 1.1 (a "vc" claim) from an untyped VC-JOSE-COSE payload.
    # Detection only routes: the suite parses the payload strictly and fails what does not fit (a byte order
    # mark included), so a cheap look at the bytes is enough here (a full parse would be done twice).
    try:
        payload = decode_segment(parts[1], "payload")
    except JwsError:
        payload = b""
    head = payload.lstrip(b" \t\r\n\xef\xbb\xbf")[:1]
    if head == b"{" and b'"vc"' in payload:
        return Detected("vc-jwt", token, "enveloping")
    if head == b"{" and b'"@context"' in payload:
        return Detected("vc+jwt", token, "enveloping")
    raise UnsupportedFormatError(f"compact JWS with typ {typ!r} carries no verifiable credential")


def detect_format(data: str | dict[str, Any]) -> Detected:
    """Decide which registered format ``data`` is secured with.

    ``data`` is a compact JWS string or a parsed JSON object (see :func:`microcred.jsonio.loads_strict`).
    Raises :class:`UnsupportedFormatError`, or the JSON / base64url error of a JWS header it cannot read.
    """
    if isinstance(data, str):
        return _detect_compact(data.strip())
    if not isinstance(data, dict):
        raise UnsupportedFormatError(
            f"expected a JSON object or a compact JWS, got JSON {type(data).__name__}"
        )
    if "payload" in data and ("signatures" in data or "signature" in data):
        return Detected("jades", data, "enveloping")
    # VC DM 2.0 §4.13 enveloped verifiable credential: {"type": "EnvelopedVerifiableCredential", "id": "data:..."}
    if data.get("type") == "EnvelopedVerifiableCredential" or (
        isinstance(data.get("id"), str) and data["id"].startswith(_ENVELOPED_PREFIX)
    ):
        ident = data.get("id")
        if not isinstance(ident, str) or not ident.startswith(_ENVELOPED_PREFIX):
            raise UnsupportedFormatError(
                "EnvelopedVerifiableCredential id is not a data:application/vc+jwt URL"
            )
        return _detect_compact(ident[len(_ENVELOPED_PREFIX) :])
    proof = data.get("proof")
    if proof is None:
        raise UnsupportedFormatError("document has no proof: it is not a secured credential")
    proofs = proof if isinstance(proof, list) else [proof]
    if not proofs:
        raise UnsupportedFormatError("document has an empty proof")
    names: list[str] = []
    for p in proofs:
        name = suite_name_for_proof(p)
        # an unknown proof in a proof set is reported by verify_proofs(); here we only need one we know
        if name is not None:
            names.append(name)
    if not names:
        p = proofs[0]
        what = (p.get("cryptosuite") or p.get("type")) if isinstance(p, dict) else type(p).__name__
        raise UnsupportedFormatError(f"unsupported proof type {what!r}", details={"proof": str(what)})
    fmt = names[0] if len(set(names)) == 1 else "data-integrity"
    return Detected(fmt, data, "embedded")
