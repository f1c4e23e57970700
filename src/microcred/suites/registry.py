"""The securing formats microcred knows, by name, and how to tell which one a document uses.

The registry is an allow-list: a document is only ever verified with a suite named here, chosen from the proof
``type``/``cryptosuite`` or the JWS ``typ``, and the suite then takes the algorithm from the resolved *key*, never
from the header. Suites are imported lazily so that the CLI starts fast.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from ..errors import JwsError, MicrocredError, UnsupportedFormatError, all_error_classes
from .base import EmbeddedProofSuite, EnvelopingSuite
from .jose import decode_segment, read_compact
from .jose_compact import compact_segments


@dataclass(frozen=True)
class SuiteSpec:
    """Where a suite lives and, for embedded proofs, which ``proof.type`` / ``proof.cryptosuite`` it handles."""

    target: str  # "module:Class"
    proof_type: str | None = None
    cryptosuite: str | None = None


#: The built-in embedded-proof suites by format name (one line per suite: this is where a new one is registered).
BUILTIN_EMBEDDED: dict[str, SuiteSpec] = {
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

#: The built-in enveloping suites by format name.
BUILTIN_ENVELOPING: dict[str, SuiteSpec] = {
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

Suite = EmbeddedProofSuite | EnvelopingSuite


class SuiteRegistry:
    """An allow-list of securing formats: suite specs by name, instantiated lazily, once per registry.

    A registry is never changed after it is built: :meth:`with_suites` returns a new one, so a verifier or issuer
    given a registry (``Verifier(suites=...)``, ``issue(..., suites=...)``) sees exactly those suites and no
    other code can add one behind its back. :func:`default_registry` is built once, from the tables above.
    """

    def __init__(
        self,
        embedded: Mapping[str, SuiteSpec],
        enveloping: Mapping[str, SuiteSpec],
        issue_formats: Iterable[str],
        instances: Mapping[str, Suite] | None = None,
    ) -> None:
        self._embedded = dict(embedded)
        self._enveloping = dict(enveloping)
        self.issue_formats: tuple[str, ...] = tuple(issue_formats)
        self._instances: dict[str, Suite] = dict(instances or {})
        self._lock = threading.Lock()

    def with_suites(self, *suites: Suite) -> SuiteRegistry:
        """A new registry: this one plus ``suites`` (replacing any suite of the same name)."""
        embedded, enveloping = dict(self._embedded), dict(self._enveloping)
        instances, formats = dict(self._instances), list(self.issue_formats)
        for suite in suites:
            target = f"{type(suite).__module__}:{type(suite).__qualname__}"
            embedded.pop(suite.name, None)
            enveloping.pop(suite.name, None)
            if isinstance(suite, EmbeddedProofSuite):
                embedded[suite.name] = SuiteSpec(target, suite.proof_type, suite.cryptosuite)
            else:
                enveloping[suite.name] = SuiteSpec(target)
            instances[suite.name] = suite
            if suite.issuable and suite.name not in formats:
                formats.append(suite.name)
        return SuiteRegistry(embedded, enveloping, formats, instances)

    @property
    def names(self) -> tuple[str, ...]:
        """Every format name this registry knows (embedded first)."""
        return (*self._embedded, *self._enveloping)

    def __contains__(self, name: object) -> bool:
        return name in self._embedded or name in self._enveloping

    def _instance(self, name: str, spec: SuiteSpec) -> Suite:
        suite = self._instances.get(name)
        if suite is None:
            module_name, _, attr = spec.target.partition(":")
            made: Suite = getattr(importlib.import_module(module_name), attr)()
            with self._lock:
                suite = self._instances.setdefault(name, made)
        return suite

    def embedded(self, name: str) -> EmbeddedProofSuite:
        """The embedded-proof suite called ``name``; :class:`UnsupportedFormatError` otherwise."""
        spec = self._embedded.get(name)
        suite = None if spec is None else self._instance(name, spec)
        if not isinstance(suite, EmbeddedProofSuite):
            raise UnsupportedFormatError(f"unknown embedded proof suite {name!r}")
        return suite

    def enveloping(self, name: str) -> EnvelopingSuite:
        """The enveloping suite called ``name``; :class:`UnsupportedFormatError` otherwise."""
        spec = self._enveloping.get(name)
        suite = None if spec is None else self._instance(name, spec)
        if not isinstance(suite, EnvelopingSuite):
            raise UnsupportedFormatError(f"unknown enveloping format {name!r}")
        return suite

    def get(self, name: str) -> Suite:
        """The suite for a format name; :class:`UnsupportedFormatError` lists the issuable names otherwise."""
        if name in self._embedded:
            return self.embedded(name)
        if name in self._enveloping:
            return self.enveloping(name)
        known = ", ".join(self.issue_formats)
        raise UnsupportedFormatError(
            f"unknown format {name!r}; choose one of: {known}", details={"format": name}
        )

    def name_for_proof(self, proof: Any) -> str | None:
        """The format name of the embedded suite that handles ``proof`` (by ``type`` and ``cryptosuite``)."""
        if not isinstance(proof, dict):
            return None
        ptype, cryptosuite = proof.get("type"), proof.get("cryptosuite")
        for name, spec in self._embedded.items():
            if spec.proof_type == ptype and (spec.cryptosuite is None or spec.cryptosuite == cryptosuite):
                return name
        return None

    def for_proof(self, proof: Any) -> EmbeddedProofSuite | None:
        """The embedded suite that handles ``proof``, or None."""
        name = self.name_for_proof(proof)
        return None if name is None else self.embedded(name)

    def detect(self, data: str | dict[str, Any]) -> Detected:
        """Which of this registry's formats ``data`` is secured with (see :func:`detect_format`)."""
        return detect_format(data, suites=self)


_DEFAULT = SuiteRegistry(BUILTIN_EMBEDDED, BUILTIN_ENVELOPING, ISSUE_FORMATS)


def default_registry() -> SuiteRegistry:
    """The registry of the built-in formats (built once; suites are instantiated on first use)."""
    return _DEFAULT


def get_suite(name: str) -> Suite:
    """The built-in suite for a format name (see :meth:`SuiteRegistry.get`)."""
    return _DEFAULT.get(name)


def embedded_suite(name: str) -> EmbeddedProofSuite:
    """The built-in embedded-proof suite called ``name``."""
    return _DEFAULT.embedded(name)


def suite_for_proof(proof: Any) -> EmbeddedProofSuite | None:
    """The built-in embedded suite that handles ``proof``, or None."""
    return _DEFAULT.for_proof(proof)


# --- detection ---------------------------------------------------------------------------------------------
class ProofKind(StrEnum):
    """How a credential carries its proof (VC DM 2.0 §4.12 "Securing Mechanisms")."""

    #: The proof is a ``proof`` member inside the credential (VC Data Integrity).
    EMBEDDED = "embedded"
    #: The credential is the payload of a signature envelope (VC-JOSE-COSE, VC-JWT 1.1, JAdES).
    ENVELOPING = "enveloping"


@dataclass(frozen=True)
class EmbeddedProofs:
    """A credential with embedded proof(s): the format name (``data-integrity`` for a mixed proof set)."""

    format: str
    document: dict[str, Any]
    kind: ClassVar[ProofKind] = ProofKind.EMBEDDED


@dataclass(frozen=True)
class Envelope:
    """An enveloped credential: the format name and the token or JWS JSON object its suite takes."""

    format: str
    secured: str | dict[str, Any]
    kind: ClassVar[ProofKind] = ProofKind.ENVELOPING


#: What :func:`detect_format` found.
Detected = EmbeddedProofs | Envelope


_VC_JWT_TYPES = ("vc+jwt", "application/vc+jwt")
_ENVELOPED_PREFIX = "data:application/vc+jwt,"


def _detection_error(exc: JwsError) -> MicrocredError:
    """The error detection reports for a JWS it cannot read: the class whose code is the JWS reason
    (``BASE64URL_ERROR``, ``JSON_PARSE_ERROR``, ``DUPLICATE_JSON_KEY``, ...), else ``UNSUPPORTED_FORMAT``."""
    by_code = {cls.code: cls for cls in all_error_classes()}
    return by_code.get(exc.reason, UnsupportedFormatError)(exc.message)


def _detect_compact(token: str) -> Detected:
    parts = compact_segments(token)
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
        return Envelope("vc+jwt", token)
    if "sigT" in header or "x5t#S256" in header:
        return Envelope("jades", token)
    if header.get("b64") is False:
        raise UnsupportedFormatError(
            "compact JWS with b64:false and no JAdES header is not a credential format"
        )
    # Without a vc+jwt typ, the claims tell VC-JWT 1.1 (a "vc" claim) from an untyped VC-JOSE-COSE payload.
    # Detection only routes: the suite parses the payload strictly and fails what does not fit (a byte order
    # mark included), so a cheap look at the bytes is enough here (a full parse would be done twice).
    try:  # a payload that is not base64url is reported as such (BASE64URL_ERROR), whatever the format
        payload = decode_segment(parts[1], "payload")
    except JwsError as exc:
        raise _detection_error(exc) from exc
    head = payload.lstrip(b" \t\r\n\xef\xbb\xbf")[:1]
    if head == b"{" and b'"vc"' in payload:
        return Envelope("vc-jwt", token)
    if head == b"{" and b'"@context"' in payload:
        return Envelope("vc+jwt", token)
    raise UnsupportedFormatError(f"compact JWS with typ {typ!r} carries no verifiable credential")


def detect_format(data: str | dict[str, Any], *, suites: SuiteRegistry | None = None) -> Detected:
    """Decide which registered format ``data`` is secured with.

    ``data`` is a compact JWS string or a parsed JSON object (see :func:`microcred.jsonio.loads_strict`);
    embedded proof types are looked up in ``suites`` (default: the built-in registry).
    Raises :class:`UnsupportedFormatError`, or the JSON / base64url error of a JWS header it cannot read.
    """
    if isinstance(data, str):
        return _detect_compact(data.strip())
    if not isinstance(data, dict):
        raise UnsupportedFormatError(
            f"expected a JSON object or a compact JWS, got JSON {type(data).__name__}"
        )
    if "payload" in data and ("signatures" in data or "signature" in data):
        return Envelope("jades", data)
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
        name = (suites or _DEFAULT).name_for_proof(p)
        # an unknown proof in a proof set is reported by verify_proofs(); here we only need one we know
        if name is not None:
            names.append(name)
    if not names:
        p = proofs[0]
        what = (p.get("cryptosuite") or p.get("type")) if isinstance(p, dict) else type(p).__name__
        raise UnsupportedFormatError(f"unsupported proof type {what!r}", details={"proof": str(what)})
    fmt = names[0] if len(set(names)) == 1 else "data-integrity"
    return EmbeddedProofs(fmt, data)
